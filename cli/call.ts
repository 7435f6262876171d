/** `aergo call CONTRACT PROC --from NAME [--args JSON] [--amount X]`: runs a procedure in a transaction. */
import { z } from "zod";
import { callPayloadBytes } from "../chain/exec/contractPayload.ts";
import { parseInput, positionals, TX_OPTIONS, ZWait, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { checkRoutineArgs, contractGasLimit, parseArgsJson, parseContractAmount, parseWholeNumber } from "./contractInput.ts";
import { CliError } from "./errors.ts";
import { ZContractInfoJSON, ZContractReceiptJSON } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { contractReceiptOutput } from "./receiptOutput.ts";
import { signAndSendFor } from "./signAndSend.ts";

const ZCallFlags = z.object({
  from: z.string({ error: "--from NAME is required" }),
  args: z.string().optional(),
  amount: z.string().optional(),
  gas: z.string().optional(),
  wait: ZWait,
});

export const command: Command = {
  usage: `Usage: aergo call CONTRACT PROCEDURE --from NAME [--args JSON] [--amount AMOUNT] [--gas N]
                  [--wait receipt|block|final]

Runs a contract procedure in a transaction signed by a local key. CONTRACT is an address or a
name recorded by "aergo deploy --name". The procedure and the arguments are checked against the
contract's ABI first, so a typo costs no fee. Prints the receipt: status, return value, events,
gas used and fee. If the contract reverts (a failing REQUIRE, out of gas, ...) the receipt is
printed, its reason goes to stderr and the command exits 1; the fee for the gas used is paid.

Options:
  --from NAME      the calling key: SENDER() in the contract
  --args JSON      the arguments: a JSON array in parameter order ('["Am...", 5]') or an
                   object by name ('{"to": "Am...", "amount": 5}')
  --amount AMOUNT  AERGO sent with the call, AMOUNT() in the contract (a whole number of gaer)
  --gas N          the gas limit (default 5,000,000 + 5 per payload byte); only the gas used
                   is charged, but the balance must cover amount + gas limit × gas price
  --wait WHEN      "receipt" (default), "block" or "final"
  --hub URL        the hub (default $AERGO_HUB or http://localhost:3000)
  --json           print the receipt as JSON
  --help           this text`,
  options: { ...TX_OPTIONS, args: { type: "string" }, amount: { type: "string" }, gas: { type: "string" } },
  async run(args, ctx) {
    const [target, procedure] = parseInput(positionals(["CONTRACT", "PROCEDURE"]), args.positionals, "call");
    const flags = parseInput(ZCallFlags, args.values, "call");
    const callArgs = parseArgsJson(flags.args, "call");
    const amount = parseContractAmount(flags.amount);
    const gas = parseWholeNumber(flags.gas, "gas", "a gas limit (a whole number)", 1);
    const address = await resolveAccount(ctx, target!, "contract", { book: true });

    const contract = await ctx.hub().get("getContract", { address }, ZContractInfoJSON);
    const routine = contract.abi.procedures.find((p) => p.name === procedure);
    if (!routine) {
      if (contract.abi.views.some((v) => v.name === procedure)) throw new CliError(`${procedure} is a view of ${contract.name}: read it with "aergo query ${target} ${procedure}" (no transaction, no fee).`);
      const names = contract.abi.procedures.map((p) => p.name).join(", ") || "none";
      throw new CliError(`${contract.name} at ${address} has no procedure ${procedure} (procedures: ${names}).`);
    }
    await checkRoutineArgs(`${contract.name}.${procedure}`, routine.params, callArgs);

    const payload = callPayloadBytes(procedure!, callArgs);
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    const receipt = await signAndSendFor(ctx.hub(), { type: "call", key, to: address, amount, payload, gasLimit: gas ?? contractGasLimit(payload.length), wait: flags.wait }, ZContractReceiptJSON);
    return contractReceiptOutput(receipt, `call ${contract.name}.${procedure}`);
  },
};
