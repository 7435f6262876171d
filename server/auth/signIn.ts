/**
 * The two ways in, shared by the browser (Auth.js credentials providers) and the CLI (REST):
 * each is rate limited per (IP, account), per account and per IP before any expensive or
 * stateful check; only failed attempts count (rateLimit.ts `signInRules`).
 */
import { ChainError, ErrorCode, isChainError } from "../../chain/errors.ts";
import type { Person } from "./people.ts";
import type { AuthServices } from "./registry.ts";
import { signInRules, type RateLimiter } from "./rateLimit.ts";

/** Runs one attempt under the sign-in limits: refused up front when full, counted when it fails. */
async function limited(limiter: RateLimiter, ip: string, identity: string, attempt: () => Promise<Person>): Promise<Person> {
  const rules = signInRules(ip, identity);
  limiter.check(rules);
  try {
    const person = await attempt();
    // A success clears this client's failures on this account (not the account's or the IP's).
    limiter.reset(rules[0]!.key);
    return person;
  } catch (e) {
    // Wrong secrets, bad signatures and unknown accounts count; the hub's own failures do not.
    if (!isChainError(e) || e.code !== ErrorCode.Internal) limiter.record(rules);
    throw e;
  }
}

export async function signInWithPassword(s: AuthServices, input: { email: unknown; password: unknown; ip: string }): Promise<Person> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase().slice(0, 254) : "";
  return limited(s.limiter, input.ip, `email:${email}`, () => s.people.verifyPassword(email, typeof input.password === "string" ? input.password : ""));
}

/**
 * Signs in the owner of `address` after checking its signature over a fresh challenge. With a
 * `username`, an address that has no account yet gets one (CLI sign-up with a key); a key that
 * already belongs to another username is refused, so nobody is signed in under a name they did
 * not ask for.
 * @throws UNAUTHENTICATED / BAD_SIGNATURE (challenge), NOT_FOUND (no account and no username),
 * CONFLICT (the key belongs to another username), RATE_LIMITED
 */
export async function signInWithKey(
  s: AuthServices,
  input: { challengeId: unknown; address: unknown; signature: unknown; username?: unknown; ip: string },
): Promise<Person> {
  const address = typeof input.address === "string" ? input.address.trim() : "";
  const asked = input.username === undefined || input.username === null || input.username === "" ? null : String(input.username).trim().toLowerCase();
  return limited(s.limiter, input.ip, `address:${address.slice(0, 80)}`, async () => {
    s.challenges.consume(String(input.challengeId ?? ""), address, String(input.signature ?? ""));
    const person = s.people.byAddress(address);
    if (person) {
      if (asked !== null && asked !== person.username) {
        throw new ChainError(ErrorCode.Conflict, `This key belongs to the account "${person.username}", not "${asked}": sign in without a username, or with "${person.username}".`, {
          field: "username",
        });
      }
      return person;
    }
    if (asked === null) throw new ChainError(ErrorCode.NotFound, "No account uses this key; pass a username to create one.");
    return s.people.signUpWithKey({ username: asked, address });
  });
}
