/** `aergo vote CANDIDATE... --from NAME`: DPoS votes, weighted by the key's whole stake. */
import { z } from "zod";
import { utf8Bytes } from "../chain/crypto/hash.ts";
import { parseInput, positionals, TX_OPTIONS, ZWait, type Command } from "./command.ts";
import { CliError } from "./errors.ts";
import { resolveAccount } from "./accountResolver.ts";
import { unlockKey } from "./keyDir.ts";
import { receiptOutput } from "./receiptOutput.ts";
import { signAndSend } from "./signAndSend.ts";

const ZVoteFlags = z.object({ from: z.string({ error: "--from NAME is required" }), wait: ZWait });

export const command: Command = {
  usage: `Usage: aergo vote CANDIDATE... --from NAME [--wait receipt|block|final]

Votes for block producer candidates (addresses or local key names). A new vote replaces the
key's previous one; each candidate named gets the key's whole stake as votes. The elected set
changes at the next epoch ("aergo chain" shows candidates, producers and the epoch).

Options:
  --from NAME   the voting key; it needs a stake ("aergo stake")
  --wait WHEN   "receipt" (default), "block" or "final"
  --hub URL     the hub (default $AERGO_HUB or http://localhost:3000)
  --json        print the receipt as JSON
  --help        this text`,
  options: TX_OPTIONS,
  async run(args, ctx) {
    const names = parseInput(positionals(["CANDIDATE..."], 1, 101), args.positionals, "vote");
    const flags = parseInput(ZVoteFlags, args.values, "vote");
    const candidates: string[] = [];
    for (const n of names) candidates.push(await resolveAccount(ctx, n, "candidate", { keys: true }));
    if (new Set(candidates).size !== candidates.length) throw new CliError("A candidate is named twice in the vote.");
    const key = await unlockKey(ctx.home, ctx.env, flags.from);
    // The vote's payload: the UTF-8 JSON array of candidate addresses.
    const payload = utf8Bytes(JSON.stringify(candidates));
    const receipt = await signAndSend(ctx.hub(), { type: "vote", key, amount: 0n, payload, wait: flags.wait });
    return receiptOutput(receipt, `vote for ${candidates.length} candidate${candidates.length === 1 ? "" : "s"}`);
  },
};
