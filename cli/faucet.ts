/** `aergo faucet ADDRESS|NAME [AMOUNT]`: free AERGO from the dev network's faucet. */
import { parseAmount } from "../chain/amount.ts";
import { parseInput, positionals, type Command } from "./command.ts";
import { ZReceiptJSON } from "./hubSchemas.ts";
import { resolveAccount } from "./accountResolver.ts";
import { receiptOutput } from "./receiptOutput.ts";

export const command: Command = {
  usage: `Usage: aergo faucet ADDRESS|NAME [AMOUNT]

Sends AERGO from the dev network's faucet (the community allocation) to an address or a local
key. AMOUNT: "1.5aergo", "1.5" (AERGO), "20gaer" or "1000aer"; default 1000 AERGO, at most
100000 AERGO at a time. Dev network only. Prints the receipt.

Options:
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the receipt as JSON
  --help        this text`,
  options: {},
  async run(args, ctx) {
    const [target, amountText] = parseInput(positionals(["ADDRESS|NAME", "AMOUNT"], 1, 2), args.positionals, "faucet");
    const address = await resolveAccount(ctx, target!, "recipient", { keys: true });
    const amount = amountText === undefined ? undefined : parseAmount(amountText);
    const receipt = await ctx.hub().post("faucet", { address, ...(amount === undefined ? {} : { amount: `${amount}aer` }) }, ZReceiptJSON);
    return receiptOutput(receipt, `faucet → ${address}`);
  },
};
