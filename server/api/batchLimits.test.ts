import { describe, expect, it } from "vitest";
import { ANONYMOUS } from "../access/viewer.ts";
import { createRateLimiter } from "../auth/rateLimit.ts";
import { assertTrpcRequestLimits, TRPC_LIMITS, trpcCallCount } from "./batchLimits.ts";
import { admitCompile, COMPILE_RATE } from "./compileRate.ts";

const url = (p: string) => new URL(p, "http://hub.local");

describe("tRPC request limits", () => {
  it("count a batch's calls from its URL", () => {
    expect(trpcCallCount(url("/api/trpc/chain.info"))).toBe(1);
    expect(trpcCallCount(url("/api/trpc/a,b,c?batch=1"))).toBe(3);
    expect(trpcCallCount(url("/api/trpc/a,b,c"))).toBe(1);
  });

  it("refuse more than 10 calls (BAD_REQUEST) and a declared body over 1 MiB (PAYLOAD_TOO_LARGE)", () => {
    const ok = { headers: { "content-length": String(TRPC_LIMITS.maxBodyBytes) } };
    expect(() => assertTrpcRequestLimits(ok, url(`/api/trpc/${Array(10).fill("x").join(",")}?batch=1`))).not.toThrow();
    expect(() => assertTrpcRequestLimits(ok, url(`/api/trpc/${Array(11).fill("x").join(",")}?batch=1`))).toThrow(expect.objectContaining({ code: "BAD_REQUEST", message: expect.stringMatching(/at most 10 calls; this one has 11/) }));
    expect(() => assertTrpcRequestLimits({ headers: { "content-length": String(TRPC_LIMITS.maxBodyBytes + 1) } }, url("/api/trpc/x"))).toThrow(expect.objectContaining({ code: "PAYLOAD_TOO_LARGE" }));
  });
});

describe("compile rate", () => {
  it("allows 20 anonymous compiles a minute per address and 60 per signed-in person, never limits the pages' own server", () => {
    let t = 0;
    const limiter = createRateLimiter({ now: () => t });
    for (let i = 0; i < COMPILE_RATE.anonymousPerMinute; i++) admitCompile(ANONYMOUS, "1.2.3.4", limiter);
    expect(() => admitCompile(ANONYMOUS, "1.2.3.4", limiter)).toThrow(expect.objectContaining({ code: "RATE_LIMITED", message: expect.stringMatching(/^Too many compiles \(at most 20 a minute per address without signing in\); try again in 60 seconds\.$/) }));
    admitCompile(ANONYMOUS, "5.6.7.8", limiter);
    const ann = { kind: "user", userId: "u1", username: "ann", address: "A" } as const;
    for (let i = 0; i < COMPILE_RATE.userPerMinute; i++) admitCompile(ann, "1.2.3.4", limiter);
    expect(() => admitCompile(ann, "9.9.9.9", limiter)).toThrow(/at most 60 a minute per person/);
    for (let i = 0; i < 100; i++) admitCompile(ANONYMOUS, "server", limiter);
    t += 60_001;
    admitCompile(ANONYMOUS, "1.2.3.4", limiter);
  });
});
