import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../chain/errors.ts";
import { createRateLimiter, signInRules } from "./rateLimit.ts";

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("rate limiter", () => {
  it("allows 10 sign-ins per email in 5 minutes, then says how many seconds to wait", () => {
    const c = clock();
    const limiter = createRateLimiter({ now: c.now });
    for (let i = 0; i < 10; i++) {
      limiter.hit(signInRules("1.2.3.4", "email:a@x"));
      c.advance(1000);
    }
    let error: unknown;
    try {
      limiter.hit(signInRules("1.2.3.4", "email:a@x"));
    } catch (e) {
      error = e;
    }
    // The first attempt (10 s ago) leaves the window in 290 s.
    expect(error).toMatchObject({ code: ErrorCode.RateLimited, meta: { retryAfterSeconds: 290 }, message: "Too many attempts; try again in 290 seconds." });
    // Another email from the same IP is still fine: the limits are per key.
    limiter.hit(signInRules("1.2.3.4", "email:b@x"));
  });

  it("slides: once the oldest attempt leaves the window, one more fits", () => {
    const c = clock();
    const limiter = createRateLimiter({ now: c.now });
    const rule = [{ key: "k", limit: 2, windowMs: 10_000 }];
    limiter.hit(rule);
    c.advance(6_000);
    limiter.hit(rule);
    c.advance(3_999);
    expect(() => limiter.hit(rule)).toThrow(expect.objectContaining({ meta: { retryAfterSeconds: 1 } }));
    c.advance(1);
    limiter.hit(rule);
    expect(() => limiter.hit(rule)).toThrow(expect.objectContaining({ code: ErrorCode.RateLimited }));
  });

  it("limits per (IP, account), per account and per IP separately: one client's guesses at one account leave the others at that address alone", () => {
    const c = clock();
    const limiter = createRateLimiter({ now: c.now });
    for (let i = 0; i < 10; i++) limiter.hit(signInRules("9.9.9.9", "email:a@x"));
    expect(() => limiter.hit(signInRules("9.9.9.9", "email:a@x"))).toThrow(expect.objectContaining({ code: ErrorCode.RateLimited }));
    // Someone else behind the same address signs in to their own account.
    limiter.hit(signInRules("9.9.9.9", "email:b@x"));
    // The owner of a@x elsewhere is not locked out by one client's guesses.
    limiter.hit(signInRules("10.0.0.1", "email:a@x"));
  });

  it("caps one account at 50 attempts across addresses, and one address at 100 across accounts; a refused attempt counts for nobody", () => {
    const c = clock();
    const limiter = createRateLimiter({ now: c.now });
    for (let i = 0; i < 50; i++) limiter.hit(signInRules(`10.0.${i}.1`, "email:target@x"));
    expect(() => limiter.hit(signInRules("10.9.9.9", "email:target@x"))).toThrow(expect.objectContaining({ code: ErrorCode.RateLimited }));
    for (let i = 0; i < 100; i++) limiter.hit(signInRules("9.9.9.9", `email:user${i}@x`));
    expect(() => limiter.hit(signInRules("9.9.9.9", "email:fresh@x"))).toThrow(expect.objectContaining({ code: ErrorCode.RateLimited }));
    // The refused attempt was not recorded against the email it named.
    for (let i = 0; i < 10; i++) limiter.hit(signInRules("10.1.1.1", "email:fresh@x"));
    c.advance(5 * 60_000);
    limiter.hit(signInRules("9.9.9.9", "email:fresh@x"));
  });

  it("check refuses without recording; record counts even past the limit", () => {
    const limiter = createRateLimiter();
    const rule = [{ key: "k", limit: 2, windowMs: 60_000 }];
    for (let i = 0; i < 5; i++) limiter.check(rule);
    limiter.record(rule);
    limiter.record(rule);
    expect(() => limiter.check(rule)).toThrow(expect.objectContaining({ code: ErrorCode.RateLimited }));
    limiter.record(rule);
    limiter.reset("k");
    limiter.check(rule);
  });

  it("keeps memory bounded by dropping empty and then oldest keys", () => {
    const c = clock();
    const limiter = createRateLimiter({ now: c.now, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.hit([{ key: `k${i}`, limit: 1, windowMs: 1000 }]);
    expect(limiter.size()).toBeLessThanOrEqual(100);
  });
});
