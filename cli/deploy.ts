/** `aergo deploy FILE --from NAME [--args JSON] [--name NAME]`: compiles here, then deploys. */
import { z } from "zod";
import { deployPayloadBytes } from "../chain/exec/contractPayload.ts";
import { parseInput, positionals, TX_OPTIONS, ZWait, type Command } from "./command.ts";
import { checkRoutineArgs, contractGasLimit, parseArgsJson, parseContractAmount, parseWholeNumber } from "./contractInput.ts";
import { compileFile } from "./compileFile.ts";
import { ZContractReceiptJSON } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { checkNameFree, sendNameRegister } from "./nameTx.ts";
import { CliError } from "./errors.ts";
import { contractReceiptOutput } from "./receiptOutput.ts";
import { signAndSendFor } from "./signAndSend.ts";

const ZDeployFlags = z.object({
  from: z.string({ error: "--from NAME is required" }),
  args: z.string().optional(),
  amount: z.string().optional(),
  gas: z.string().optional(),
  name: z.string().optional(),
  wait: ZWait,
});

export const command: Command = {
  usage: `Usage: aergo deploy FILE --from NAME [--args JSON] [--amount AMOUNT] [--gas N] [--name NAME]
                    [--wait receipt|block|final]

Compiles an AergoSQL contract here (problems are printed as FILE:LINE:COL: message, exit 1,
and nothing is sent), then deploys it with a transaction signed by a local key. The constructor
runs with SENDER() = that key. Prints the new contract's address and the receipt.

Options:
  --from NAME      the deploying key (see "aergo keys list")
  --args JSON      the constructor's arguments: a JSON array in parameter order
                   ('["Gold", "GLD", 1000000]') or an object by name ('{"supply": 1000000, ...}')
  --amount AMOUNT  AERGO to send to the contract (a whole number of gaer; default 0)
  --gas N          the gas limit (default 5,000,000 + 5 per payload byte); only the gas used
                   is charged, but the balance must cover amount + gas limit × gas price
  --name NAME      register NAME on the repository's chain for the new contract (a second
                   transaction, signed by the same key, right after the deploy: the key owns
                   the name, which resolves to the contract; it pays the name price). Checked
                   free before anything is sent. See "aergo name".
  --wait WHEN      "receipt" (default), "block" or "final"
  --hub URL        the hub (default $AERGO_HUB or http://localhost:3000)
  --json           print the receipt as JSON (its contractAddress is the contract)
  --help           this text`,
  options: { ...TX_OPTIONS, args: { type: "string" }, amount: { type: "string" }, gas: { type: "string" }, name: { type: "string" } },
  async run(args, ctx) {
    const [file] = parseInput(positionals(["FILE"]), args.positionals, "deploy");
    const flags = parseInput(ZDeployFlags, args.values, "deploy");
    const ctorArgs = parseArgsJson(flags.args, "deploy");
    const amount = parseContractAmount(flags.amount);
    const gas = parseWholeNumber(flags.gas, "gas", "a gas limit (a whole number)", 1);
    if (flags.name !== undefined) await checkNameFree(ctx.hub(), flags.name);
    const { source, abi, warnings } = await compileFile(file!);
    await checkRoutineArgs(`${abi.name}'s constructor`, abi.constructor?.params ?? [], ctorArgs);

    const payload = deployPayloadBytes(source, ctorArgs);
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    const receipt = await signAndSendFor(ctx.hub(), { type: "deploy", key, to: null, amount, payload, gasLimit: gas ?? contractGasLimit(payload.length), wait: flags.wait }, ZContractReceiptJSON);

    const output = contractReceiptOutput(receipt, `deploy ${abi.name}`);
    if (receipt.status !== "success" || !receipt.contractAddress) return { ...output, warnings };
    let text = output.text;
    let json = output.json;
    if (flags.name !== undefined) {
      // The deploy's receipt answered, so the pending state holds the contract and the next nonce.
      const named = await sendNameRegister(ctx.hub(), key, { name: flags.name, destination: receipt.contractAddress, wait: flags.wait }).catch((e: unknown) => {
        // The contract exists whatever happened to its name: say so, so nobody deploys it twice.
        throw new CliError(`${abi.name} deployed at ${receipt.contractAddress}, but registering the name "${flags.name}" failed: ${e instanceof Error ? e.message : String(e)} Register it with "aergo name register ${flags.name} --destination ${receipt.contractAddress} --from ${flags.from}".`);
      });
      json = { ...receipt, name: { name: flags.name, txHash: named.txHash, status: named.status } };
      text += `\nname      ${flags.name} (registered on chain, tx ${named.txHash})`;
    }
    return { ...output, json, text: `${abi.name} deployed at ${receipt.contractAddress}\n${text}`, warnings };
  },
};
