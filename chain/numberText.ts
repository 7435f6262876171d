/**
 * Numbers as text in messages that reach receipts and logs: "1,000,000". Written out here
 * instead of `toLocaleString("en-US")`, whose output comes from the runtime's ICU data (a
 * runtime built without it prints "1000000", and a receipt's text is hashed into the block)
 * and whose first call took ~13 ms here, in the middle of a call's failure.
 */

/** Groups the whole part of a decimal string by thousands: "500000000.25" → "500,000,000.25". */
export function groupDecimal(text: string): string {
  const [whole = "0", frac] = text.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${frac ? `.${frac}` : ""}`;
}

/** A count or size grouped by thousands, at most three decimals: 1048576 → "1,048,576", 1.5 → "1.5". */
export function formatCount(n: number): string {
  return groupDecimal(String(Number.isInteger(n) ? n : Math.round(n * 1000) / 1000));
}
