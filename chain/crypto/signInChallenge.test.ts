import { describe, expect, it } from "vitest";
import { assertChallengeFor, challengeOrigin, signInChallengeText } from "./signInChallenge.ts";

describe("sign-in challenge origin binding", () => {
  const text = signInChallengeText({ hubName: "AERGO Hub", origin: "http://hub.example:3000", nonce: "ab", expiresAt: "2026-01-01T00:00:00.000Z" });

  it("names the origin in the text and lets a signer on that origin sign", () => {
    expect(text.split("\n")).toEqual(["Sign in to AERGO Hub", "URI: http://hub.example:3000", "Nonce: ab", "Expires: 2026-01-01T00:00:00.000Z"]);
    expect(challengeOrigin(text)).toBe("http://hub.example:3000");
    expect(() => assertChallengeFor(text, "http://HUB.example:3000/some/path")).not.toThrow();
  });

  it("refuses a challenge for another origin, another scheme or port, or none", () => {
    for (const site of ["http://evil.example:3000", "https://hub.example:3000", "http://hub.example:3001"]) {
      expect(() => assertChallengeFor(text, site)).toThrow(/refusing to sign it/);
    }
    expect(() => assertChallengeFor(text.replace(/URI: .*\n/, ""), "http://hub.example:3000")).toThrow(/no named hub/);
    expect(() => assertChallengeFor(text.replace("http://hub.example:3000", "not a url"), "http://hub.example:3000")).toThrow(/refusing/);
  });
});
