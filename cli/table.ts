/** `aergo table CONTRACT TABLE [--at HEIGHT] [--limit N] [--offset N] [--full]`: a contract table's rows. */
import { z } from "zod";
import { isTruncatedCell } from "../chain/readBounds.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { parseWholeNumber } from "./contractInput.ts";
import { textTable } from "./contractText.ts";
import { ZContractCellJSON, ZContractTableJSON } from "./hubSchemas.ts";

const ZTableFlags = z.object({ at: z.string().optional(), limit: z.string().optional(), offset: z.string().optional(), full: z.boolean().optional() });

export const command: Command = {
  usage: `Usage: aergo table CONTRACT TABLE [--at HEIGHT] [--limit N] [--offset N] [--full]

Shows the rows of a contract's table, in primary key order, one page at a time. CONTRACT is an
address or a name recorded by "aergo deploy --name". Without --at: the latest state; with
--at H: the rows right after block H. A page holds at most 4 MiB, so it may end before --limit
rows; the footer says where the next page starts. The hub shows cells over 4 KiB by their start
and length ("…  [60,000 bytes]"); --full fetches those cells whole.

Options:
  --at HEIGHT   the rows after block HEIGHT
  --limit N     rows per page (default 50, at most 1000)
  --offset N    rows to skip (default 0)
  --full        fetch cells the hub cut (over 4 KiB) whole, one request each
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer: { columns, primaryKey, rows, total, height, nextOffset, truncated }
  --help        this text`,
  options: { at: { type: "string" }, limit: { type: "string" }, offset: { type: "string" }, full: { type: "boolean" } },
  async run(args, ctx) {
    const [target, table] = parseInput(positionals(["CONTRACT", "TABLE"]), args.positionals, "table");
    const flags = parseInput(ZTableFlags, args.values, "table");
    const height = parseWholeNumber(flags.at, "at", "a block height (a whole number)");
    const limit = parseWholeNumber(flags.limit, "limit", "a number of rows (1 or more)", 1);
    const offset = parseWholeNumber(flags.offset, "offset", "a number of rows to skip (0 or more)");
    const address = await resolveAccount(ctx, target!, "contract", { book: true });
    const page = await ctx.hub().get("getContractTable", { address, table: table!, height: height?.toString(), limit: limit?.toString(), offset: offset?.toString() }, ZContractTableJSON);
    if (flags.full) {
      // The same height as the page: with --at, the cell is the one the page showed.
      for (const row of page.rows) {
        const key = JSON.stringify(page.primaryKey.map((k) => row[page.columns.indexOf(k)]));
        for (let i = 0; i < row.length; i++) {
          if (!isTruncatedCell(row[i])) continue;
          const cell = await ctx.hub().get("getContractCell", { address, table: table!, column: page.columns[i]!, key, height: height?.toString() }, ZContractCellJSON);
          row[i] = cell.value;
        }
      }
    }
    const first = (offset ?? 0) + 1;
    const where = page.height === null ? "latest state" : `after block ${page.height}`;
    const next = page.nextOffset === null ? "" : `; ${page.truncated ? "the page stopped at 4 MiB; " : ""}next page: --offset ${page.nextOffset}`;
    const footer = page.rows.length ? `rows ${first}-${first + page.rows.length - 1} of ${page.total} (${where})${next}` : `no rows here: ${page.total} in all (${where})`;
    return { json: page, text: page.rows.length ? `${textTable(page.columns, page.rows)}\n${footer}` : footer };
  },
};
