/** `aergo table CONTRACT TABLE [--at HEIGHT] [--limit N] [--offset N]`: a contract table's rows. */
import { z } from "zod";
import { parseInput, positionals, type Command } from "./command.ts";
import { resolveContract } from "./contractBook.ts";
import { parseWholeNumber } from "./contractInput.ts";
import { textTable } from "./contractText.ts";
import { ZContractTableJSON } from "./hubSchemas.ts";

const ZTableFlags = z.object({ at: z.string().optional(), limit: z.string().optional(), offset: z.string().optional() });

export const command: Command = {
  usage: `Usage: aergo table CONTRACT TABLE [--at HEIGHT] [--limit N] [--offset N]

Shows the rows of a contract's table, in primary key order, one page at a time. CONTRACT is an
address or a name recorded by "aergo deploy --name". Without --at: the latest state; with
--at H: the rows right after block H.

Options:
  --at HEIGHT   the rows after block HEIGHT
  --limit N     rows per page (default 50, at most 1000)
  --offset N    rows to skip (default 0)
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer as is: { columns, rows, total, height }
  --help        this text`,
  options: { at: { type: "string" }, limit: { type: "string" }, offset: { type: "string" } },
  async run(args, ctx) {
    const [target, table] = parseInput(positionals(["CONTRACT", "TABLE"]), args.positionals, "table");
    const flags = parseInput(ZTableFlags, args.values, "table");
    const height = parseWholeNumber(flags.at, "at", "a block height (a whole number)");
    const limit = parseWholeNumber(flags.limit, "limit", "a number of rows (1 or more)", 1);
    const offset = parseWholeNumber(flags.offset, "offset", "a number of rows to skip (0 or more)");
    const address = await resolveContract(ctx.home, target!, ctx.repo);
    const page = await ctx.hub().get("getContractTable", { address, table: table!, height: height?.toString(), limit: limit?.toString(), offset: offset?.toString() }, ZContractTableJSON);
    const first = (offset ?? 0) + 1;
    const where = page.height === null ? "latest state" : `after block ${page.height}`;
    const footer = page.rows.length ? `rows ${first}-${first + page.rows.length - 1} of ${page.total} (${where})` : `no rows here: ${page.total} in all (${where})`;
    return { json: page, text: page.rows.length ? `${textTable(page.columns, page.rows)}\n${footer}` : footer };
  },
};
