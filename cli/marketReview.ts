/** `aergo market review PACKAGE@VERSION --rating 1..5 [--text T]`: a buyer's review (a second one edits the first). */
import { z } from "zod";
import { parseInput, positionals, ZWait, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { buildMarketPayload, marketReceiptOutput, marketSigner, requireListingRef, sendMarketTx } from "./marketTx.ts";

const ZReviewFlags = z.object({
  rating: z.string({ error: "--rating 1..5 is required" }).regex(/^[1-5]$/, "--rating is a whole number from 1 to 5"),
  text: z.string().default(""),
  from: z.string().optional(),
  wait: ZWait,
});

export async function reviewListing(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  const [refText] = parseInput(positionals(["PACKAGE@VERSION"]), args.positionals.slice(1), "market review");
  const flags = parseInput(ZReviewFlags, args.values, "market review");
  const ref = requireListingRef(refText!);
  const rating = Number(flags.rating);
  const payload = buildMarketPayload({ op: "review", ...ref, rating, text: flags.text });
  const key = await marketSigner(ctx, flags.from, "review");
  const receipt = await sendMarketTx(ctx.hub(), key, payload, { wait: flags.wait });
  return marketReceiptOutput(receipt, `market review ${ref.package}@${ref.version}`, [`rating    ${"★".repeat(rating)}${"☆".repeat(5 - rating)} (${rating}/5)`, `buyer     ${key.address}`], {
    review: { ...ref, buyer: key.address, rating, text: flags.text },
  });
}
