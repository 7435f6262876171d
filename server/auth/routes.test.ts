import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyPair } from "../../chain/crypto/keys.ts";
import { signStatement } from "../../chain/crypto/statement.ts";
import { ErrorCode } from "../../chain/errors.ts";
import { handleAuthRoute } from "./routes.ts";
import { startAuth, type RunningAuth } from "./services.ts";
import { viewerFromRequest } from "./session.ts";

let dir: string;
let auth: RunningAuth;
const savedSecret = process.env.AUTH_SECRET;
const ctx = { ip: "127.0.0.1" };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aergo-auth-routes-"));
  delete process.env.AUTH_SECRET;
  auth = startAuth({ dataDir: dir, hubName: "AERGO Hub at hub.test" });
});
afterAll(async () => {
  await auth.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = savedSecret;
});

type Challenge = { id: string; text: string; expiresAt: string };
async function signedChallenge(key: ReturnType<typeof createKeyPair>) {
  const ch = (await handleAuthRoute("challenge", {}, ctx)) as Challenge;
  return { challengeId: ch.id, address: key.address, signature: signStatement(key, "sign-in", ch.text) };
}

describe("REST auth routes (CLI)", () => {
  it("issues a challenge that names the hub and expires", async () => {
    const ch = (await handleAuthRoute("challenge", undefined, ctx)) as Challenge;
    expect(ch.text).toContain("AERGO Hub at hub.test");
    expect(Date.parse(ch.expiresAt)).toBeGreaterThan(Date.now());
  });

  it("key sign-in: an unknown key without a username is told to pass one; with one, the account is created and a bearer token returned", async () => {
    const key = createKeyPair();
    await expect(handleAuthRoute("key", await signedChallenge(key), ctx)).rejects.toMatchObject({
      code: ErrorCode.NotFound,
      message: "No account uses this key; pass a username to create one.",
    });
    const created = (await handleAuthRoute("key", { ...(await signedChallenge(key)), username: "Dana" }, ctx)) as { token: string; username: string; address: string };
    expect(created).toMatchObject({ username: "dana", address: key.address });
    expect(await viewerFromRequest({ authorization: `Bearer ${created.token}` })).toMatchObject({ kind: "user", username: "dana", address: key.address });
    // Next time the key alone signs in; the username is ignored for an existing account.
    const again = (await handleAuthRoute("key", await signedChallenge(key), ctx)) as { username: string };
    expect(again.username).toBe("dana");
    // Naming another username is refused, not signed in as dana with a warning.
    await expect(handleAuthRoute("key", { ...(await signedChallenge(key)), username: "other" }, ctx)).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: 'This key belongs to the account "dana", not "other": sign in without a username, or with "dana".',
    });
    expect(auth.people.byUsername("other")).toBeUndefined();
    // The account's own name is fine.
    expect(((await handleAuthRoute("key", { ...(await signedChallenge(key)), username: "dana" }, ctx)) as { username: string }).username).toBe("dana");
  });

  it("signup creates a password account once; a duplicate is a conflict; malformed bodies say which field", async () => {
    const key = createKeyPair();
    const body = { username: "frank", email: "frank@example.com", password: "tangerine-orbit-47-lantern" };
    expect(await handleAuthRoute("signup", { ...body, ...(await signedChallenge(key)) }, ctx)).toEqual({ username: "frank" });
    await expect(handleAuthRoute("signup", { ...body, username: "frank2", ...(await signedChallenge(createKeyPair())) }, ctx)).rejects.toMatchObject({ code: ErrorCode.Conflict });
    await expect(handleAuthRoute("signup", { ...body, email: 42 }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadRequest, message: 'The sign-up request needs a valid "email".' });
    await expect(handleAuthRoute("key", { address: key.address }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    await expect(handleAuthRoute("nope", {}, ctx)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it("signup binds only a key the caller holds: no proof, another key's signature or a spent challenge is refused and creates nothing", async () => {
    const victim = createKeyPair();
    const squatter = createKeyPair();
    const body = { username: "squatter", email: "squatter@example.com", password: "tangerine-orbit-47-lantern", address: victim.address };
    // The victim's public address alone (the attack as reported) is not enough.
    await expect(handleAuthRoute("signup", body, ctx)).rejects.toMatchObject({ code: ErrorCode.BadRequest, message: 'The sign-up request needs a valid "challengeId".' });
    // A challenge signed by the squatter's own key does not prove the victim's.
    const mine = await signedChallenge(squatter);
    await expect(handleAuthRoute("signup", { ...body, challengeId: mine.challengeId, signature: mine.signature }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadSignature });
    // A signature the victim made once (say, observed at a sign-in) cannot be replayed: challenges are single use.
    const observed = await signedChallenge(victim);
    await handleAuthRoute("key", { ...observed, username: "victim" }, ctx);
    await expect(handleAuthRoute("signup", { ...body, address: createKeyPair().address, challengeId: observed.challengeId, signature: observed.signature }, ctx)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    expect(auth.people.byUsername("squatter")).toBeUndefined();
    expect(auth.people.byEmail("squatter@example.com")).toBeUndefined();
    expect(auth.people.byAddress(victim.address)?.username).toBe("victim");
  });

  it("successful sign-ins use up nobody's allowance; one client's failures do not lock out others at its address", async () => {
    const office = { ip: "192.0.2.10" };
    const key = createKeyPair();
    const signedAt = async (k: ReturnType<typeof createKeyPair>, at: { ip: string }) => {
      const ch = (await handleAuthRoute("challenge", {}, at)) as Challenge;
      return { challengeId: ch.id, address: k.address, signature: signStatement(k, "sign-in", ch.text) };
    };
    await handleAuthRoute("key", { ...(await signedAt(key, office)), username: "office-worker" }, office);
    // Before: 30 sign-ins per IP in 5 minutes, successes included.
    for (let i = 0; i < 40; i++) await handleAuthRoute("key", await signedAt(key, office), office);
    // A guesser at the same address burns its own (IP, account) allowance...
    const target = createKeyPair();
    await handleAuthRoute("key", { ...(await signedAt(target, { ip: "198.51.100.1" })), username: "office-target" }, { ip: "198.51.100.1" });
    const wrong = createKeyPair();
    for (let i = 0; i < 10; i++) {
      const forged = await signedAt(wrong, office);
      await expect(handleAuthRoute("key", { ...forged, address: target.address }, office)).rejects.toMatchObject({ code: ErrorCode.BadSignature });
    }
    const refused = await signedAt(target, office);
    await expect(handleAuthRoute("key", refused, office)).rejects.toMatchObject({ code: ErrorCode.RateLimited });
    // ...while the colleague at that address still signs in.
    expect(((await handleAuthRoute("key", await signedAt(key, office), office)) as { username: string }).username).toBe("office-worker");
  });

  it("a forged signature is refused and creates nothing", async () => {
    const key = createKeyPair();
    const other = createKeyPair();
    const signed = await signedChallenge(other);
    await expect(handleAuthRoute("key", { ...signed, address: key.address, username: "mallory" }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadSignature });
    expect(auth.people.byUsername("mallory")).toBeUndefined();
  });

  it("sign-ups per client address are capped per hour (HUB_SIGNUPS_PER_IP_HOUR); another address is not affected", async () => {
    const capped = { ip: "203.0.113.40" };
    const proofAt = async (k: ReturnType<typeof createKeyPair>, at: { ip: string }) => {
      const ch = (await handleAuthRoute("challenge", {}, at)) as Challenge;
      return { challengeId: ch.id, address: k.address, signature: signStatement(k, "sign-in", ch.text) };
    };
    const form = (n: string) => ({ username: `cap-${n}`, email: `cap-${n}@example.com`, password: "tangerine-orbit-47-lantern" });
    for (let i = 0; i < auth.signupsPerIpHour; i++) await handleAuthRoute("signup", { ...form(String(i)), ...(await proofAt(createKeyPair(), capped)) }, capped);
    await expect(handleAuthRoute("signup", { ...form("over"), ...(await proofAt(createKeyPair(), capped)) }, capped)).rejects.toMatchObject({
      code: ErrorCode.RateLimited,
      message: expect.stringMatching(/^Too many attempts; try again in \d+ seconds?\.$/),
    });
    expect(auth.people.byUsername("cap-over")).toBeUndefined();
    const elsewhere = { ip: "203.0.113.41" };
    expect(await handleAuthRoute("signup", { ...form("elsewhere"), ...(await proofAt(createKeyPair(), elsewhere)) }, elsewhere)).toEqual({ username: "cap-elsewhere" });
  });
});
