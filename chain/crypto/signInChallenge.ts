/**
 * The text of a key sign-in challenge, and the check a signer makes before signing it. The text
 * names the hub's origin (`URI: http://host:port`), like Sign-In with Ethereum's domain binding:
 * a wallet or CLI signs only a challenge for the origin it is talking to, so a phishing site that
 * relays our challenge cannot get a signature that signs someone in here.
 * Framework-free and browser-safe: the hub writes the text, the wallet and the CLI check it.
 */
import { ChainError, ErrorCode } from "../errors.ts";

export function signInChallengeText(c: { hubName: string; origin: string | null; nonce: string; expiresAt: string }): string {
  return [`Sign in to ${c.hubName}`, ...(c.origin ? [`URI: ${c.origin}`] : []), `Nonce: ${c.nonce}`, `Expires: ${c.expiresAt}`].join("\n");
}

/** The origin a challenge text names, or null when it names none. */
export function challengeOrigin(text: string): string | null {
  const line = text.split("\n").find((l) => l.startsWith("URI: "));
  return line ? line.slice("URI: ".length).trim() : null;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * @throws ChainError BAD_REQUEST when the challenge is for another origin than `expected` (the
 * hub the signer is talking to), or names none: the signer must not sign it.
 */
export function assertChallengeFor(text: string, expected: string): void {
  const named = challengeOrigin(text);
  const want = originOf(expected);
  if (!named || originOf(named) === null || originOf(named) !== want) {
    throw new ChainError(ErrorCode.BadRequest, `This sign-in challenge is for ${named ?? "no named hub"}, not ${want ?? expected}: refusing to sign it (a site may be relaying another hub's challenge).`);
  }
}
