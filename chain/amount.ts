import { ChainError, ErrorCode } from "./errors.ts";
import type { AmountJSON } from "./types.ts";

/** 1 AERGO = 10^18 aer; 1 gaer = 10^9 aer. */
export const AER_PER_AERGO = 10n ** 18n;
export const AER_PER_GAER = 10n ** 9n;
export const MAX_AMOUNT = (1n << 256n) - 1n;

/** aer as a decimal string of a unit `10^decimals` aer wide, without trailing zeros. */
function formatInUnit(aer: bigint, decimals: number): string {
  const unit = 10n ** BigInt(decimals);
  const neg = aer < 0n;
  const v = neg ? -aer : aer;
  const whole = v / unit;
  const frac = v % unit;
  const fracText = frac === 0n ? "" : "." + frac.toString().padStart(decimals, "0").replace(/0+$/, "");
  return (neg ? "-" : "") + whole.toString() + fracText;
}

/** Formats aer as a decimal AERGO string without trailing zeros: 1500000000000000000n → "1.5". */
export const formatAergo = (aer: bigint): string => formatInUnit(aer, 18);

/** Formats aer in gaer, the unit gas prices read best in (as in Aergo's own tools): 50000000000n → "50". */
export const formatGaer = (aer: bigint): string => formatInUnit(aer, 9);

/** Contracts see native AERGO in gaer (chain/exec/contractTx.ts), so an amount sent to one must be a whole number of gaer. */
export const isWholeGaer = (aer: bigint): boolean => aer % AER_PER_GAER === 0n;

/**
 * Recent amounts' JSON forms, shared and frozen: a block's transactions repeat a few values (one
 * gas price, common amounts), and formatting each anew was most of building a block's JSON.
 */
const amountForms = new Map<bigint, AmountJSON>();
const AMOUNT_FORMS_MAX = 1024;

export function toAmountJSON(aer: bigint): AmountJSON {
  let form = amountForms.get(aer);
  if (form === undefined) {
    form = Object.freeze({ aer: aer.toString(), aergo: formatAergo(aer) });
    if (amountForms.size >= AMOUNT_FORMS_MAX) amountForms.clear();
    amountForms.set(aer, form);
  }
  return form;
}

/**
 * Parses a user's amount: "1.5aergo", "1.5 AERGO", "20gaer", "1000aer", or a bare number meaning
 * AERGO ("1.5").
 * @throws ChainError INVALID_AMOUNT for negative, malformed or too precise amounts.
 * @example parseAmount("1.5aergo") // 1500000000000000000n
 */
export function parseAmount(text: string, defaultUnit: "aergo" | "aer" = "aergo"): bigint {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*(aergo|gaer|aer)?\s*$/i.exec(String(text));
  if (!m) throw new ChainError(ErrorCode.InvalidAmount, `"${String(text).slice(0, 40)}" is not an amount (try 1.5aergo, 20gaer or 1000aer).`);
  const unit = (m[3]?.toLowerCase() ?? defaultUnit) as "aergo" | "gaer" | "aer";
  const scale = unit === "aergo" ? 18 : unit === "gaer" ? 9 : 0;
  const frac = m[2] ?? "";
  if (frac.length > scale) {
    throw new ChainError(ErrorCode.InvalidAmount, `The amount has more decimals than 1 aer allows.`, { text });
  }
  const value = BigInt(m[1]!) * 10n ** BigInt(scale) + (frac ? BigInt(frac.padEnd(scale, "0")) : 0n);
  if (value > MAX_AMOUNT) throw new ChainError(ErrorCode.InvalidAmount, "The amount is too large.", { text });
  return value;
}
