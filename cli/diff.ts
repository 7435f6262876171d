/**
 * `aergo diff A B` / `aergo diff A...B`: the rows and accounts that differ between two chain
 * points, from the hub's /v1/getDiff. Each end is `branch` or `branch@height`; one argument
 * `A...B` is three-dot (what B changed since it left A, git's meaning), `A..B` two-dot.
 */
import { z } from "zod";
import { parseCompareSpec, parseDiffEnd, type CompareSpec } from "../chain/repo/compareSpec.ts";
import { DIFF_LIMIT_MAX } from "../chain/node/diffReport.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { parseWholeNumber } from "./contractInput.ts";
import { CliError } from "./errors.ts";

const usage = `Usage: aergo diff A B | A...B [--table T] [--contract ADDR|NAME] [--limit N] [--json]

Shows what differs between two points of a repository's chain, row by row: each end is a branch
(its latest sealed block) or BRANCH@HEIGHT (the state after that block).

  aergo diff main feature          two-dot: main's state against feature's
  aergo diff main...feature        three-dot: what feature changed since it left main
  aergo diff main@10 main@20       what blocks 11 to 20 of main changed
  aergo diff main...bob/shop-fork:main
                                   what a fork's main changed since it was forked (or last
                                   merged); the second end may be OWNER/NAME:BRANCH of this
                                   repository's fork or origin

Rows: "+" added, "-" removed, "~" changed (each changed cell as old → new). Accounts whose
balance, nonce, stake, votes or code differ are listed after the tables.

  --table T        only this table
  --contract C     only this contract (an address or a name from "aergo deploy --name")
  --limit N        at most N rows (default 1000, at most ${DIFF_LIMIT_MAX}); the output says when it stopped
  --json           the hub's answer: { from, to, base, accounts, tables, unresolvedRows, truncated }`;

const ZEnd = z.object({ repo: z.string().optional(), branch: z.string(), height: z.number(), hash: z.string() });
const ZAmount = z.object({ aer: z.string() }).loose();
const ZAccountSide = z.object({ balance: ZAmount, nonce: z.number(), staked: ZAmount, votes: z.array(z.string()), codeHash: z.string().nullable() }).nullable();
const ZRow = z.object({ kind: z.enum(["added", "removed", "changed"]), key: z.array(z.unknown()), before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()).nullable(), changed: z.array(z.string()) });
const ZDiff = z
  .object({
    from: ZEnd,
    to: ZEnd,
    base: z.object({ height: z.number(), hash: z.string() }).nullable(),
    accounts: z.array(z.object({ address: z.string().nullable(), before: ZAccountSide, after: ZAccountSide })),
    tables: z.array(z.object({ contract: z.string(), contractName: z.string().nullable(), table: z.string(), columns: z.array(z.string()), added: z.number(), removed: z.number(), changed: z.number(), rows: z.array(ZRow) })),
    unresolvedRows: z.number(),
    truncated: z.boolean(),
  })
  .loose();
type Diff = z.infer<typeof ZDiff>;

const cell = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const keyText = (key: readonly unknown[]) => key.map(cell).join(", ");

function rowLine(row: z.infer<typeof ZRow>, columns: readonly string[]): string {
  if (row.kind === "changed") return `  ~ ${keyText(row.key)}  ${row.changed.map((c) => `${c}: ${cell(row.before![c])} → ${cell(row.after![c])}`).join("; ")}`;
  const whole = (row.kind === "added" ? row.after : row.before)!;
  return `  ${row.kind === "added" ? "+" : "-"} ${keyText(row.key)}  ${columns.map((c) => `${c}=${cell(whole[c])}`).join(", ")}`;
}

function accountLine(a: Diff["accounts"][number]): string {
  const address = a.address ?? "(an account written before addresses were kept)";
  if (!a.before) return `  + ${address}  balance ${a.after!.balance.aer} aer, nonce ${a.after!.nonce}`;
  if (!a.after) return `  - ${address}`;
  const parts: string[] = [];
  if (a.before.balance.aer !== a.after.balance.aer) parts.push(`balance ${a.before.balance.aer} → ${a.after.balance.aer} aer`);
  if (a.before.nonce !== a.after.nonce) parts.push(`nonce ${a.before.nonce} → ${a.after.nonce}`);
  if (a.before.staked.aer !== a.after.staked.aer) parts.push(`staked ${a.before.staked.aer} → ${a.after.staked.aer} aer`);
  if (a.before.votes.join() !== a.after.votes.join()) parts.push(`votes ${a.before.votes.length} → ${a.after.votes.length}`);
  if (a.before.codeHash !== a.after.codeHash) parts.push("code changed");
  return `  ~ ${address}  ${parts.join("; ")}`;
}

