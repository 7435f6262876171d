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
    const again = (await handleAuthRoute("key", { ...(await signedChallenge(key)), username: "other" }, ctx)) as { username: string };
    expect(again.username).toBe("dana");
  });

  it("signup creates a password account once; a duplicate is a conflict; malformed bodies say which field", async () => {
    const address = createKeyPair().address;
    const body = { username: "frank", email: "frank@example.com", password: "tangerine-orbit-47-lantern", address };
    expect(await handleAuthRoute("signup", body, ctx)).toEqual({ username: "frank" });
    await expect(handleAuthRoute("signup", { ...body, username: "frank2", address: createKeyPair().address }, ctx)).rejects.toMatchObject({ code: ErrorCode.Conflict });
    await expect(handleAuthRoute("signup", { ...body, email: 42 }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadRequest, message: 'The sign-up request needs a valid "email".' });
    await expect(handleAuthRoute("key", { address }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    await expect(handleAuthRoute("nope", {}, ctx)).rejects.toMatchObject({ code: ErrorCode.NotFound });
  });

  it("a forged signature is refused and creates nothing", async () => {
    const key = createKeyPair();
    const other = createKeyPair();
    const signed = await signedChallenge(other);
    await expect(handleAuthRoute("key", { ...signed, address: key.address, username: "mallory" }, ctx)).rejects.toMatchObject({ code: ErrorCode.BadSignature });
    expect(auth.people.byUsername("mallory")).toBeUndefined();
  });
});
