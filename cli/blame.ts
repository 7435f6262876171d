/** `aergo blame CONTRACT TABLE KEY... [--limit N] [--before HEIGHT]`: a row's history on a branch. */
import { z } from "zod";
import { parseInput, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { parseWholeNumber } from "./contractInput.ts";
import { formatCell, textTable } from "./contractText.ts";
import { ZRowHistoryJSON } from "./hubSchemas.ts";

const ZBlameFlags = z.object({ limit: z.string().optional(), before: z.string().optional() });
const ZBlameArgs = z.array(z.string()).min(3, "expects CONTRACT TABLE KEY...").max(66, "expects at most 64 key values");

export const command: Command = {
  usage: `Usage: aergo blame CONTRACT TABLE KEY... [--branch B] [--limit N] [--before HEIGHT]

Shows the versions of one row of a contract table, newest first: the block and the transaction
that wrote each (or "merge" when a merge wrote it without a transaction), what the row became
and which cells changed; then, for each cell of the newest version, the transaction that last
wrote it. KEY is the row's primary-key values in key order (one per key column). The walk back
stops after --limit versions or 5,000 blocks; the footer says how to go on (--before H).

Options:
  --branch B       the branch (default $AERGO_BRANCH or main)
  --limit N        versions (default 20, at most 100)
  --before HEIGHT  only versions written below block HEIGHT (a previous answer's next page)
  --hub URL        the hub (default $AERGO_HUB or http://localhost:3000)
  --json           print the hub's answer: { columns, primaryKey, versions, cells, scan, nextBefore }
  --help           this text`,
  options: { limit: { type: "string" }, before: { type: "string" } },
  async run(args, ctx) {
    const [target, table, ...key] = parseInput(ZBlameArgs, args.positionals, "blame");
    const flags = parseInput(ZBlameFlags, args.values, "blame");
    const limit = parseWholeNumber(flags.limit, "limit", "a number of versions (1 to 100)", 1);
    const before = parseWholeNumber(flags.before, "before", "a block height (1 or more)", 1);
    const address = await resolveAccount(ctx, target!, "contract", { book: true });
    const history = await ctx.hub().get("getRowHistory", { address, table: table!, key: JSON.stringify(key), limit: limit?.toString(), before: before?.toString() }, ZRowHistoryJSON);
    const short = (hash: string | null) => (hash === null ? "merge" : `${hash.slice(0, 12)}…`);
    const rows = history.versions.map((v) => [v.height, short(v.txHash), v.kind, v.changed.join(", "), v.values === null ? "(deleted)" : history.columns.map((c) => `${c}=${formatCell(v.values![c])}`).join(" ")]);
    const cells = Object.entries(history.cells).map(([column, w]) => [column, w === null ? "(older than this page)" : `${short(w.txHash)} at ${w.height}`]);
    const where = `${history.table} ${JSON.stringify(history.key)} on ${history.branch}`;
    const footer = history.nextBefore === null ? `${history.versions.length} version${history.versions.length === 1 ? "" : "s"} of ${where}: the whole history` : `${history.versions.length} versions of ${where} down to block ${history.scan.toHeight}; older: --before ${history.nextBefore}`;
    const text = [rows.length ? textTable(["block", "tx", "kind", "changed", "row"], rows) : `no versions of ${where}`, ...(cells.length ? ["", "last written by:", textTable(["column", "tx"], cells)] : []), footer].join("\n");
    return { json: history, text };
  },
};
