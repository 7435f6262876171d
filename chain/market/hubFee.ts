/**
 * How a purchase's price splits between the publisher and the treasury. The hub fee itself is a
 * governed chain parameter (`param:hubFeeBps`, chain/governance/params.ts: default 2%, at most 5%).
 */
export { DEFAULT_HUB_FEE_BPS, HUB_FEE_PARAM, MAX_HUB_FEE_BPS, readHubFeeBps } from "../governance/params.ts";

const BPS = 10_000n;

/** The fee rounds down, so the publisher never gets less than their share. */
export function splitPrice(price: bigint, feeBps: number): { fee: bigint; publisher: bigint } {
  const fee = (price * BigInt(feeBps)) / BPS;
  return { fee, publisher: price - fee };
}