function diffText(d: Diff, spec: CompareSpec): string {
  const end = (e: Diff["from"]) => `${e.repo ? `${e.repo}:` : ""}${e.branch}@${e.height}`;
  const head = d.base
    ? `What ${end(d.to)} changed since it left ${d.from.branch} (merge base: block ${d.base.height}).`
    : `From ${end(d.from)} to ${end(d.to)}.`;
  const lines = [head];
  if (d.tables.length === 0 && d.accounts.length === 0) lines.push(spec.threeDot ? "No changes." : "No differences.");
  for (const t of d.tables) {
    lines.push("", `${t.contractName ?? "contract"} ${t.contract} ${t.table}: ${t.added} added, ${t.removed} removed, ${t.changed} changed`);
    lines.push(...t.rows.map((r) => rowLine(r, t.columns)));
  }
  if (d.accounts.length) lines.push("", `Accounts: ${d.accounts.length} changed`, ...d.accounts.map(accountLine));
  if (d.unresolvedRows) lines.push("", `${d.unresolvedRows} more rows changed that were written before their keys were kept.`);
  if (d.truncated) lines.push("", "Stopped at the limit: narrow it with --table or --contract, or raise --limit.");
  return lines.join("\n");
}

/** `A B`, `A...B` or `A..B` as two chain points. @throws CliError */
function compareSpecOf(args: readonly string[]): CompareSpec {
  if (args.length === 1) {
    const spec = parseCompareSpec(args[0]!);
    if (!spec) throw new CliError(`"${args[0]!.slice(0, 140)}" is not two chain points: write A...B (three-dot), A..B or A B, each a branch or BRANCH@HEIGHT.`);
    return spec;
  }
  const [from, to] = args.map((a) => {
    const end = parseDiffEnd(a);
    if (!end) throw new CliError(`"${a.slice(0, 80)}" is not a chain point: write a branch name, BRANCH@HEIGHT (e.g. main@12) or OWNER/NAME:BRANCH.`);
    return end;
  }) as [NonNullable<ReturnType<typeof parseDiffEnd>>, NonNullable<ReturnType<typeof parseDiffEnd>>];
  return { from, to, threeDot: false };
}

export const command: Command = {
  usage,
  options: { table: { type: "string" }, contract: { type: "string" }, limit: { type: "string" } },
  async run(args, ctx) {
    const points = parseInput(positionals(["A", "B"], 1, 2), args.positionals, "diff");
    const flags = parseInput(z.object({ table: z.string().min(1).max(128).optional(), contract: z.string().optional(), limit: z.string().optional() }), args.values, "diff");
    const spec = compareSpecOf(points);
    if (spec.from.repo !== undefined && spec.from.repo !== ctx.repo) throw new CliError(`A diff starts from a branch of ${ctx.repo} (--repo); ${spec.from.repo} may be its second end.`);
    const limit = parseWholeNumber(flags.limit, "limit", `a number of rows from 1 to ${DIFF_LIMIT_MAX}`, 1);
    if (limit !== undefined && limit > DIFF_LIMIT_MAX) throw new CliError(`--limit ${limit} is over ${DIFF_LIMIT_MAX}: narrow the diff with --table or --contract instead.`);
    const contract = flags.contract === undefined ? undefined : await resolveAccount(ctx, flags.contract, "contract", { book: true });
    const diff = await ctx.hub().get(
      "getDiff",
      {
        from: spec.from.branch,
        to: spec.to.branch,
        toRepo: spec.to.repo,
        fromHeight: spec.from.height?.toString(),
        toHeight: spec.to.height?.toString(),
        threeDot: spec.threeDot ? "1" : undefined,
        table: flags.table,
        contract,
        limit: limit?.toString(),
      },
      ZDiff,
    );
    return { json: diff, text: diffText(diff, spec) };
  },
};
