/**
 * `aergo merge SOURCE --into TARGET [--preview] [--mode M] [--resolve …]`: automated or
 * consistent merges. The preview comes from the hub (/v1/getMergePreview); merging signs a
 * directory entry naming that preview's digest (and the resolutions it was computed with), so the
 * hub merges exactly what was shown or refuses (STALE_PREVIEW) when a branch moved meanwhile.
 */
import fs from "node:fs/promises";
import { z } from "zod";
import { ZMergeMode, ZMergeResolutions, type MergeResolution } from "../chain/repo/mergeRequest.ts";
import { parseDiffEnd } from "../chain/repo/compareSpec.ts";
import { MAIN_BRANCH, ZBranchName } from "../chain/repo/names.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { applyAction, sessionSigner } from "./repoDirectory.ts";

const usage = `Usage: aergo merge [OWNER/NAME:]SOURCE --into TARGET [--preview] [--mode automated|consistent]
                   [--resolve [CONTRACT/]TABLE:KEY=ours|theirs|base ...] [--resolutions FILE]
                   [--repo OWNER/NAME]

Merges branch SOURCE into TARGET (default main), in the mode SOURCE was created with (or --mode):

automated   SOURCE's transactions since the two branches last shared a state are run again on
            TARGET, in order. Those that fail there now are left out, each with a reason: NONCE
            (the sender's nonce was used on TARGET), FUNDS, CONTRACT_ERROR (the call worked on
            SOURCE and fails on TARGET), ALREADY_APPLIED. Balances move only by replayed transfers.
consistent  contract rows merge three-way against the merge base: a row SOURCE changed is taken;
            a row both changed follows the table's MERGE POLICY (ADDITIVE, LAST WRITER, FIRST
            WRITER, RESOLVE WITH); what no policy settles is a conflict shown base / ours / theirs,
            and the merge waits until you resolve it. Transfers are replayed as above.

OWNER/NAME:SOURCE is a branch of this repository's fork or origin (a pull request from a fork,
or the origin's updates into a fork): always consistent, since its transactions are signed for
its own chain id; its transfers are listed as not carried (CHAIN_ID). You must be able to read it.
  aergo merge bob/shop-fork:main --into main --repo alice/shop --preview

  --preview               show what the merge would do, change nothing
  --into NAME             the branch to merge into (default main)
  --mode MODE             automated or consistent (default: SOURCE's own)
  --resolve SPEC          settle one conflict: TABLE:KEY=ours|theirs|base, KEY a value or a JSON
                          array (e.g. notes:1=theirs, balances:["Am…"]=ours); CONTRACT/ in front
                          when two contracts have the table
  --resolutions FILE      a JSON array of {contract, table, key, take, row?} (take "row" writes
                          the row you give, every column)

The merge is an entry signed by your key ("aergo login --key NAME" first; writers may merge),
recorded in the repository's audit trail. JSON: the preview { mode, base, applied, excluded,
rows, conflicts, blockers, mergeable, stateRoot, digest }; stateRoot is the target's state root
with the merge (its answered transactions included), before the fees of the block that seals it.`;

const ZItem = z.object({ txHash: z.string(), from: z.string(), type: z.string(), sourceHeight: z.number(), status: z.string(), reason: z.string().nullable(), message: z.string().nullable() });
const ZRowValues = z.record(z.string(), z.unknown()).nullable();
const ZConflict = z.object({ contract: z.string(), contractName: z.string().nullable(), table: z.string(), columns: z.array(z.string()), key: z.array(z.unknown()), base: ZRowValues, ours: ZRowValues, theirs: ZRowValues, cells: z.array(z.string()), message: z.string() });
const ZPreview = z.object({
  mode: ZMergeMode,
  source: z.string(),
  sourceRepo: z.string().optional(),
  target: z.string(),
  base: z.object({ height: z.number(), hash: z.string() }),
  sourceHead: z.object({ height: z.number(), hash: z.string() }),
  targetHead: z.object({ height: z.number(), hash: z.string() }),
  targetPending: z.number(),
  applied: z.array(ZItem),
  excluded: z.array(ZItem),
  rows: z.array(ZConflict.omit({ message: true }).extend({ merged: ZRowValues, how: z.string() })),
  conflicts: z.array(ZConflict),
  blockers: z.array(z.object({ code: z.string(), message: z.string() })),
  mergeable: z.boolean(),
  stateRoot: z.string(),
  digest: z.string(),
});
type Preview = z.infer<typeof ZPreview>;

