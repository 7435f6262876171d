/**
 * Small browser helpers shared by the sign-in and sign-up forms.
 */

/** Where to go after signing in: only a path on this hub, so a crafted link cannot send people elsewhere. */
export function safeCallbackUrl(raw: string | null | undefined, fallback = "/repos"): string {
  if (!raw) return fallback;
  if (raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\")) return raw;
  try {
    // Auth.js passes absolute URLs; keep the path when it is our own origin.
    if (typeof window !== "undefined") {
      const u = new URL(raw);
      if (u.origin === window.location.origin) return `${u.pathname}${u.search}${u.hash}`;
    }
  } catch {
    /* not a URL */
  }
  return fallback;
}

/** POSTs JSON to the hub's REST API; returns the parsed body or throws an Error with the hub's sentence. */
export async function postJson<T>(url: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    throw new Error("The hub could not be reached. Check your connection and try again.");
  }
  const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!res.ok) throw new Error(data?.error?.message ?? `The hub answered ${res.status}. Try again.`);
  return data as T;
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
