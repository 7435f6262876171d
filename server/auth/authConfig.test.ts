/**
 * The real Auth.js request cycle (CSRF token, credentials callback, session cookie) run through
 * our config in-process: proves the cookie Auth.js sets is what viewerFromRequest reads, and that
 * a failed sign-in reaches the form as a code it can put into words.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// next-auth's handlers are this engine plus Next's request plumbing (which only loads inside
// Next's bundler); calling the engine with our config exercises the same providers and callbacks.
import { Auth } from "@auth/core";
import { createKeyPair } from "../../chain/crypto/keys.ts";
import { signStatement } from "../../chain/crypto/statement.ts";
import { authConfig } from "./authConfig.ts";
import { startAuth, type RunningAuth } from "./services.ts";
import { viewerFromRequest } from "./session.ts";
import { signInMessage } from "./signInErrors.ts";

const BASE = "http://hub.test";
const PW = "tangerine-orbit-47-lantern";
let dir: string;
let auth: RunningAuth;
const savedSecret = process.env.AUTH_SECRET;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aergo-authjs-"));
  delete process.env.AUTH_SECRET;
  auth = startAuth({ dataDir: dir, hubName: "AERGO Hub at hub.test" });
});
afterAll(async () => {
  await auth.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = savedSecret;
});

const handle = (req: Request) => Auth(req, { ...authConfig(), basePath: "/api/auth", secret: process.env.AUTH_SECRET! });
const handlers = { GET: handle, POST: handle };
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]!);

/** What next-auth/react's signIn(provider, { redirect: false }) does. */
async function signIn(provider: string, fields: Record<string, string>, ip = "10.0.0.1") {
  const csrfRes = await handlers.GET(new Request(`${BASE}/api/auth/csrf`));
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await handlers.POST(
    new Request(`${BASE}/api/auth/callback/${provider}`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-auth-return-redirect": "1",
        "x-forwarded-for": ip,
        cookie: cookiesOf(csrfRes).join("; "),
      },
      body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: `${BASE}/repos` }),
    }),
  );
  const { url } = (await res.json()) as { url: string };
  const u = new URL(url);
  return { url, error: u.searchParams.get("error"), code: u.searchParams.get("code"), cookie: cookiesOf(res).find((c) => c.startsWith("authjs.session-token=")) };
}

describe("Auth.js sign-in with our providers", () => {
  it("signs in with email + password; the session cookie it sets is read by viewerFromRequest and /api/auth/session", async () => {
    const address = createKeyPair().address;
    const alice = await auth.people.signUpWithPassword({ username: "alice", email: "alice@example.com", password: PW, address });
    const r = await signIn("password", { email: "Alice@example.com", password: PW });
    expect(r.error).toBeNull();
    expect(r.url).toBe(`${BASE}/repos`);
    expect(r.cookie).toBeDefined();
    expect(await viewerFromRequest({ cookie: r.cookie })).toEqual({ kind: "user", userId: alice.id, username: "alice", address });

    const session = await (await handlers.GET(new Request(`${BASE}/api/auth/session`, { headers: { cookie: r.cookie! } }))).json();
    expect(session.user).toMatchObject({ id: alice.id, username: "alice", address });
  });

  it("reports a wrong password as a code the form turns into a sentence, with no cookie", async () => {
    const r = await signIn("password", { email: "alice@example.com", password: "not-the-password-1" });
    expect(r.error).toBe("CredentialsSignin");
    expect(r.code).toBe("invalid_credentials");
    expect(r.cookie).toBeUndefined();
    expect(signInMessage(r.code)).toBe("The email or password is wrong.");
  });

  it("signs in with a signed challenge; a replay and an unknown key are refused with their own messages", async () => {
    const key = createKeyPair();
    const bob = await auth.people.signUpWithKey({ username: "bob", address: key.address });
    const ch = auth.challenges.issue();
    const fields = { challengeId: ch.id, address: key.address, signature: signStatement(key, "sign-in", ch.text) };
    const r = await signIn("aergo-key", fields, "10.0.0.2");
    expect(r.error).toBeNull();
    expect(await viewerFromRequest({ cookie: r.cookie })).toMatchObject({ kind: "user", userId: bob.id, username: "bob" });

    const replay = await signIn("aergo-key", fields, "10.0.0.2");
    expect(replay.code).toBe("challenge_used");
    expect(signInMessage(replay.code)).toMatch(/already used/);

    const stranger = createKeyPair();
    const ch2 = auth.challenges.issue();
    const unknown = await signIn("aergo-key", { challengeId: ch2.id, address: stranger.address, signature: signStatement(stranger, "sign-in", ch2.text) }, "10.0.0.2");
    expect(unknown.code).toBe("no_account");
    expect(auth.people.byAddress(stranger.address)).toBeUndefined();
  });

  it("rate limits one client's guesses at an email and tells the form how long to wait", async () => {
    for (let i = 0; i < 10; i++) {
      const r = await signIn("password", { email: "victim@example.com", password: `guess-number-${i}x` }, "10.1.0.1");
      expect(r.code).toBe("invalid_credentials");
    }
    const r = await signIn("password", { email: "victim@example.com", password: "guess-number-final" }, "10.1.0.1");
    expect(r.code).toMatch(/^rate_limited_\d+$/);
    expect(signInMessage(r.code)).toMatch(/^Too many sign-in attempts\. Try again in \d+ seconds\.$/);
  });

  it("never puts an attacker's words on the page: unknown codes read as a generic sentence", () => {
    expect(signInMessage("Your account is locked, call +1-555-0100")).toBe("Sign-in failed. Try again.");
  });
});

describe("Auth.js session of a deleted account", () => {
  it("is cleared on the next session read", async () => {
    const key = createKeyPair();
    const gone = await auth.people.signUpWithKey({ username: "gone", address: key.address });
    const ch = auth.challenges.issue();
    const r = await signIn("aergo-key", { challengeId: ch.id, address: key.address, signature: signStatement(key, "sign-in", ch.text) }, "10.2.0.1");
    expect(r.cookie).toBeDefined();
    auth.people.remove(gone.id);
    const res = await handlers.GET(new Request(`${BASE}/api/auth/session`, { headers: { cookie: r.cookie! } }));
    expect(await res.json()).toBeNull();
    expect(res.headers.getSetCookie().some((c) => /^authjs\.session-token=;/.test(c) || /authjs\.session-token=.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i.test(c))).toBe(true);
    expect(await viewerFromRequest({ cookie: r.cookie })).toEqual({ kind: "anonymous" });
  });
});
