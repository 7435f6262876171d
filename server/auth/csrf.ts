/**
 * Cross-site request forgery: a browser attaches the session cookie to requests any site makes,
 * so a state-changing request that rides on the cookie must come from our own pages. Browsers
 * always send Origin on cross-site POSTs (and Referer when Origin is missing on older ones), and
 * a page cannot forge either. Requests with a bearer token and no cookie cannot be forged by
 * another site (it cannot read the token), so they pass.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { hasSessionCookie } from "./session.ts";

type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | readonly string[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : (v as string | undefined);
}

function hostOf(url: string | undefined): string | undefined {
  if (!url || url === "null") return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}

/** @throws ChainError FORBIDDEN "cross-site request refused" for a cookie-carrying unsafe request from elsewhere. */
export function assertSameOrigin(method: string, headers: HeaderBag): void {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return;
  if (!hasSessionCookie(header(headers, "cookie"))) return;
  const source = hostOf(header(headers, "origin")) ?? (header(headers, "origin") ? undefined : hostOf(header(headers, "referer")));
  // Behind a reverse proxy the browser's host is in X-Forwarded-Host; a page cannot set that
  // header cross-site without a CORS preflight, which the hub never approves.
  const targets = [header(headers, "host"), header(headers, "x-forwarded-host")?.split(",")[0]]
    .filter((h): h is string => !!h)
    .map((h) => h.trim().toLowerCase());
  if (!source || !targets.includes(source)) {
    throw new ChainError(ErrorCode.Forbidden, "Cross-site request refused: it carries your session cookie but does not come from the hub's own pages.");
  }
}
