/** `aergo query CONTRACT VIEW [--args JSON] [--at HEIGHT]`: runs a view; no transaction, no fee. */
import { z } from "zod";
import { parseInput, positionals, type Command } from "./command.ts";
import { resolveContract } from "./contractBook.ts";
import { parseArgsJson, parseWholeNumber } from "./contractInput.ts";
import { formatResult } from "./contractText.ts";
import { usageError } from "./errors.ts";
import { ZQueryResultJSON } from "./hubSchemas.ts";

const ZQueryFlags = z.object({ args: z.string().optional(), at: z.string().optional(), proof: z.boolean().default(false) });

export const command: Command = {
  usage: `Usage: aergo query CONTRACT VIEW [--args JSON] [--at HEIGHT]

Runs a contract view on the hub: read-only, no transaction, no fee. CONTRACT is an address or a
name recorded by "aergo deploy --name". Without --at: the latest state (including answered,
not yet sealed transactions); with --at H: the contract's state right after block H.
Prints the result: a value, or a table for views that return rows.

Options:
  --args JSON   the view's arguments: a JSON array in parameter order or an object by name
  --at HEIGHT   read the state after block HEIGHT
  --proof       not supported yet (Merkle proofs of the rows a view reads come later)
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer as is: { result, gasUsed, height }
  --help        this text`,
  options: { args: { type: "string" }, at: { type: "string" }, proof: { type: "boolean" } },
  async run(args, ctx) {
    const [target, view] = parseInput(positionals(["CONTRACT", "VIEW"]), args.positionals, "query");
    const flags = parseInput(ZQueryFlags, args.values, "query");
    if (flags.proof) throw usageError("aergo query: --proof is not supported yet: the hub does not serve proofs of the rows a view reads.", "Run the query without --proof (\"aergo balance --proof\" proves account balances).");
    const viewArgs = parseArgsJson(flags.args, "query");
    const height = parseWholeNumber(flags.at, "at", "a block height (a whole number)");
    const address = await resolveContract(ctx.home, target!);
    const answer = await ctx.hub().post("queryContract", { address, view, args: viewArgs, ...(height === undefined ? {} : { height }) }, ZQueryResultJSON);
    return { json: answer, text: formatResult(answer.result) };
  },
};
