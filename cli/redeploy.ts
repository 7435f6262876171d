/** `aergo redeploy FILE --contract CONTRACT --from NAME`: replaces a contract's code, keeping its rows. */
import { z } from "zod";
import { redeployPayloadBytes } from "../chain/exec/contractPayload.ts";
import { parseInput, positionals, TX_OPTIONS, ZWait, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { contractGasLimit, parseWholeNumber } from "./contractInput.ts";
import { compileFile } from "./compileFile.ts";
import { CliError } from "./errors.ts";
import { ZContractInfoJSON, ZContractReceiptJSON } from "./hubSchemas.ts";
import { unlockKey } from "./keyDir.ts";
import { contractReceiptOutput } from "./receiptOutput.ts";
import { signAndSendFor } from "./signAndSend.ts";

const ZRedeployFlags = z.object({
  contract: z.string({ error: "--contract CONTRACT is required" }),
  from: z.string({ error: "--from NAME is required" }),
  gas: z.string().optional(),
  wait: ZWait,
});

export const command: Command = {
  usage: `Usage: aergo redeploy FILE --contract CONTRACT --from NAME [--gas N] [--wait receipt|block|final]

Replaces a deployed contract's code with FILE and keeps its rows. Only the key that deployed the
contract may. FILE is compiled here and checked against the deployed source (fetched from the
hub): without a MIGRATE block only new tables, new columns that are nullable or have a DEFAULT,
and new indexes are allowed; anything else (a dropped, renamed or retyped column, a new primary
key) needs a MIGRATE BEGIN … END; block (docs/aergosql.md, "Upgrades"). Problems are printed as
FILE:LINE:COL: message (exit 1) and nothing is sent. Prints the receipt; a migration that fails
on the contract's rows is a receipt with status error, and nothing changed but the fee.

Options:
  --contract CONTRACT  the contract: an address or a name recorded by "aergo deploy --name"
  --from NAME          the key that deployed it
  --gas N              the gas limit (default 5,000,000 + 5 per payload byte)
  --wait WHEN          "receipt" (default), "block" or "final"
  --hub URL            the hub (default $AERGO_HUB or http://localhost:3000)
  --json               print the receipt as JSON
  --help               this text`,
  options: { ...TX_OPTIONS, contract: { type: "string" }, gas: { type: "string" } },
  async run(args, ctx) {
    const [file] = parseInput(positionals(["FILE"]), args.positionals, "redeploy");
    const flags = parseInput(ZRedeployFlags, args.values, "redeploy");
    const gas = parseWholeNumber(flags.gas, "gas", "a gas limit (a whole number)", 1);
    const { source, abi, warnings } = await compileFile(file!);
    const address = await resolveAccount(ctx, flags.contract, "contract", { book: true });
    const deployed = await ctx.hub().get("getContract", { address }, ZContractInfoJSON);

    // The same upgrade check the hub makes, here, so a refused source costs nothing.
    const { compileContract, checkUpgrade, formatDiagnostic } = await import("../chain/sql/index.ts");
    const before = await compileContract(deployed.source);
    const after = await compileContract(source);
    if (before.ok && after.ok) {
      const plan = await checkUpgrade(before.artifact, after.artifact);
      if (!plan.ok) {
        const lines = plan.diagnostics.map((d) => formatDiagnostic(d, file));
        throw new CliError(`${file} cannot replace ${deployed.name} at ${address} (${plan.diagnostics.length} problem${plan.diagnostics.length === 1 ? "" : "s"}).`, 1, undefined, lines);
      }
    }

    const payload = redeployPayloadBytes(source);
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    const receipt = await signAndSendFor(ctx.hub(), { type: "redeploy", key, to: address, amount: 0n, payload, gasLimit: gas ?? contractGasLimit(payload.length), wait: flags.wait }, ZContractReceiptJSON);
    const output = contractReceiptOutput(receipt, `redeploy ${abi.name}`);
    if (receipt.status !== "success") return { ...output, warnings };
    return { ...output, text: `${abi.name} redeployed at ${address}\n${output.text}`, warnings };
  },
};
