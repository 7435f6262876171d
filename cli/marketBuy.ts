/**
 * `aergo market buy PACKAGE@VERSION`: reads the version's price from the root chain and signs a buy
 * with exactly that amount (the chain refuses any other), after asking unless --yes. The receipt's
 * Purchased event says how the price was split; the CLI shows that, not its own arithmetic.
 */
import { z } from "zod";
import { toAmountJSON } from "../chain/amount.ts";
import { parseInput, positionals, ZWait, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { confirmOnTerminal } from "./confirm.ts";
import { buildMarketPayload, fetchListing, marketReceiptOutput, marketSigner, priceSplit, priceSplitText, requireListingRef, sendMarketTx, type PriceSplit } from "./marketTx.ts";

const ZBuyFlags = z.object({ yes: z.boolean().default(false), from: z.string().optional(), wait: ZWait });

const ZPurchasedArgs = z.object({ publisher: z.string(), price: z.string().regex(/^\d+$/), fee: z.string().regex(/^\d+$/) });

export async function buyListing(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  const [refText] = parseInput(positionals(["PACKAGE@VERSION"]), args.positionals.slice(1), "market buy");
  const flags = parseInput(ZBuyFlags, args.values, "market buy");
  const ref = requireListingRef(refText!);
  const payload = buildMarketPayload({ op: "buy", ...ref });
  const hub = ctx.hub();
  const { listing, params } = await fetchListing(hub, ref);
  const quoted = priceSplit(listing.price.aer, params.hubFeeBps);
  const name = `${ref.package}@${ref.version}`;
  if (!flags.yes && quoted.price.aer !== "0") await confirmOnTerminal(`Buy ${name} for ${priceSplitText(quoted)}?`, "--yes");
  const key = await marketSigner(ctx, flags.from, "buy");
  const receipt = await sendMarketTx(hub, key, payload, { amount: BigInt(listing.price.aer), wait: flags.wait });
  // The chain's own split, as executed (a fee parameter changed by governance in between shows here).
  const event = ZPurchasedArgs.safeParse(receipt.events.find((e) => e.name === "Purchased")?.args);
  const paid: PriceSplit = event.success
    ? { price: toAmountJSON(BigInt(event.data.price)), fee: toAmountJSON(BigInt(event.data.fee)), publisher: toAmountJSON(BigInt(event.data.price) - BigInt(event.data.fee)), hubFeeBps: params.hubFeeBps }
    : quoted;
  const publisher = event.success ? event.data.publisher : listing.publisher;
  return marketReceiptOutput(receipt, `market buy ${name}`, [`paid      ${priceSplitText(paid)}`, `publisher ${publisher}`, `buyer     ${key.address}`], {
    purchase: { package: ref.package, version: ref.version, buyer: key.address, publisher, price: paid.price, publisherShare: paid.publisher, fee: paid.fee },
  });
}
