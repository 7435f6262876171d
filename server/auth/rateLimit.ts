/**
 * Sliding-window rate limits for guessable or costly doors (sign-in, sign-up, the faucet). Each
 * key ("ip:1.2.3.4", "email:x@y") keeps the times of its recent attempts; an attempt is refused
 * when the window already holds `limit` of them. A sliding log, not fixed buckets, so no burst of
 * 2×limit fits across a bucket boundary.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";

export type RateRule = { readonly key: string; readonly limit: number; readonly windowMs: number };

export type RateLimiter = {
  /**
   * Records one attempt against every rule, or none if any rule is already full.
   * @throws ChainError RATE_LIMITED saying how many seconds to wait (meta.retryAfterSeconds).
   */
  hit(rules: readonly RateRule[]): void;
  /** Refuses like hit when a rule is full, but records nothing (for doors that count failures only). */
  check(rules: readonly RateRule[]): void;
  /** Records one attempt against every rule, full or not. */
  record(rules: readonly RateRule[]): void;
  reset(key: string): void;
  /** Keys currently tracked. */
  size(): number;
};

const FIVE_MINUTES = 5 * 60_000;

/**
 * The sign-in rules, counted on failed attempts only (signIn.ts), so people who get their
 * password right never use up anyone's allowance:
 * - one client guessing one account: 10 per 5 minutes per (IP, account);
 * - one account guessed from many addresses: 50 per 5 minutes;
 * - one address guessing many accounts: 100 per 5 minutes. A limit on the address alone would
 *   let one client behind a shared address (an office, a proxy) lock everyone there out, so it
 *   is well above what one person mistypes and only failures count toward it.
 * `identity` is "email:…" or "address:…".
 */
export function signInRules(ip: string, identity: string): RateRule[] {
  return [
    { key: `pair:${ip}|${identity}`, limit: 10, windowMs: FIVE_MINUTES },
    { key: identity, limit: 50, windowMs: FIVE_MINUTES },
    { key: `ip:${ip}`, limit: 100, windowMs: FIVE_MINUTES },
  ];
}

/**
 * Sign-ups one client address may make per hour (HUB_SIGNUPS_PER_IP_HOUR): enough for a household
 * or an office behind one address; a cap on a memory-hard hash per client.
 */
export const DEFAULT_SIGNUPS_PER_IP_HOUR = 10;

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

  function check(rules: readonly RateRule[], t: number): void {
    let waitMs = 0;
    for (const r of rules) {
      const times = recent(r.key, r.windowMs, t);
      if (times.length >= r.limit) waitMs = Math.max(waitMs, times[times.length - r.limit]! + r.windowMs - t);
    }
    if (waitMs > 0) {
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      throw new ChainError(ErrorCode.RateLimited, `Too many attempts; try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, { retryAfterSeconds: seconds });
    }
  }

  function record(rules: readonly RateRule[], t: number): void {
    if (log.size >= maxKeys) prune(t);
    for (const r of rules) {
      const entry = log.get(r.key);
      if (entry) {
        entry.times.push(t);
        entry.windowMs = Math.max(entry.windowMs, r.windowMs);
      } else log.set(r.key, { times: [t], windowMs: r.windowMs });
    }
  }

  return {
    hit(rules) {
      const t = now();
      check(rules, t);
      record(rules, t);
    },
    check: (rules) => check(rules, now()),
    record: (rules) => record(rules, now()),
    reset(key) {
      log.delete(key);
    },
    size: () => log.size,
  };
}
