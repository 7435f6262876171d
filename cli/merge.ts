/**
 * `aergo merge SOURCE --into TARGET [--preview]`: the automated merge. The preview comes from the
 * hub (/v1/getMergePreview); merging signs a directory entry naming that preview's digest, so the
 * hub merges exactly what was shown or refuses (STALE_PREVIEW) when a branch moved meanwhile.
 */
import { z } from "zod";
import { MAIN_BRANCH, ZBranchName } from "../chain/repo/names.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { applyAction, sessionSigner } from "./repoDirectory.ts";

const usage = `Usage: aergo merge SOURCE --into TARGET [--preview] [--repo OWNER/NAME]

Merges branch SOURCE into TARGET (default main): SOURCE's transactions since the two branches
last shared a block are run again on TARGET, in order. Those that fail there now are left out,
each with a reason: NONCE (the sender's nonce was used on TARGET), FUNDS, CONTRACT_ERROR (the
call worked on SOURCE and fails on TARGET), ALREADY_APPLIED (TARGET holds it). The others join
TARGET's next block. Nothing else changes: balances move only by the replayed transfers.

  --preview     show what the merge would do, change nothing
  --into NAME   the branch to merge into (default main)

The merge is an entry signed by your key ("aergo login --key NAME" first; writers may merge),
recorded in the repository's audit trail. JSON: { base, sourceHead, targetHead, applied,
excluded, digest }.`;

const ZItem = z.object({ txHash: z.string(), from: z.string(), type: z.string(), sourceHeight: z.number(), status: z.string(), reason: z.string().nullable(), message: z.string().nullable() });
const ZPreview = z.object({
  source: z.string(),
  target: z.string(),
  base: z.object({ height: z.number(), hash: z.string() }),
  sourceHead: z.object({ height: z.number(), hash: z.string() }),
  targetHead: z.object({ height: z.number(), hash: z.string() }),
  targetPending: z.number(),
  applied: z.array(ZItem),
  excluded: z.array(ZItem),
  digest: z.string(),
});
type Preview = z.infer<typeof ZPreview>;

function previewText(p: Preview, done: boolean): string {
  const lines = [
    `${done ? "Merged" : "Merging"} ${p.source} (head ${p.sourceHead.height}) into ${p.target} (head ${p.targetHead.height}); they share block ${p.base.height}.`,
    `${p.applied.length} applied${done ? " (in the next block)" : ""}, ${p.excluded.length} excluded.`,
    ...p.applied.map((a) => `  + ${a.txHash}  ${a.type} from ${a.from}${a.status === "error" ? ` (fails as it did on ${p.source}: ${a.message ?? ""})` : ""}`),
    ...p.excluded.map((x) => `  - ${x.txHash}  ${x.reason}: ${x.message ?? ""}`),
  ];
  return lines.join("\n");
}

export const command: Command = {
  usage,
  options: { into: { type: "string" }, preview: { type: "boolean" } },
  async run(args, ctx) {
    const [sourceArg] = parseInput(positionals(["SOURCE"]), args.positionals, "merge");
    const opts = parseInput(z.object({ into: z.string().optional(), preview: z.boolean().optional() }), args.values, "merge");
    const names = [sourceArg, opts.into ?? MAIN_BRANCH].map((n) => {
      const parsed = ZBranchName.safeParse(n);
      if (!parsed.success) throw new CliError(`"${String(n).slice(0, 80)}" is not a branch name: ${parsed.error.issues[0]!.message}.`);
      return parsed.data;
    });
    const [source, target] = names as [string, string];
    const preview = await ctx.hub().get("getMergePreview", { source, target }, ZPreview);
    if (opts.preview) return { json: preview, text: previewText(preview, false) };
    if (preview.applied.length === 0) throw new CliError(`Merging ${source} into ${target} would apply no transaction (${preview.excluded.length} excluded); nothing to do.`);
    const signer = await sessionSigner(ctx);
    await applyAction(ctx, signer, ctx.repo, { kind: "merge", source, target, digest: preview.digest });
    return { json: preview, text: previewText(preview, true) };
  },
};
