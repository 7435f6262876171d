/**
 * The two ways in, shared by the browser (Auth.js credentials providers) and the CLI (REST):
 * each is rate limited per IP and per identity before any expensive or stateful check.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { Person } from "./people.ts";
import type { AuthServices } from "./registry.ts";
import { signInRules } from "./rateLimit.ts";

export async function signInWithPassword(s: AuthServices, input: { email: unknown; password: unknown; ip: string }): Promise<Person> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase().slice(0, 254) : "";
  s.limiter.hit(signInRules(input.ip, `email:${email}`));
  return s.people.verifyPassword(email, typeof input.password === "string" ? input.password : "");
}

/**
 * Signs in the owner of `address` after checking its signature over a fresh challenge. With a
 * `username`, an address that has no account yet gets one (CLI sign-up with a key).
 * @throws UNAUTHENTICATED / BAD_SIGNATURE (challenge), NOT_FOUND (no account and no username), RATE_LIMITED
 */
export async function signInWithKey(
  s: AuthServices,
  input: { challengeId: unknown; address: unknown; signature: unknown; username?: unknown; ip: string },
): Promise<Person> {
  const address = typeof input.address === "string" ? input.address.trim() : "";
  s.limiter.hit(signInRules(input.ip, `address:${address.slice(0, 80)}`));
  s.challenges.consume(String(input.challengeId ?? ""), address, String(input.signature ?? ""));
  const person = s.people.byAddress(address);
  if (person) return person;
  if (input.username === undefined || input.username === null || input.username === "") {
    throw new ChainError(ErrorCode.NotFound, "No account uses this key; pass a username to create one.");
  }
  return s.people.signUpWithKey({ username: String(input.username), address });
}
