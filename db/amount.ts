import { toAmountJSON as chainAmountJSON } from "../chain/amount.ts";
import type { AmountJSON } from "../chain/types.ts";

const UNSIGNED_INTEGER = /^\d+$/;

/**
 * Rebuilds the chain's AmountJSON from an aer amount as the index stores it (numeric(78,0)
 * read as a decimal string): "12500000000000000000" → { aer, aergo: "12.5" }. The chain's own
 * formatter writes it, so the index and the node never show one amount two ways.
 * @throws RangeError when `aer` is not a non-negative integer string.
 */
export function toAmountJSON(aer: string): AmountJSON {
  if (!UNSIGNED_INTEGER.test(aer)) throw new RangeError(`An aer amount must be a non-negative integer string, got "${aer.slice(0, 80)}".`);
  return chainAmountJSON(BigInt(aer));
}
