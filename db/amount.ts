import type { AmountJSON } from "../chain/types.ts";

/** 1 AERGO = 10^18 aer. */
export const AER_DECIMALS = 18;

const UNSIGNED_INTEGER = /^\d+$/;

/**
 * Rebuilds the chain's AmountJSON from an aer amount as the index stores it (numeric(78,0)
 * read as a decimal string): "12500000000000000000" → { aer, aergo: "12.5" }.
 * @throws RangeError when `aer` is not a non-negative integer string.
 */
export function toAmountJSON(aer: string): AmountJSON {
  if (!UNSIGNED_INTEGER.test(aer)) throw new RangeError(`An aer amount must be a non-negative integer string, got "${aer.slice(0, 80)}".`);
  const digits = aer.replace(/^0+(?=\d)/, "");
  const padded = digits.padStart(AER_DECIMALS + 1, "0");
  const whole = padded.slice(0, -AER_DECIMALS);
  const fraction = padded.slice(-AER_DECIMALS).replace(/0+$/, "");
  return { aer: digits, aergo: fraction ? `${whole}.${fraction}` : whole };
}
