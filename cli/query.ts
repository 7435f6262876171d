/** `aergo query CONTRACT VIEW [--args JSON] [--at HEIGHT]`: runs a view; no transaction, no fee. */
import { z } from "zod";
import { parseInput, positionals, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { parseArgsJson, parseWholeNumber } from "./contractInput.ts";
import { formatResult } from "./contractText.ts";
import { ZAccountProofJSON, ZChainInfoJSON, ZQueryResultJSON } from "./hubSchemas.ts";
import { CliError } from "./errors.ts";

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
  --proof       check the answer here: the contract account is proven against a header its
                producer signed, the contract's rows against the account's storage root, and
                the view is re-run locally on those rows (latest sealed block, or --at)
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer as is: { result, gasUsed, height }; with --proof:
                { result, height, verified: true }
  --help        this text`,
  options: { args: { type: "string" }, at: { type: "string" }, proof: { type: "boolean" } },
  async run(args, ctx) {
    const [target, view] = parseInput(positionals(["CONTRACT", "VIEW"]), args.positionals, "query");
    const flags = parseInput(ZQueryFlags, args.values, "query");
    const viewArgs = parseArgsJson(flags.args, "query");
    const height = parseWholeNumber(flags.at, "at", "a block height (a whole number)");
    const address = await resolveAccount(ctx, target!, "contract", { book: true });
    if (flags.proof) {
      const ZProof = z.looseObject({ result: z.unknown(), gasUsed: z.number(), height: z.number(), account: ZAccountProofJSON, source: z.string(), snapshot: z.string() });
      const [info, proof] = await Promise.all([
        ctx.hub().get("getChainInfo", {}, ZChainInfoJSON),
        ctx.hub().post("queryContract", { address, view, args: viewArgs, proof: true, ...(height === undefined ? {} : { height }) }, ZProof),
      ]);
      const { verifyContractQuery } = await import("../chain/exec/verifyContractQuery.ts");
      let checked: { result: unknown; height: number };
      try {
        checked = await verifyContractQuery(address, view!, viewArgs, proof as never, info.chainIdHash);
      } catch (e) {
        throw new CliError(`${e instanceof Error ? e.message : String(e)} Do not trust this answer.`);
      }
      return { json: { result: checked.result, height: checked.height, verified: true }, text: `${formatResult(checked.result)}\nverified ✓ re-run on the contract's rows proven against block ${checked.height}` };
    }
    const answer = await ctx.hub().post("queryContract", { address, view, args: viewArgs, ...(height === undefined ? {} : { height }) }, ZQueryResultJSON);
    return { json: answer, text: formatResult(answer.result) };
  },
};
