/** A primary-key value as a URL carries it (`?row=` of the contract page's Tables tab). */
export type RowKeyValue = string | number | boolean | null;

/** The row key a `?row=` parameter names (a JSON array of 1 to 64 primary-key values), or undefined. */
export function parseRowParam(value: string | string[] | undefined): RowKeyValue[] | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text || text.length > 200_000) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 64) return undefined;
    return parsed.every((v) => v === null || ["string", "number", "boolean"].includes(typeof v)) ? (parsed as RowKeyValue[]) : undefined;
  } catch {
    return undefined;
  }
}
