/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. Signed and
 * hashed texts must be byte-identical wherever they are rebuilt (browser wallet, CLI, hub), and
 * JSON.stringify alone keeps insertion order, which differs between producers of the same object.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    // NaN and ±Infinity would silently become `null`: refuse instead of signing something else.
    if (!Number.isFinite(value)) throw new Error("Canonical JSON cannot hold a non-finite number.");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new Error(`Canonical JSON cannot hold a value of type ${typeof value}.`);
}
