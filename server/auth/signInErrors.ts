/**
 * Why a sign-in failed, as a short code that travels in the URL (Auth.js puts a CredentialsSignin
 * `code` in the redirect's query) and a sentence the form shows. Only known codes map to text,
 * so a crafted link cannot make the sign-in page display words of an attacker's choosing.
 * Pure and browser-safe: the server picks the code, the form turns it back into a sentence.
 */
import { ErrorCode, isChainError } from "../../chain/errors.ts";

export type SignInCode =
  | "invalid_credentials"
  | `rate_limited_${number}`
  | "challenge_expired"
  | "challenge_used"
  | "bad_signature"
  | "no_account"
  | "invalid_input"
  | "server_error";

export function signInCodeOf(error: unknown): SignInCode {
  if (!isChainError(error)) return "server_error";
  switch (error.code) {
    case ErrorCode.Unauthenticated:
      return error.meta.reason === "expired" ? "challenge_expired" : error.meta.reason === "used" ? "challenge_used" : "invalid_credentials";
    case ErrorCode.RateLimited:
      return `rate_limited_${Number(error.meta.retryAfterSeconds) || 60}`;
    case ErrorCode.BadSignature:
      return "bad_signature";
    case ErrorCode.NotFound:
      return "no_account";
    case ErrorCode.BadRequest:
    case ErrorCode.InvalidAddress:
      return "invalid_input";
    default:
      return "server_error";
  }
}

const MESSAGES: Record<string, string> = {
  invalid_credentials: "The email or password is wrong.",
  challenge_expired: "The sign-in challenge expired before it was signed. Try again.",
  challenge_used: "This sign-in challenge was already used. Try again.",
  bad_signature: "The signature does not match your key. Make sure you unlocked the right key.",
  no_account: "No account uses this key. Sign up first, or sign in with your email and password.",
  invalid_input: "Fill in every field correctly and try again.",
  server_error: "Sign-in failed because of a problem on the hub. Try again in a moment.",
  // Auth.js's own codes: a bare CredentialsSignin, or an error in its configuration.
  credentials: "The email or password is wrong.",
  CredentialsSignin: "Sign-in failed. Check what you entered and try again.",
  Configuration: "Sign-in failed because of a problem on the hub. Try again in a moment.",
  AccessDenied: "This account may not sign in.",
};

/** The sentence for a code (or Auth.js error name); a generic one for anything unknown. */
export function signInMessage(code: string | null | undefined): string {
  if (!code) return "Sign-in failed. Try again.";
  const limited = /^rate_limited_(\d{1,6})$/.exec(code);
  if (limited) {
    const s = Number(limited[1]);
    return `Too many sign-in attempts. Try again in ${s} second${s === 1 ? "" : "s"}.`;
  }
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code]! : "Sign-in failed. Try again.";
}