const cell = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));
const rowText = (r: Record<string, unknown> | null) => (r === null ? "(no row)" : Object.entries(r).map(([k, v]) => `${k}=${cell(v)}`).join(" "));

function previewText(p: Preview, done: boolean): string {
  const replayed = p.applied.filter((a) => a.status !== "state");
  const lines = [
    `${done ? "Merged" : "Merging"} ${p.sourceRepo ? `${p.sourceRepo}:` : ""}${p.source} (head ${p.sourceHead.height}) into ${p.target} (head ${p.targetHead.height}), ${p.mode}; base: block ${p.base.height}.`,
    `${replayed.length} transaction${replayed.length === 1 ? "" : "s"} replayed${done ? " (in the next block)" : ""}, ${p.excluded.length} excluded${p.mode === "consistent" ? `, ${p.rows.length} row${p.rows.length === 1 ? "" : "s"} merged, ${p.conflicts.length} conflict${p.conflicts.length === 1 ? "" : "s"}` : ""}.`,
    ...replayed.map((a) => `  + ${a.txHash}  ${a.type} from ${a.from}${a.status === "error" ? ` (fails as it did on ${p.source}: ${a.message ?? ""})` : ""}`),
    ...p.excluded.map((x) => `  - ${x.txHash}  ${x.reason}: ${x.message ?? ""}`),
    ...p.rows.map((r) => `  ${r.merged === null ? "-" : r.ours === null ? "+" : "~"} ${r.table} ${cell(r.key)}  ${rowText(r.merged)}  (${r.how}${r.cells.length ? `: ${r.cells.join(", ")}` : ""})`),
    ...p.conflicts.flatMap((c) => [
      `  ! ${c.contractName ?? c.contract} ${c.table} ${cell(c.key)}: ${c.message}`,
      ...c.cells.map((col) => `      ${col}: base ${cell(c.base?.[col])}  ours ${cell(c.ours?.[col])}  theirs ${cell(c.theirs?.[col])}`),
      `      settle with --resolve ${c.table}:${cell(c.key.length === 1 ? c.key[0] : c.key)}=ours|theirs|base`,
    ]),
    ...p.blockers.map((b) => `  ✗ ${b.code}: ${b.message}`),
    `State root of ${p.target} ${done ? "after" : "with"} the merge (before the sealing block's fees): ${p.stateRoot}`,
  ];
  return lines.join("\n");
}

/** `[CONTRACT/]TABLE:KEY=CHOICE` as a resolution of one of the preview's conflicts. */
function parseResolve(spec: string, conflicts: Preview["conflicts"]): MergeResolution {
  const m = /^(?:([^/:=]+)\/)?([^/:=]+):(.+)=(ours|theirs|base)$/.exec(spec);
  if (!m) throw new CliError(`--resolve "${spec.slice(0, 80)}" is not [CONTRACT/]TABLE:KEY=ours|theirs|base.`);
  const [, contract, table, keyText, take] = m as unknown as [string, string | undefined, string, string, "ours" | "theirs" | "base"];
  let key: unknown;
  try {
    key = JSON.parse(keyText);
  } catch {
    key = keyText;
  }
  const keyList = Array.isArray(key) ? key : [key];
  const same = (a: unknown[], b: unknown[]) => JSON.stringify(a.map(String)) === JSON.stringify(b.map(String));
  const found = conflicts.filter((c) => c.table.toLowerCase() === table.toLowerCase() && same(c.key, keyList) && (!contract || c.contract === contract || c.contractName === contract));
  if (found.length === 0) throw new CliError(`--resolve ${spec.slice(0, 80)}: there is no such conflict in this merge${conflicts.length ? ` (conflicts: ${conflicts.map((c) => `${c.table}:${cell(c.key)}`).join(", ")})` : ""}.`);
  if (found.length > 1) throw new CliError(`--resolve ${spec.slice(0, 80)}: ${table} is in several contracts; put CONTRACT/ in front.`);
  return { contract: found[0]!.contract, table: found[0]!.table, key: found[0]!.key as MergeResolution["key"], take };
}

