/** Constructor arguments typed as JSON: an array (by position) or object (by name); empty means none. */
export function parseConstructorArgs(text: string): { ok: true; args: unknown[] | Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, args: [] };
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return { ok: true, args: value };
    if (typeof value === "object" && value !== null) return { ok: true, args: value as Record<string, unknown> };
  } catch {
    return { ok: false, error: "The constructor arguments are not valid JSON: write an array like [\"name\", 10] or an object like {\"supply\": 10}." };
  }
  return { ok: false, error: "The constructor arguments must be a JSON array or object." };
}
