/** `aergo send --from NAME --to ADDRESS|NAME --amount 1.5aergo`: a signed transfer. */
import { z } from "zod";
import { parseAmount } from "../chain/amount.ts";
import { parseInput, positionals, TX_OPTIONS, ZWait, type Command } from "./command.ts";
import { resolveAccount } from "./accountResolver.ts";
import { unlockKey } from "./keyDir.ts";
import { receiptOutput } from "./receiptOutput.ts";
import { signAndSend } from "./signAndSend.ts";

const ZSendFlags = z.object({
  from: z.string({ error: "--from NAME is required" }),
  to: z.string({ error: "--to ADDRESS|NAME is required" }),
  amount: z.string({ error: "--amount is required (e.g. 1.5aergo)" }),
  wait: ZWait,
});

export const command: Command = {
  usage: `Usage: aergo send --from NAME --to ADDRESS|NAME --amount AMOUNT [--wait receipt|block|final]

Transfers AERGO from a local key. The transaction is built and signed here (the private key
never leaves this process); the hub executes it at once and answers with the receipt.
AMOUNT: "1.5aergo", "1.5" (AERGO), "20gaer" or "1000aer".

Options:
  --from NAME        the sending key (see "aergo keys list")
  --to ADDRESS|NAME  the recipient: an address or a local key's name
  --amount AMOUNT    how much
  --wait WHEN        answer at once ("receipt", default), once sealed in a block ("block"),
                     or once irreversible ("final")
  --hub URL          the hub (default $AERGO_HUB or http://localhost:3000)
  --json             print the receipt as JSON
  --help             this text`,
  options: { ...TX_OPTIONS, to: { type: "string" }, amount: { type: "string" } },
  async run(args, ctx) {
    parseInput(positionals([]), args.positionals, "send");
    const flags = parseInput(ZSendFlags, args.values, "send");
    const amount = parseAmount(flags.amount);
    const to = await resolveAccount(ctx, flags.to, "recipient", { keys: true });
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    const receipt = await signAndSend(ctx.hub(), { type: "transfer", key, to, amount, wait: flags.wait });
    return receiptOutput(receipt, `send ${flags.amount} → ${to}`);
  },
};
