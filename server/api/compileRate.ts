/**
 * contracts.compile runs the chain's compiler (~0.1–0.4 s for a 128 KiB source, on the execution
 * worker's threads, which the hub's long calls share), and anyone may call it, so it is
 * rate-limited: per address for anonymous callers, per person (more generously) for signed-in
 * ones. The browser editor compiles in its own worker and never calls it; the repository page's
 * Deploy panel and scripts do.
 */
import { ChainError, ErrorCode, isChainError } from "../../chain/errors.ts";
import type { Viewer } from "../access/viewer.ts";
import { createRateLimiter, type RateLimiter, type RateRule } from "../auth/rateLimit.ts";

const MINUTE = 60_000;

export const COMPILE_RATE = {
  /** Compiles per minute from one address without a session. */
  anonymousPerMinute: 20,
  /** Compiles per minute by one signed-in person, whatever the address. */
  userPerMinute: 60,
} as const;

export function compileRules(viewer: Viewer, clientIp: string): RateRule[] {
  return viewer.kind === "user"
    ? [{ key: `compile:user:${viewer.username}`, limit: COMPILE_RATE.userPerMinute, windowMs: MINUTE }]
    : [{ key: `compile:ip:${clientIp}`, limit: COMPILE_RATE.anonymousPerMinute, windowMs: MINUTE }];
}

/** The hub process's compile limiter (one hub per process). */
export const compileLimiter: RateLimiter = createRateLimiter();

/**
 * Counts one compile, or refuses it with RATE_LIMITED (TOO_MANY_REQUESTS, HTTP 429). The pages'
 * own server-side calls ("server") are not limited: they are the hub itself.
 * @throws ChainError RATE_LIMITED
 */
export function admitCompile(viewer: Viewer, clientIp: string, limiter: RateLimiter = compileLimiter): void {
  if (clientIp === "server") return;
  try {
    limiter.hit(compileRules(viewer, clientIp));
  } catch (e) {
    if (!isChainError(e) || e.code !== ErrorCode.RateLimited) throw e;
    const seconds = Number(e.meta.retryAfterSeconds ?? 60);
    const allowance = viewer.kind === "user" ? `${COMPILE_RATE.userPerMinute} a minute per person` : `${COMPILE_RATE.anonymousPerMinute} a minute per address without signing in`;
    throw new ChainError(ErrorCode.RateLimited, `Too many compiles (at most ${allowance}); try again in ${seconds} second${seconds === 1 ? "" : "s"}.`, e.meta);
  }
}
