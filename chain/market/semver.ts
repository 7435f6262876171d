/**
 * Semantic versions (semver.org 2.0.0, without build metadata): a listing's version. Versions are
 * immutable once published, so the order matters only to refuse going backwards and to show
 * "latest"; build metadata is left out because it does not order and would let two listings
 * differ by a suffix alone.
 */
const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-((?:0|[1-9]\d{0,8}|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d{0,8}|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;
export const MAX_VERSION_CHARS = 64;

export type SemVer = { readonly major: number; readonly minor: number; readonly patch: number; readonly pre: readonly string[] };

/** The parsed version, or null when `text` is not MAJOR.MINOR.PATCH[-PRERELEASE]. */
export function parseSemver(text: string): SemVer | null {
  if (typeof text !== "string" || text.length > MAX_VERSION_CHARS) return null;
  const m = SEMVER.exec(text);
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split(".") : [] };
}

function comparePre(a: readonly string[], b: readonly string[]): number {
  // A release ranks above any of its pre-releases.
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return Number(x) < Number(y) ? -1 : 1;
    if (xn !== yn) return xn ? -1 : 1; // numeric identifiers rank below alphanumeric ones
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Negative when a < b, 0 when equal, positive when a > b (semver precedence). */
export function compareSemver(a: SemVer, b: SemVer): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  return comparePre(a.pre, b.pre);
}

/** Sorts version strings newest first (unparseable ones last, as they came). */
export function newestVersionFirst(a: string, b: string): number {
  const x = parseSemver(a);
  const y = parseSemver(b);
  if (!x || !y) return x ? -1 : y ? 1 : 0;
  return compareSemver(y, x);
}
