/**
 * Who the hub is and who is asking, decided from configuration, never from what a request
 * claims. A relaying site can send any Host or X-Forwarded-* header it likes, so:
 *
 * - The hub's origins are configured: `HUB_PUBLIC_URL` (or Auth.js's `AUTH_URL`) when it is
 *   served under a public name, else the loopback names of the listening port
 *   (http://localhost:PORT, http://127.0.0.1:PORT, http://[::1]:PORT), which only reach this
 *   machine. A sign-in challenge names the origin the request used when that origin is one of
 *   these, else the canonical one, so a wallet on a relaying site always sees a foreign origin
 *   and refuses to sign.
 * - The client's IP is the socket's address, or the last X-Forwarded-For hop that is not one of
 *   the configured trusted proxies (`HUB_TRUSTED_PROXIES`) when the socket is such a proxy.
 */
import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

export type OriginPolicy = {
  /** The origin named when the request's own is not one of ours. */
  readonly canonical: string;
  /** Every origin that reaches this hub. */
  readonly allowed: readonly string[];
  /** The request's origin (from Host) when it is one of `allowed`, else `canonical`. */
  originFor(headers: IncomingHttpHeaders): string;
  /** True when `origin` (an Origin header or URL) is one of ours. */
  isOwn(origin: string | undefined | null): boolean;
};

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", ""]);

/** `http://host:port` normalised (lowercase, no path, default ports dropped), or null. */
export function normalizeOrigin(url: string | undefined | null): string | null {
  if (!url || url === "null") return null;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.origin.toLowerCase();
  } catch {
    return null;
  }
}

const bracket = (host: string) => (isIP(host) === 6 ? `[${host}]` : host);

/**
 * @param publicUrl the configured public URL (HUB_PUBLIC_URL or AUTH_URL), if any.
 * @param listen where the server listens (host as configured, the port it got).
 * @throws Error when publicUrl is not an http(s) URL.
 */
export function createOriginPolicy(publicUrl: string | undefined, listen: { host: string; port: number }): OriginPolicy {
  let allowed: string[];
  if (publicUrl) {
    const o = normalizeOrigin(publicUrl);
    if (!o) throw new Error(`The hub's public URL "${publicUrl}" is not an http(s) URL.`);
    allowed = [o];
  } else {
    const host = listen.host.toLowerCase();
    // A wildcard or loopback listener is reached through every loopback name; a specific
    // address only through itself.
    const names = WILDCARD_HOSTS.has(host) || LOOPBACK_HOSTS.includes(bracket(host)) ? LOOPBACK_HOSTS : [bracket(host)];
    allowed = names.map((h) => normalizeOrigin(`http://${h}:${listen.port}`)!).filter((o, i, all) => all.indexOf(o) === i);
  }
  const set = new Set(allowed);
  const isOwn = (origin: string | undefined | null) => {
    const o = normalizeOrigin(origin);
    return o !== null && set.has(o);
  };
  return Object.freeze({
    canonical: allowed[0]!,
    allowed: Object.freeze(allowed),
    isOwn,
    originFor(headers: IncomingHttpHeaders) {
      const host = typeof headers.host === "string" ? headers.host.trim() : "";
      if (host && /^[a-z0-9.\-[\]:]{1,300}$/i.test(host)) {
        for (const scheme of ["http", "https"]) {
          const o = normalizeOrigin(`${scheme}://${host}`);
          if (o && set.has(o)) return o;
        }
      }
      return allowed[0]!;
    },
  });
}

/** Parses HUB_TRUSTED_PROXIES: comma-separated IP addresses. @throws Error naming a bad entry. */
export function parseTrustedProxies(raw: string | undefined): readonly string[] {
  if (!raw || !raw.trim()) return [];
  return raw.split(",").map((s) => {
    const ip = s.trim();
    if (!isIP(ip)) throw new Error(`HUB_TRUSTED_PROXIES: "${ip}" is not an IP address.`);
    return canonicalIp(ip);
  });
}

/** IPv4-mapped IPv6 (::ffff:1.2.3.4, as Node reports IPv4 on a dual-stack socket) as plain IPv4. */
function canonicalIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return (m ? m[1]! : ip).toLowerCase();
}

/**
 * The client's address: the socket's, unless the socket is a trusted proxy, then the last
 * X-Forwarded-For entry that is not a trusted proxy (the first hop a trusted proxy saw). Entries
 * before it were written by the client and prove nothing.
 */
export function clientIp(socketAddress: string | undefined, headers: IncomingHttpHeaders, trustedProxies: readonly string[]): string {
  const peer = socketAddress ? canonicalIp(socketAddress) : "unknown";
  if (!trustedProxies.length || !trustedProxies.includes(peer)) return peer;
  const raw = headers["x-forwarded-for"];
  const hops = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalIp(hops[i]!);
    if (!isIP(hop)) return peer;
    if (!trustedProxies.includes(hop)) return hop;
  }
  return peer;
}

/** The hub's HTTP-facing settings every door reads (server/main.ts builds it once it listens). */
export type HttpPolicy = { readonly origins: OriginPolicy; readonly trustedProxies: readonly string[] };

/** The client address of a request under `policy` (see clientIp). */
export function clientIpOf(req: { socket: { remoteAddress?: string }; headers: IncomingHttpHeaders }, policy: HttpPolicy): string {
  return clientIp(req.socket.remoteAddress, req.headers, policy.trustedProxies);
}
