/**
 * The hub fee: the share of every purchase that goes to the treasury, in basis points. Governance
 * sets it by writing the state entry `param:hubFeeBps` (decimal); until then it is the default.
 * The issue caps it at 5%, and the chain enforces the cap on every read, so no parameter value
 * can take more than 5% of a sale.
 */
import { utf8String } from "../crypto/hash.ts";

export const HUB_FEE_PARAM = "param:hubFeeBps";
export const DEFAULT_HUB_FEE_BPS = 200;
export const MAX_HUB_FEE_BPS = 500;
const BPS = 10_000n;

export function readHubFeeBps(getEntry: (id: string) => Uint8Array | null): number {
  const bytes = getEntry(HUB_FEE_PARAM);
  if (!bytes) return DEFAULT_HUB_FEE_BPS;
  const n = Number(utf8String(bytes));
  return Number.isInteger(n) && n >= 0 ? Math.min(n, MAX_HUB_FEE_BPS) : DEFAULT_HUB_FEE_BPS;
}

/** How a price splits: the fee rounds down, so the publisher never gets less than their share. */
export function splitPrice(price: bigint, feeBps: number): { fee: bigint; publisher: bigint } {
  const fee = (price * BigInt(feeBps)) / BPS;
  return { fee, publisher: price - fee };
}
