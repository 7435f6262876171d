import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createKeyPair } from "../../chain/crypto/keys.ts";
import { contractAddressOf } from "../../chain/crypto/address.ts";
import { ErrorCode } from "../../chain/errors.ts";
import { DUMMY_PASSWORD_HASH, verifyPassword as verifyPasswordHash } from "./password.ts";
import { BAD_CREDENTIALS, createPeopleStore, type PeopleStore } from "./people.ts";

// The real password checks, watched: which hash a sign-in spent its work on is asserted, not its time.
vi.mock("./password.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password.ts")>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const PW = "tangerine-orbit-47-lantern";
let dir: string;
let people: PeopleStore;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "aergo-people-"));
  people = createPeopleStore(dir);
});
afterEach(async () => {
  await people.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("people store", () => {
  it("signs up with a password, normalizes username and email, and finds the person every way", async () => {
    const address = createKeyPair().address;
    const p = await people.signUpWithPassword({ username: " Alice ", email: "Alice@Example.COM", password: PW, address });
    expect(p).toMatchObject({ username: "alice", email: "alice@example.com", address });
    expect(p.id).toMatch(/^[0-9a-f]{32}$/);
    expect(p.passwordHash).toMatch(/^scrypt\$/);
    expect(people.byId(p.id)).toEqual(p);
    expect(people.byUsername("ALICE")).toEqual(p);
    expect(people.byEmail("alice@example.com")).toEqual(p);
    expect(people.byAddress(address)).toEqual(p);
    expect(await people.verifyPassword("ALICE@example.com", PW)).toEqual(p);
  });

  it("refuses a taken username, email or address with CONFLICT and writes nothing", async () => {
    const first = await people.signUpWithPassword({ username: "alice", email: "alice@example.com", password: PW, address: createKeyPair().address });
    const fresh = createKeyPair().address;
    await expect(people.signUpWithPassword({ username: "alice", email: "other@example.com", password: PW, address: fresh })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: expect.stringMatching(/username "alice" is taken/),
    });
    await expect(people.signUpWithPassword({ username: "carol", email: "ALICE@example.com", password: PW, address: fresh })).rejects.toMatchObject({
      code: ErrorCode.Conflict,
      message: expect.stringMatching(/email already exists/),
    });
    await expect(people.signUpWithKey({ username: "dave", address: first.address })).rejects.toMatchObject({ code: ErrorCode.Conflict });
    expect(people.count()).toBe(1);
    // None of the refused attempts left a partial index entry behind.
    expect(people.byAddress(fresh)).toBeUndefined();
    expect(people.byUsername("carol")).toBeUndefined();
    expect(people.byUsername("dave")).toBeUndefined();
    expect(people.byEmail("other@example.com")).toBeUndefined();
    await people.signUpWithKey({ username: "carol", address: fresh }); // still free
  });

  it("refuses reserved and malformed usernames, bad emails, contract addresses and weak passwords", async () => {
    const address = createKeyPair().address;
    await expect(people.signUpWithKey({ username: "admin", address })).rejects.toMatchObject({ code: ErrorCode.BadRequest, message: expect.stringMatching(/reserved/) });
    await expect(people.signUpWithKey({ username: "-bad-", address })).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    await expect(people.signUpWithPassword({ username: "erin", email: "not-an-email", password: PW, address })).rejects.toMatchObject({ code: ErrorCode.BadRequest });
    await expect(people.signUpWithKey({ username: "erin", address: "Anot-an-address" })).rejects.toMatchObject({ code: ErrorCode.InvalidAddress });
    await expect(people.signUpWithKey({ username: "erin", address: contractAddressOf(address, 0) })).rejects.toMatchObject({ code: ErrorCode.InvalidAddress });
    await expect(people.signUpWithPassword({ username: "erin", email: "erin@example.com", password: "erin-is-great-2024", address })).rejects.toMatchObject({
      code: ErrorCode.BadRequest,
      message: expect.stringMatching(/username/),
    });
    expect(people.count()).toBe(0);
  });

  it("says the same thing for an unknown email, a wrong password and a key-only account", async () => {
    await people.signUpWithPassword({ username: "alice", email: "alice@example.com", password: PW, address: createKeyPair().address });
    await people.signUpWithKey({ username: "keyonly", address: createKeyPair().address });
    for (const [email, pw] of [["nobody@example.com", PW], ["alice@example.com", "wrong-password-123"], ["", ""]] as const) {
      await expect(people.verifyPassword(email, pw)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated, message: BAD_CREDENTIALS });
    }
  });

  it("spends a hash on an unknown email, so timing does not reveal which emails exist", async () => {
    const check = vi.mocked(verifyPasswordHash);
    check.mockClear();
    await expect(people.verifyPassword("nobody@example.com", PW)).rejects.toMatchObject({ code: ErrorCode.Unauthenticated });
    // The same scrypt check a known email gets (N=2^15, r=8: tens of milliseconds), against a stand-in hash.
    expect(check).toHaveBeenCalledTimes(1);
    expect(check).toHaveBeenCalledWith(PW, DUMMY_PASSWORD_HASH);
    expect(DUMMY_PASSWORD_HASH).toMatch(/^scrypt\$32768\$8\$/);
  });

  it("survives closing and reopening the store; removal frees the names", async () => {
    const address = createKeyPair().address;
    const p = await people.signUpWithPassword({ username: "alice", email: "alice@example.com", password: PW, address });
    await people.close();
    people = createPeopleStore(dir);
    expect(people.byUsername("alice")).toEqual(p);
    expect(await people.verifyPassword("alice@example.com", PW)).toEqual(p);
    expect(people.remove(p.id)).toBe(true);
    expect(people.byId(p.id)).toBeUndefined();
    expect(people.byAddress(address)).toBeUndefined();
    await people.signUpWithKey({ username: "alice", address });
  });
});
