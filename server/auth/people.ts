/**
 * The people of the hub: accounts with a username, an identity key (address) and, for people who
 * sign in with a password, an email and a scrypt hash.
 *
 * Kept in its own LMDB environment, not in the index: the index is derived from the chains and
 * can be dropped and rebuilt, but accounts are not derived from anything, so they must live in
 * a durable store of their own (synced commits, like the chain store).
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { open, type Database, type RootDatabase } from "lmdb";
import { z } from "zod";
import { isAddress, isContractAddress } from "../../chain/crypto/address.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { RESERVED_USERNAMES, ZUsername } from "../../chain/repo/names.ts";
import { checkPasswordPolicy, DUMMY_PASSWORD_HASH, hashPassword, verifyPassword as verifyPasswordHash } from "./password.ts";

export type Person = {
  readonly id: string;
  readonly username: string;
  readonly email?: string;
  readonly passwordHash?: string;
  readonly address: string;
  /** ISO 8601. */
  readonly createdAt: string;
};

export type PeopleStore = {
  /** Creates an account that signs in with email + password. @throws BAD_REQUEST (policy, malformed), CONFLICT (taken) */
  signUpWithPassword(input: { username: string; email: string; password: string; address: string }): Promise<Person>;
  /** Creates an account that signs in with its key only (CLI). @throws BAD_REQUEST, CONFLICT */
  signUpWithKey(input: { username: string; address: string }): Promise<Person>;
  /** @throws UNAUTHENTICATED with the same sentence whether the email is unknown or the password wrong. */
  verifyPassword(email: string, password: string): Promise<Person>;
  byId(id: string): Person | undefined;
  byUsername(username: string): Person | undefined;
  byEmail(email: string): Person | undefined;
  byAddress(address: string): Person | undefined;
  /** Deletes the account; its sessions stop working at once (server/auth/session.ts re-checks). */
  remove(id: string): boolean;
  count(): number;
  close(): Promise<void>;
};

export const BAD_CREDENTIALS = "The email or password is wrong.";

const ZEmail = z.string().trim().toLowerCase().max(254).pipe(z.email());

function parseOr<T>(schema: z.ZodType<T>, value: unknown, sentence: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ChainError(ErrorCode.BadRequest, sentence);
  return r.data;
}

export function normalizeUsername(username: unknown): string {
  const r = ZUsername.safeParse(username);
  if (!r.success) throw new ChainError(ErrorCode.BadRequest, `The username ${r.error.issues[0]?.message ?? "is invalid"}.`);
  if (RESERVED_USERNAMES.has(r.data)) throw new ChainError(ErrorCode.BadRequest, `The username "${r.data}" is reserved; choose another.`);
  return r.data;
}

export function normalizeEmail(email: unknown): string {
  return parseOr(ZEmail, email, "The email address is not valid.");
}

function checkIdentityAddress(address: unknown): string {
  if (!isAddress(address) || isContractAddress(address)) {
    throw new ChainError(ErrorCode.InvalidAddress, "The address is not an Aergo account address.");
  }
  return address;
}

export function createPeopleStore(dir: string): PeopleStore {
  fs.mkdirSync(dir, { recursive: true });
  const env: RootDatabase = open({ path: path.join(dir, "people.lmdb"), maxDbs: 8, compression: false });
  const str = { encoding: "string", keyEncoding: "ordered-binary" } as const;
  const users = env.openDB({ name: "users", ...str }) as unknown as Database<string, string>;
  // Secondary indexes: each maps a unique attribute to the user id.
  const emails = env.openDB({ name: "byEmail", ...str }) as unknown as Database<string, string>;
  const usernames = env.openDB({ name: "byUsername", ...str }) as unknown as Database<string, string>;
  const addresses = env.openDB({ name: "byAddress", ...str }) as unknown as Database<string, string>;

  const load = (id: string | undefined): Person | undefined => {
    if (!id) return undefined;
    const raw = users.get(id);
    return raw ? Object.freeze(JSON.parse(raw) as Person) : undefined;
  };

  function assertFree(p: { username: string; email?: string; address: string }): void {
    if (usernames.doesExist(p.username)) throw new ChainError(ErrorCode.Conflict, `The username "${p.username}" is taken; choose another.`, { field: "username" });
    if (p.email && emails.doesExist(p.email)) throw new ChainError(ErrorCode.Conflict, "An account with this email already exists; sign in instead.", { field: "email" });
    if (addresses.doesExist(p.address)) throw new ChainError(ErrorCode.Conflict, "This key already belongs to an account; sign in with it instead.", { field: "address" });
  }

  function insert(p: Omit<Person, "id" | "createdAt">): Person {
    const person: Person = Object.freeze({ id: randomBytes(16).toString("hex"), ...p, createdAt: new Date().toISOString() });
    // Check and write in one write transaction: LMDB serializes writers, so two sign-ups racing
    // for the same name cannot both pass the check, and a refused one writes nothing.
    env.transactionSync(() => {
      assertFree(person);
      users.putSync(person.id, JSON.stringify(person));
      usernames.putSync(person.username, person.id);
      addresses.putSync(person.address, person.id);
      if (person.email) emails.putSync(person.email, person.id);
    });
    return person;
  }

  return {
    async signUpWithPassword(input) {
      const username = normalizeUsername(input.username);
      const email = normalizeEmail(input.email);
      const address = checkIdentityAddress(input.address);
      if (typeof input.password !== "string") throw new ChainError(ErrorCode.BadRequest, "The password must be text.");
      checkPasswordPolicy(input.password, { username, email });
      // Fail before spending a hash; insert() checks again inside its transaction.
      assertFree({ username, email, address });
      const passwordHash = await hashPassword(input.password);
      return insert({ username, email, passwordHash, address });
    },
    async signUpWithKey(input) {
      const username = normalizeUsername(input.username);
      const address = checkIdentityAddress(input.address);
      return insert({ username, address });
    },
    async verifyPassword(email, password) {
      const normalized = ZEmail.safeParse(email);
      const person = normalized.success ? load(emails.get(normalized.data)) : undefined;
      const pw = typeof password === "string" ? password.slice(0, 1024) : "";
      // Unknown email or a key-only account: still spend one hash, so timing reveals nothing.
      const ok = await verifyPasswordHash(pw, person?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!person || !person.passwordHash || !ok) throw new ChainError(ErrorCode.Unauthenticated, BAD_CREDENTIALS);
      return person;
    },
    byId: (id) => (typeof id === "string" && id ? load(id) : undefined),
    byUsername: (username) => (typeof username === "string" ? load(usernames.get(username.trim().toLowerCase())) : undefined),
    byEmail: (email) => {
      const r = ZEmail.safeParse(email);
      return r.success ? load(emails.get(r.data)) : undefined;
    },
    byAddress: (address) => (typeof address === "string" && address ? load(addresses.get(address)) : undefined),
    remove(id) {
      return env.transactionSync(() => {
        const person = load(id);
        if (!person) return false;
        users.removeSync(id);
        usernames.removeSync(person.username);
        addresses.removeSync(person.address);
        if (person.email) emails.removeSync(person.email);
        return true;
      });
    },
    count: () => users.getCount(),
    async close() {
      await env.close();
    },
  };
}
