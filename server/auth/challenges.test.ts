import { describe, expect, it } from "vitest";
import { createKeyPair } from "../../chain/crypto/keys.ts";
import { signStatement } from "../../chain/crypto/statement.ts";
import { ErrorCode } from "../../chain/errors.ts";
import { createChallengeStore } from "./challenges.ts";

function clock(start = Date.parse("2026-01-01T00:00:00Z")) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe("sign-in challenges", () => {
  it("names the hub, a nonce and the expiry, and accepts the key's signature once", () => {
    const c = clock();
    const store = createChallengeStore({ hubName: "AERGO Hub at hub.test", now: c.now });
    const key = createKeyPair();
    const ch = store.issue();
    expect(ch.text).toContain("AERGO Hub at hub.test");
    expect(ch.text).toMatch(/Nonce: [0-9a-f]{32}/);
    expect(ch.text).toContain(`Expires: ${ch.expiresAt}`);
    expect(Date.parse(ch.expiresAt)).toBe(c.now() + 5 * 60_000);
    expect(store.issue().text).not.toBe(ch.text);
    expect(store.consume(ch.id, key.address, signStatement(key, "sign-in", ch.text))).toBe(key.address);
  });

  it("refuses a replayed signature: a challenge is spent by its first use", () => {
    const store = createChallengeStore({ hubName: "hub" });
    const key = createKeyPair();
    const ch = store.issue();
    const sig = signStatement(key, "sign-in", ch.text);
    store.consume(ch.id, key.address, sig);
    expect(() => store.consume(ch.id, key.address, sig)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthenticated, message: expect.stringMatching(/already used/) }));
    expect(() => store.consume("no-such-id", key.address, sig)).toThrow(expect.objectContaining({ code: ErrorCode.Unauthenticated }));
  });

  it("refuses an expired challenge with a sentence that says so", () => {
    const c = clock();
    const store = createChallengeStore({ hubName: "hub", now: c.now });
    const key = createKeyPair();
    const ch = store.issue();
    c.advance(5 * 60_000 + 1);
    expect(() => store.consume(ch.id, key.address, signStatement(key, "sign-in", ch.text))).toThrow(
      expect.objectContaining({ code: ErrorCode.Unauthenticated, message: expect.stringMatching(/^The sign-in challenge expired/) }),
    );
  });

  it("refuses a forged signature, another key's signature and a signature for another domain, and burns the challenge anyway", () => {
    const store = createChallengeStore({ hubName: "hub" });
    const alice = createKeyPair();
    const mallory = createKeyPair();

    const forged = store.issue();
    expect(() => store.consume(forged.id, alice.address, "00".repeat(64))).toThrow(expect.objectContaining({ code: ErrorCode.BadSignature }));
    // The failed attempt spent it: even the genuine signature cannot use it now.
    expect(() => store.consume(forged.id, alice.address, signStatement(alice, "sign-in", forged.text))).toThrow(expect.objectContaining({ code: ErrorCode.Unauthenticated }));

    const other = store.issue();
    expect(() => store.consume(other.id, alice.address, signStatement(mallory, "sign-in", other.text))).toThrow(expect.objectContaining({ code: ErrorCode.BadSignature }));

    // A directory-entry signature over the same text is not a sign-in.
    const domain = store.issue();
    expect(() => store.consume(domain.id, alice.address, signStatement(alice, "directory", domain.text))).toThrow(expect.objectContaining({ code: ErrorCode.BadSignature }));

    const badAddress = store.issue();
    expect(() => store.consume(badAddress.id, "not-an-address", signStatement(alice, "sign-in", badAddress.text))).toThrow(expect.objectContaining({ code: ErrorCode.BadSignature }));
  });

  it("keeps memory bounded: past the cap the oldest are dropped, and expired ones are swept", () => {
    const c = clock();
    const store = createChallengeStore({ hubName: "hub", now: c.now, maxOutstanding: 3 });
    const key = createKeyPair();
    const first = store.issue();
    for (let i = 0; i < 5; i++) store.issue();
    expect(store.size()).toBe(3);
    expect(() => store.consume(first.id, key.address, signStatement(key, "sign-in", first.text))).toThrow(expect.objectContaining({ code: ErrorCode.Unauthenticated }));
    c.advance(11 * 60_000);
    store.issue();
    expect(store.size()).toBe(1);
  });
});
