/** `aergo tx HASH`: a transaction, its receipt and whether it is pending, sealed or final. */
import { parseInput, positionals, type Command } from "./command.ts";
import { ZTxLookup } from "./hubSchemas.ts";

export const command: Command = {
  usage: `Usage: aergo tx HASH

Shows a transaction by its hash (base58): its fields, its receipt, and its state: "pending"
(answered, not sealed yet), "sealed" (in a block) or "final" (irreversible).

Options:
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the hub's answer as is: { tx, receipt, state }
  --help        this text`,
  options: {},
  async run(args, ctx) {
    const [hash] = parseInput(positionals(["HASH"]), args.positionals, "tx");
    const found = await ctx.hub().get("getTx", { hash: hash! }, ZTxLookup);
    const { tx, receipt } = found;
    const text = [
      `tx      ${tx.hash} (${found.state})`,
      `type    ${tx.type}`,
      `from    ${tx.from} (nonce ${tx.nonce})`,
      `to      ${tx.to ?? "-"}`,
      `amount  ${tx.amount.aergo} AERGO`,
      `status  ${receipt.status}${receipt.error ? ` (${receipt.error.code}: ${receipt.error.message})` : ""}`,
      `fee     ${receipt.fee.aergo} AERGO (${receipt.gasUsed} gas)`,
      `block   ${receipt.blockHeight ?? "pending"}`,
    ].join("\n");
    return { json: found, text };
  },
};
