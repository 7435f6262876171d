/**
 * Display formatting shared by the explorer's components: pure functions, safe on the server
 * and in the browser. Amounts arrive as decimal strings (chain/types.ts AmountJSON).
 */
import { formatGaer as formatGaerAmount } from "@/chain/amount";
import { groupDecimal } from "@/chain/numberText";

/** "AmMmjoDg…Jpg4": the head and tail of a long hash or address, for dense lists. */
export function shortHash(value: string, head = 8, tail = 6): string {
  return value.length <= head + tail + 1 ? value : `${value.slice(0, head)}…${value.slice(-tail)}`;
}

/** Groups the whole part of a decimal string by thousands (one rule, chain/numberText.ts). */
export { groupDecimal };

/** A gas price in gaer, grouped (chain/amount.ts formats): "50000000000" aer → "50". */
export const formatGaer = (aer: string): string => groupDecimal(formatGaerAmount(BigInt(aer)));

export function formatInteger(n: number): string {
  return groupDecimal(String(Math.trunc(n)));
}

/** "3 s ago", "4 min ago", "2 h ago", "5 d ago"; "in 2 s" for a clock slightly ahead. */
export function formatTimeAgo(timestamp: number, now: number): string {
  const seconds = Math.round((now - timestamp) / 1000);
  if (seconds < 0) return seconds > -5 ? "just now" : `in ${-seconds} s`;
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/** An absolute time that reads the same everywhere: "2026-11-24 11:30:12.003 UTC". */
export function formatUtc(timestamp: number): string {
  const iso = new Date(timestamp).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}
