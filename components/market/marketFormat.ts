/** Small display helpers of the marketplace's pages. */
import { toAmountJSON } from "@/chain/amount";
import { splitPrice } from "@/chain/market/hubFee";
import type { AmountJSON } from "@/chain/types";

/** A decimal aer string (as the index keeps prices) as an amount the Amount component shows. */
export function aerAmount(aer: string): AmountJSON {
  return toAmountJSON(BigInt(aer));
}

/** How a price splits between the publisher and the hub: the chain's own rule (chain/market/hubFee.ts). */
export function feeSplit(priceAer: string, hubFeeBps: number): { publisher: AmountJSON; fee: AmountJSON } {
  const split = splitPrice(BigInt(priceAer), hubFeeBps);
  return { publisher: toAmountJSON(split.publisher), fee: toAmountJSON(split.fee) };
}

/** "2%" / "2.5%" from basis points. */
export function percentOfBps(bps: number): string {
  return `${(bps / 100).toLocaleString("en", { maximumFractionDigits: 2 })}%`;
}

export const listingHref = (pkg: string, version?: string) => `/market/${encodeURIComponent(pkg)}${version ? `?version=${encodeURIComponent(version)}` : ""}`;
