/** The shared shape of `aergo stake` and `aergo unstake`: one amount, one key. */
import { z } from "zod";
import { parseAmount } from "../chain/amount.ts";
import { parseInput, positionals, TX_OPTIONS, ZWait, type Command } from "./command.ts";
import { unlockKey } from "./keyDir.ts";
import { receiptOutput } from "./receiptOutput.ts";
import { signAndSend } from "./signAndSend.ts";

const ZStakeFlags = z.object({ from: z.string({ error: "--from NAME is required" }), wait: ZWait });

export function stakeCommand(type: "stake" | "unstake"): Command {
  const what = type === "stake" ? "Moves AERGO from the key's balance into its stake; the whole stake\nweighs every vote the key casts (see \"aergo vote\")." : "Moves staked AERGO back to the key's balance; with no stake left, its votes are dropped.";
  return {
    usage: `Usage: aergo ${type} AMOUNT --from NAME [--wait receipt|block|final]

${what}
AMOUNT: "1.5aergo", "1.5" (AERGO), "20gaer" or "1000aer".

Options:
  --from NAME   the key (see "aergo keys list")
  --wait WHEN   "receipt" (default), "block" or "final"
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the receipt as JSON
  --help        this text`,
    options: TX_OPTIONS,
    async run(args, ctx) {
      const [amountText] = parseInput(positionals(["AMOUNT"]), args.positionals, type);
      const flags = parseInput(ZStakeFlags, args.values, type);
      const amount = parseAmount(amountText!);
      const key = await unlockKey(ctx.home, ctx.env, flags.from);
      const receipt = await signAndSend(ctx.hub(), { type, key, amount, wait: flags.wait });
      return receiptOutput(receipt, `${type} ${amountText}`);
    },
  };
}