export const command: Command = {
  usage,
  options: { into: { type: "string" }, preview: { type: "boolean" }, mode: { type: "string" }, resolve: { type: "string", multiple: true }, resolutions: { type: "string" } },
  async run(args, ctx) {
    const [sourceArg] = parseInput(positionals(["SOURCE"]), args.positionals, "merge");
    const opts = parseInput(
      z.object({ into: z.string().optional(), preview: z.boolean().optional(), mode: ZMergeMode.optional(), resolve: z.array(z.string()).optional(), resolutions: z.string().optional() }),
      args.values,
      "merge",
    );
    // OWNER/NAME:BRANCH: a branch of the fork or the origin.
    const end = sourceArg!.includes(":") ? parseDiffEnd(sourceArg!) : null;
    if (sourceArg!.includes(":") && (!end || end.height !== undefined)) throw new CliError(`"${sourceArg!.slice(0, 80)}" is not a branch of another repository: write OWNER/NAME:BRANCH.`);
    const sourceRepo = end?.repo === ctx.repo ? undefined : end?.repo;
    const names = [end?.branch ?? sourceArg, opts.into ?? MAIN_BRANCH].map((n) => {
      const parsed = ZBranchName.safeParse(n);
      if (!parsed.success) throw new CliError(`"${String(n).slice(0, 80)}" is not a branch name: ${parsed.error.issues[0]!.message}.`);
      return parsed.data;
    });
    const [source, target] = names as [string, string];
    const query = (resolutions: readonly MergeResolution[]) => ({ source, ...(sourceRepo ? { sourceRepo } : {}), target, ...(opts.mode ? { mode: opts.mode } : {}), ...(resolutions.length ? { resolutions: JSON.stringify(resolutions) } : {}) });
    const fromFile = opts.resolutions ? await readResolutions(opts.resolutions) : [];
    let preview = await ctx.hub().get("getMergePreview", query(fromFile), ZPreview);
    const resolutions = [...fromFile, ...(opts.resolve ?? []).map((spec) => parseResolve(spec, preview.conflicts))];
    if (resolutions.length > fromFile.length) preview = await ctx.hub().get("getMergePreview", query(resolutions), ZPreview);
    if (opts.preview) return { json: preview, text: previewText(preview, false) };
    if (!preview.mergeable) {
      throw new CliError(`${previewText(preview, false)}\n\n${source} cannot be merged into ${target} yet: ${preview.blockers[0]?.message ?? `resolve the ${preview.conflicts.length} conflict${preview.conflicts.length === 1 ? "" : "s"} (--resolve)`}.`);
    }
    if (preview.applied.filter((a) => a.status !== "state").length === 0 && preview.rows.length === 0) {
      throw new CliError(`Merging ${source} into ${target} would change nothing (${preview.excluded.length} excluded).`);
    }
    const signer = await sessionSigner(ctx);
    await applyAction(ctx, signer, ctx.repo, { kind: "merge", source, ...(sourceRepo ? { sourceRepo } : {}), target, digest: preview.digest, ...(opts.mode ? { mode: opts.mode } : {}), ...(resolutions.length ? { resolutions } : {}) });
    return { json: preview, text: previewText(preview, true) };
  },
};

async function readResolutions(file: string): Promise<MergeResolution[]> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (e) {
    throw new CliError(`--resolutions ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = ZMergeResolutions.safeParse(json);
  if (!parsed.success) throw new CliError(`--resolutions ${file}: ${parsed.error.issues[0]!.message} (at ${parsed.error.issues[0]!.path.join(".") || "the top"}).`);
  return parsed.data;
}
