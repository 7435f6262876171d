import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { createKeyPair } from "../../chain/crypto/keys.ts";
import { ANONYMOUS } from "../access/viewer.ts";
import { createPeopleStore, type PeopleStore } from "./people.ts";
import { ensureAuthSecret, issueSessionToken, SECURE_SESSION_COOKIE, SESSION_COOKIE, viewerFromRequest } from "./session.ts";

let dir: string;
let people: PeopleStore;
const savedSecret = process.env.AUTH_SECRET;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aergo-session-"));
  delete process.env.AUTH_SECRET;
  ensureAuthSecret(dir);
  people = createPeopleStore(path.join(dir, "people"));
});
afterAll(async () => {
  await people.close();
  rmSync(dir, { recursive: true, force: true });
  if (savedSecret === undefined) delete process.env.AUTH_SECRET;
  else process.env.AUTH_SECRET = savedSecret;
});

describe("auth secret", () => {
  it("is generated once, kept at DATA_DIR/auth-secret with mode 0600, and reused after a restart", () => {
    const file = path.join(dir, "auth-secret");
    const secret = process.env.AUTH_SECRET!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, "utf8").trim()).toBe(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    delete process.env.AUTH_SECRET;
    expect(ensureAuthSecret(dir)).toBe(secret);
    expect(process.env.AUTH_SECRET).toBe(secret);
  });
});

describe("viewerFromRequest", () => {
  it("reads a CLI bearer token and the same token as a session cookie (plain or chunked)", async () => {
    const alice = await people.signUpWithKey({ username: "alice", address: createKeyPair().address });
    const { token, expiresAt } = await issueSessionToken(alice);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 29 * 24 * 3600_000);
    const expected = { kind: "user", userId: alice.id, username: "alice", address: alice.address };
    expect(await viewerFromRequest({ authorization: `Bearer ${token}` }, people)).toEqual(expected);
    expect(await viewerFromRequest({ cookie: `theme=dark; ${SESSION_COOKIE}=${token}` }, people)).toEqual(expected);
    const half = Math.floor(token.length / 2);
    expect(await viewerFromRequest({ cookie: `${SESSION_COOKIE}.0=${token.slice(0, half)}; ${SESSION_COOKIE}.1=${token.slice(half)}` }, people)).toEqual(expected);
  });

  it("reads the https cookie, which Auth.js encrypts under its own name", async () => {
    const bob = await people.signUpWithKey({ username: "bob", address: createKeyPair().address });
    const secure = await encode({ token: { sub: bob.id }, secret: process.env.AUTH_SECRET!, salt: SECURE_SESSION_COOKIE });
    expect(await viewerFromRequest({ cookie: `${SECURE_SESSION_COOKIE}=${secure}` }, people)).toMatchObject({ kind: "user", username: "bob" });
    // Under the wrong name the key differs, so it does not decrypt.
    expect(await viewerFromRequest({ cookie: `${SESSION_COOKIE}=${secure}` }, people)).toEqual(ANONYMOUS);
  });

  it("is anonymous with no credentials, a tampered token, another secret's token, an expired token or a deleted account", async () => {
    const carol = await people.signUpWithKey({ username: "carol", address: createKeyPair().address });
    const { token } = await issueSessionToken(carol);
    expect(await viewerFromRequest({}, people)).toEqual(ANONYMOUS);
    expect(await viewerFromRequest({ authorization: "Bearer" }, people)).toEqual(ANONYMOUS);
    const i = token.length - 10;
    const tampered = token.slice(0, i) + (token[i] === "A" ? "B" : "A") + token.slice(i + 1);
    expect(await viewerFromRequest({ authorization: `Bearer ${tampered}` }, people)).toEqual(ANONYMOUS);
    const foreign = await encode({ token: { sub: carol.id }, secret: "another-hub-secret-another-hub-secret", salt: SESSION_COOKIE });
    expect(await viewerFromRequest({ authorization: `Bearer ${foreign}` }, people)).toEqual(ANONYMOUS);
    const expired = await encode({ token: { sub: carol.id }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: -60 });
    expect(await viewerFromRequest({ authorization: `Bearer ${expired}` }, people)).toEqual(ANONYMOUS);

    expect(await viewerFromRequest({ authorization: `Bearer ${token}` }, people)).toMatchObject({ kind: "user" });
    people.remove(carol.id);
    expect(await viewerFromRequest({ authorization: `Bearer ${token}` }, people)).toEqual(ANONYMOUS);
  });
});
