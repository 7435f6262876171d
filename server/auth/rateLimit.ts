/**
 * Sliding-window rate limits for guessable doors (sign-in, sign-up). Each key ("ip:1.2.3.4",
 * "email:x@y") keeps the times of its recent attempts; an attempt is refused when the window
 * already holds `limit` of them. A sliding log, not fixed buckets, so no burst of 2×limit fits
 * across a bucket boundary.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";

export type RateRule = { readonly key: string; readonly limit: number; readonly windowMs: number };

export type RateLimiter = {
  /**
   * Records one attempt against every rule, or none if any rule is already full.
   * @throws ChainError RATE_LIMITED saying how many seconds to wait (meta.retryAfterSeconds).
   */
  hit(rules: readonly RateRule[]): void;
  reset(key: string): void;
  /** Keys currently tracked. */
  size(): number;
};

const FIVE_MINUTES = 5 * 60_000;

/** The sign-in rules: 10 per 5 minutes per email or address, 30 per 5 minutes per IP. */
export function signInRules(ip: string, identity: string): RateRule[] {
  return [
    { key: `ip:${ip}`, limit: 30, windowMs: FIVE_MINUTES },
    { key: identity, limit: 10, windowMs: FIVE_MINUTES },
  ];
}

export function createRateLimiter(options: { now?: () => number; maxKeys?: number } = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 100_000;
  const log = new Map<string, { times: number[]; windowMs: number }>();

  const recent = (key: string, windowMs: number, t: number): number[] => {
    const entry = log.get(key);
    if (!entry) return [];
    while (entry.times.length && entry.times[0]! <= t - windowMs) entry.times.shift();
    if (!entry.times.length) log.delete(key);
    return entry.times;
  };

  // Bounded memory: drop keys whose windows are empty; if still too many, drop the oldest keys.
  function prune(t: number): void {
    for (const [key, e] of log) recent(key, e.windowMs, t);
    for (const key of log.keys()) {
      if (log.size < maxKeys) break;
      log.delete(key);
    }
  }

  return {
    hit(rules) {
      const t = now();
      let waitMs = 0;
      for (const r of rules) {
        const times = recent(r.key, r.windowMs, t);
        if (times.length >= r.limit) waitMs = Math.max(waitMs, times[times.length - r.limit]! + r.windowMs - t);
      }
      if (waitMs > 0) {
        const seconds = Math.max(1, Math.ceil(waitMs / 1000));
        throw new ChainError(ErrorCode.RateLimited, `Too many attempts; try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, { retryAfterSeconds: seconds });
      }
      if (log.size >= maxKeys) prune(t);
      for (const r of rules) {
        const entry = log.get(r.key);
        if (entry) {
          entry.times.push(t);
          entry.windowMs = Math.max(entry.windowMs, r.windowMs);
        } else log.set(r.key, { times: [t], windowMs: r.windowMs });
      }
    },
    reset(key) {
      log.delete(key);
    },
    size: () => log.size,
  };
}
