import { describe, expect, it } from "vitest";
import { contractAddressOf } from "../crypto/address.ts";
import { devKeyPair } from "../crypto/keys.ts";
import { verifyStatement } from "../crypto/statement.ts";
import { ErrorCode, isChainError } from "../errors.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { entryHash, entryText, parseDirectoryEntry, signDirectoryEntry, verifyDirectoryEntrySignature } from "./directoryEntry.ts";
import { alice, bob, createAction, invite, signAs } from "./directoryTestKit.ts";

const good = () => JSON.parse(JSON.stringify(signAs(alice, "alice/ledger", "", createAction(alice, "ledger"))));

function badRequest(input: unknown): string {
  try {
    parseDirectoryEntry(input);
  } catch (e) {
    if (isChainError(e) && e.code === ErrorCode.BadRequest) return e.message;
    throw e;
  }
  throw new Error("the entry was accepted");
}

describe("entry text", () => {
  it("is canonical JSON: sorted keys, no whitespace, whatever order the object was built in", () => {
    const a = { repo: "alice/ledger", prev: "", time: 5, signer: alice.address, action: { kind: "remove", username: "bob" } } as const;
    const b = { action: { username: "bob", kind: "remove" }, signer: alice.address, time: 5, prev: "", repo: "alice/ledger" } as const;
    expect(entryText(a)).toBe(entryText(b));
    expect(entryText(a)).toBe(`{"action":{"kind":"remove","username":"bob"},"prev":"","repo":"alice/ledger","signer":"${alice.address}","time":5}`);
    expect(canonicalJson({ b: [1, { d: 1, c: "x" }], a: null })).toBe('{"a":null,"b":[1,{"c":"x","d":1}]}');
    expect(() => canonicalJson({ t: Number.NaN })).toThrow();
  });

  it("is what the signer signs, in the directory domain, and excludes the signature", () => {
    const e = signAs(alice, "alice/ledger", "", createAction(alice, "ledger"));
    expect(verifyStatement(alice.address, "directory", entryText(e), e.signature)).toBe(true);
    expect(verifyStatement(alice.address, "sign-in", entryText(e), e.signature)).toBe(false);
    expect(verifyDirectoryEntrySignature(e)).toBe(true);
    expect(verifyDirectoryEntrySignature({ ...e, signer: bob.address })).toBe(false);
  });

  it("hashes the signed entry, signature included", () => {
    const e = signAs(alice, "alice/ledger", "", createAction(alice, "ledger"));
    expect(entryHash(e)).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...e })).toBe(entryHash(e));
    const again = signDirectoryEntry(bob.key, { ...e, signer: bob.address });
    expect(entryHash(again)).not.toBe(entryHash(e));
  });
});

describe("parseDirectoryEntry", () => {
  it("accepts a well-formed entry and returns it frozen", () => {
    const e = parseDirectoryEntry(good());
    expect(e.action.kind).toBe("create");
    expect(Object.isFrozen(e) && Object.isFrozen(e.action)).toBe(true);
    expect(verifyDirectoryEntrySignature(e)).toBe(true);
  });

  it("refuses bad shapes with a sentence naming the field", () => {
    const producers = Array.from({ length: 33 }, (_, i) => devKeyPair(`p${i}`).address);
    const cases: [string, (e: ReturnType<typeof good>) => void, RegExp][] = [
      ["no signature", (e) => delete e.signature, /signature/],
      ["short signature", (e) => (e.signature = "ab"), /signature/],
      ["long description", (e) => (e.action.description = "x".repeat(281)), /description/],
      ["33 producers", (e) => (e.action.producers = producers), /producers/],
      ["duplicate producer", (e) => (e.action.producers = [bob.address, bob.address]), /producers/],
      ["contract as producer", (e) => (e.action.producers = [contractAddressOf(alice.address, 1)]), /producers/],
      ["uppercase repo", (e) => (e.repo = "Alice/ledger"), /repo/],
      ["repo without owner", (e) => (e.repo = "ledger"), /repo/],
      ["uppercase owner", (e) => (e.action.owner.username = "Alice"), /owner/],
      ["bad signer", (e) => (e.signer = "0x1234"), /signer/],
      ["fractional time", (e) => (e.time = 1.5), /time/],
      ["bad prev", (e) => (e.prev = "zz"), /prev/],
      ["unknown kind", (e) => (e.action = { kind: "transfer", to: "bob" }), /action/],
      ["extra field", (e) => (e.action.admin = true), /action/],
      ["bad chain id", (e) => (e.action.chainId = "Hub Chain!"), /chainId/],
      ["not an object", () => undefined, /malformed/],
    ];
    for (const [what, edit, field] of cases) {
      const e = good();
      edit(e);
      const message = badRequest(what === "not an object" ? "nope" : e);
      expect(message, what).toMatch(/^The directory entry is malformed/);
      expect(message, what).toMatch(field);
    }
  });

  it("bounds every list and name: invite usernames, roles, addresses", () => {
    const base = { repo: "alice/ledger", prev: "ab".repeat(32), time: 1, signer: alice.address, signature: "00".repeat(64) };
    expect(() => parseDirectoryEntry({ ...base, action: invite(bob, "reader") })).not.toThrow();
    badRequest({ ...base, action: { ...invite(bob, "reader"), username: "b".repeat(40) } });
    badRequest({ ...base, action: { ...invite(bob, "reader"), role: "god" } });
    badRequest({ ...base, action: { ...invite(bob, "reader"), address: "A".repeat(500) } });
  });
});
