/**
 * Headers every answer of the hub carries, pages and API alike: no page of the hub may be framed
 * by another site (clickjacking a "sign" or "deploy" button), browsers must not guess content
 * types, and links out of the hub do not carry its paths.
 *
 * Only `frame-ancestors` is set by CSP: a script policy would have to allow Next's inline
 * bootstrap and Monaco's workers, and is a separate piece of work.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-frame-options": "DENY",
  "content-security-policy": "frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "cross-origin-opener-policy": "same-origin",
});

export function setSecurityHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}
