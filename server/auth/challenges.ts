/**
 * One-time sign-in challenges for key sign-in: the hub hands out a text naming itself, a random
 * nonce and an expiry; the person's key signs it (domain "sign-in"); the hub checks the signature
 * once. The text names the hub's origin, and signers check it (chain/crypto/signInChallenge.ts),
 * so a site relaying our challenge gets no signature; the single-use nonce means an observed
 * signature cannot be replayed.
 */
import { randomBytes } from "node:crypto";
import { signInChallengeText } from "../../chain/crypto/signInChallenge.ts";
import { verifyStatement } from "../../chain/crypto/statement.ts";
import { isAddress } from "../../chain/crypto/address.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";

export type Challenge = { readonly id: string; readonly text: string; readonly expiresAt: string };

export type ChallengeStore = {
  /** `origin`: the hub's origin as the client reached it (`http://host:port`), named in the text. */
  issue(origin?: string): Challenge;
  /**
   * Spends the challenge and returns the address whose key signed it.
   * @throws UNAUTHENTICATED (expired, unknown or already used), BAD_SIGNATURE (not signed by `address`).
   */
  consume(id: string, address: string, signatureHex: string): string;
  /** Outstanding (not yet consumed or swept) challenges. */
  size(): number;
};

export type ChallengeOptions = {
  /** Shown in the signed text, e.g. "AERGO Hub at hub.example.com". */
  readonly hubName: string;
  readonly ttlMs?: number;
  /** Memory bound: past this many outstanding challenges the oldest are dropped. */
  readonly maxOutstanding?: number;
  readonly now?: () => number;
};

type Entry = { readonly text: string; readonly expiresAtMs: number };

export const CHALLENGE_TTL_MS = 5 * 60_000;

export function createChallengeStore(options: ChallengeOptions): ChallengeStore {
  const ttl = options.ttlMs ?? CHALLENGE_TTL_MS;
  const max = options.maxOutstanding ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order = issue order, so the first entries are the oldest.
  const open = new Map<string, Entry>();

  // Expired entries are kept one more TTL so a late answer hears "expired", not "unknown".
  function sweep(t: number): void {
    for (const [id, e] of open) {
      if (e.expiresAtMs + ttl > t) break;
      open.delete(id);
    }
  }

  return {
    issue(origin) {
      const t = now();
      sweep(t);
      while (open.size >= max) {
        const oldest = open.keys().next().value;
        if (oldest === undefined) break;
        open.delete(oldest);
      }
      const id = randomBytes(16).toString("hex");
      const nonce = randomBytes(16).toString("hex");
      const expiresAt = new Date(t + ttl).toISOString();
      const text = signInChallengeText({ hubName: options.hubName, origin: origin ?? null, nonce, expiresAt });
      open.set(id, { text, expiresAtMs: t + ttl });
      return Object.freeze({ id, text, expiresAt });
    },
    consume(id, address, signatureHex) {
      const t = now();
      const entry = typeof id === "string" ? open.get(id) : undefined;
      // Spent before checking anything: a failed attempt burns the challenge too, so a guesser
      // gets one try per challenge.
      if (entry) open.delete(id);
      sweep(t);
      if (!entry) throw new ChainError(ErrorCode.Unauthenticated, "This sign-in challenge is unknown or was already used; ask for a new one.", { reason: "used" });
      if (entry.expiresAtMs <= t) throw new ChainError(ErrorCode.Unauthenticated, "The sign-in challenge expired; ask for a new one and sign it sooner.", { reason: "expired" });
      if (!isAddress(address) || typeof signatureHex !== "string" || !verifyStatement(address, "sign-in", entry.text, signatureHex)) {
        throw new ChainError(ErrorCode.BadSignature, "The signature does not match this challenge and address.");
      }
      return address;
    },
    size: () => open.size,
  };
}
