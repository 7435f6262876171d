/**
 * The password policy, pure and browser-safe: the server enforces it at sign-up, and the sign-up
 * form runs the same check first, so a weak password is refused before the browser creates and
 * encrypts a wallet key with it.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { COMMON_PASSWORDS } from "./commonPasswords.ts";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

const refuse = (sentence: string): never => {
  throw new ChainError(ErrorCode.BadRequest, sentence);
};

/** "abcdefghij", "9876543210": every step the same. */
function isSequence(chars: readonly string[]): boolean {
  if (chars.length < 3) return false;
  const step = chars[1]!.codePointAt(0)! - chars[0]!.codePointAt(0)!;
  if (Math.abs(step) !== 1) return false;
  return chars.every((c, i) => i === 0 || c.codePointAt(0)! - chars[i - 1]!.codePointAt(0)! === step);
}

/**
 * Refuses passwords that are easy to guess.
 * @throws ChainError BAD_REQUEST with one sentence that says what to change.
 */
export function checkPasswordPolicy(password: string, context: { username?: string; email?: string } = {}): void {
  if (typeof password !== "string") refuse("The password must be text.");
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) refuse(`The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`);
  if (chars.length > PASSWORD_MAX_LENGTH) refuse(`The password must be at most ${PASSWORD_MAX_LENGTH} characters long.`);
  const lower = password.toLowerCase();
  // The word under the decoration people add to satisfy rules: "2024Password123!" -> "password".
  const core = lower.replace(/^[0-9]+/, "").replace(/[^\p{L}]+$/u, "");
  if (COMMON_PASSWORDS.has(lower) || (core.length >= 4 && COMMON_PASSWORDS.has(core))) {
    refuse("This password is one of the most common passwords and would be guessed first; choose another.");
  }
  if (new Set(chars.map((c) => c.toLowerCase())).size < 5) refuse("The password repeats too few different characters; use at least 5 different ones.");
  if (isSequence(chars.map((c) => c.toLowerCase()))) refuse("The password is a simple sequence of characters; choose another.");
  const username = context.username?.trim().toLowerCase();
  // A 1–2 letter username would forbid half the alphabet; it also adds little to guess.
  if (username && username.length >= 3 && lower.includes(username)) refuse("The password must not contain your username.");
  const local = context.email?.trim().toLowerCase().split("@")[0];
  if (local && local.length >= 3 && lower.includes(local)) refuse("The password must not contain your email address.");
}
