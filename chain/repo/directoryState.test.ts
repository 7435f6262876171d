import { describe, expect, it } from "vitest";
import { devKeyPair } from "../crypto/keys.ts";
import { signStatement } from "../crypto/statement.ts";
import { ErrorCode, isChainError, type ChainError } from "../errors.ts";
import { entryText, type DirectoryAction, type DirectoryEntry } from "./directoryEntry.ts";
import { applyEntry, memberByAddress, roleOf, type RepositoryState } from "./directoryState.ts";
import { alice, bob, carol, ChainHarness, createAction, dave, erin, invite, person, signAs, type Person } from "./directoryTestKit.ts";

const producer = devKeyPair("directory test: producer").address;

/** alice/ledger, public: alice owner, bob admin, carol writer, dave reader; erin is no member. */
function team(): ChainHarness {
  const h = new ChainHarness("alice/ledger");
  h.step(alice, createAction(alice, "ledger"));
  h.step(alice, invite(bob, "admin"));
  h.step(alice, invite(carol, "writer"));
  h.step(bob, invite(dave, "reader"));
  return h;
}

function errorOf(fn: () => unknown): ChainError {
  try {
    fn();
  } catch (e) {
    if (isChainError(e)) return e;
    throw e;
  }
  throw new Error("expected a ChainError, but nothing was thrown");
}

/** Asserts the entry is refused with `code`, with a sentence, and that the chain and state did not move. */
function expectRefused(h: ChainHarness, entry: DirectoryEntry, code: ErrorCode): ChainError {
  const before = h.state;
  const snapshot = JSON.stringify(h.state);
  const blocks = h.blocks.length;
  const e = errorOf(() => h.push(entry));
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/^[A-Za-z0-9].*\.$/);
  expect(h.state).toBe(before);
  expect(JSON.stringify(h.state)).toBe(snapshot);
  expect(h.blocks.length).toBe(blocks);
  return e;
}
const refuse = (h: ChainHarness, who: Person, action: DirectoryAction, code: ErrorCode) => expectRefused(h, h.sign(who, action), code);

describe("create", () => {
  it("makes the signer the owner of a frozen state at height 0", () => {
    const h = new ChainHarness("alice/ledger");
    const s = h.step(alice, createAction(alice, "ledger", { description: "Books." }));
    expect(s).toMatchObject({ fullName: "alice/ledger", chainId: "hub/alice/ledger", visibility: "public", description: "Books.", createdBy: "alice" });
    expect(s.members).toEqual([{ username: "alice", address: alice.address, role: "owner", addedBy: "alice", addedAt: s.createdAt }]);
    expect(s.branches).toEqual([{ name: "main", from: null, fromHeight: 0, createdBy: null, createdAt: 0 }]);
    expect(s.head).toEqual({ height: 0, hash: h.blocks[0]!.hash });
    expect(Object.isFrozen(s) && Object.isFrozen(s.members) && Object.isFrozen(s.members[0]) && Object.isFrozen(s.producers)).toBe(true);
    expect(() => (s.members as unknown as unknown[]).push({})).toThrow();
  });

  it("refuses a create signed by someone other than the named owner", () => {
    const h = new ChainHarness("alice/ledger");
    expectRefused(h, signAs(bob, "alice/ledger", "", createAction(alice, "ledger")), ErrorCode.Forbidden);
    expect(h.state).toBeNull();
  });

  it("refuses a repository whose owner part is not the owner's username", () => {
    const h = new ChainHarness("bob/ledger");
    const action = { ...createAction(alice, "ledger"), repo: "bob/ledger", chainId: "hub/bob/ledger" };
    expect(refuse(h, alice, action, ErrorCode.BadRequest).message).toMatch(/owner/);
  });

  it("refuses a create whose action names another repository than the entry", () => {
    const h = new ChainHarness("alice/other");
    refuse(h, alice, createAction(alice, "ledger"), ErrorCode.BadRequest);
  });

  it("needs at least one producer for a private repository", () => {
    const h = new ChainHarness("alice/secret");
    expect(refuse(h, alice, createAction(alice, "secret", { visibility: "private" }), ErrorCode.BadRequest).message).toMatch(/producer/);
    const s = h.step(alice, createAction(alice, "secret", { visibility: "private", producers: [producer] }));
    expect(s.visibility).toBe("private");
    expect(s.producers).toEqual([producer]);
  });

  it("is only ever the first entry: a second create conflicts, and so does a create with a prev", () => {
    const h = team();
    refuse(h, alice, createAction(alice, "ledger"), ErrorCode.Conflict);
    const fresh = new ChainHarness("alice/ledger");
    expectRefused(fresh, signAs(alice, "alice/ledger", "ab".repeat(32), createAction(alice, "ledger")), ErrorCode.Conflict);
  });

  it("refuses any other entry for a repository that does not exist", () => {
    const h = new ChainHarness("alice/ledger");
    refuse(h, alice, { kind: "setDescription", description: "x" }, ErrorCode.NotFound);
  });
});

describe("visibility, description and producers", () => {
  it("lets admins and owners change them", () => {
    const h = team();
    h.step(bob, { kind: "setDescription", description: "New words." });
    h.step(bob, { kind: "setProducers", producers: [producer] });
    const s = h.step(alice, { kind: "setVisibility", visibility: "private" });
    expect(s).toMatchObject({ description: "New words.", producers: [producer], visibility: "private" });
    expect(s.head.height).toBe(6);
  });

  it("refuses writers, readers and strangers", () => {
    const h = team();
    for (const who of [carol, dave, erin]) {
      refuse(h, who, { kind: "setVisibility", visibility: "private" }, ErrorCode.Forbidden);
      refuse(h, who, { kind: "setDescription", description: "Mine now." }, ErrorCode.Forbidden);
      refuse(h, who, { kind: "setProducers", producers: [producer] }, ErrorCode.Forbidden);
    }
  });

  it("never leaves a private repository without producers", () => {
    const h = team();
    expect(refuse(h, alice, { kind: "setVisibility", visibility: "private" }, ErrorCode.BadRequest).message).toMatch(/producer/);
    h.step(alice, { kind: "setProducers", producers: [producer] });
    h.step(alice, { kind: "setVisibility", visibility: "private" });
    refuse(h, alice, { kind: "setProducers", producers: [] }, ErrorCode.BadRequest);
  });

  it("refuses changes that change nothing, so the audit trail has no empty entries", () => {
    const h = team();
    refuse(h, alice, { kind: "setVisibility", visibility: "public" }, ErrorCode.BadRequest);
    refuse(h, alice, { kind: "setDescription", description: "A test repository." }, ErrorCode.BadRequest);
    refuse(h, alice, { kind: "setProducers", producers: [] }, ErrorCode.BadRequest);
  });
});

describe("invite", () => {
  it("adds the member at once, recording who invited them", () => {
    const h = team();
    const s = h.state!;
    expect(roleOf(s, "bob")).toBe("admin");
    expect(roleOf(s, "dave")).toBe("reader");
    expect(roleOf(s, "erin")).toBeNull();
    expect(memberByAddress(s, dave.address)).toMatchObject({ username: "dave", role: "reader", addedBy: "bob" });
    expect(memberByAddress(s, erin.address)).toBeUndefined();
  });

  it("needs an admin; only an owner may invite an owner", () => {
    const h = team();
    refuse(h, carol, invite(erin, "reader"), ErrorCode.Forbidden);
    refuse(h, dave, invite(erin, "reader"), ErrorCode.Forbidden);
    refuse(h, erin, invite(erin, "reader"), ErrorCode.Forbidden);
    refuse(h, bob, invite(erin, "owner"), ErrorCode.Forbidden);
    expect(roleOf(h.step(alice, invite(erin, "owner")), "erin")).toBe("owner");
  });

  it("refuses a duplicate member, by username or by address", () => {
    const h = team();
    refuse(h, alice, invite(carol, "admin"), ErrorCode.Conflict);
    refuse(h, alice, { kind: "invite", username: "carol", address: erin.address, role: "reader" }, ErrorCode.Conflict);
    refuse(h, alice, { kind: "invite", username: "erin", address: carol.address, role: "reader" }, ErrorCode.Conflict);
  });
});

describe("remove", () => {
  it("lets an admin remove writers and readers", () => {
    const h = team();
    const s = h.step(bob, { kind: "remove", username: "carol" });
    expect(roleOf(s, "carol")).toBeNull();
    expect(s.members.map((m) => m.username)).toEqual(["alice", "bob", "dave"]);
  });

  it("refuses writers, readers and strangers removing someone else", () => {
    const h = team();
    refuse(h, carol, { kind: "remove", username: "dave" }, ErrorCode.Forbidden);
    refuse(h, dave, { kind: "remove", username: "carol" }, ErrorCode.Forbidden);
    refuse(h, erin, { kind: "remove", username: "dave" }, ErrorCode.Forbidden);
  });

  it("lets any member remove themselves", () => {
    const h = team();
    expect(roleOf(h.step(dave, { kind: "remove", username: "dave" }), "dave")).toBeNull();
    expect(roleOf(h.step(carol, { kind: "remove", username: "carol" }), "carol")).toBeNull();
  });

  it("keeps admins from removing owners, lets an owner remove another owner, never removes the last owner", () => {
    const h = team();
    h.step(alice, invite(erin, "owner"));
    refuse(h, bob, { kind: "remove", username: "erin" }, ErrorCode.Forbidden);
    h.step(alice, { kind: "remove", username: "erin" });
    expect(refuse(h, alice, { kind: "remove", username: "alice" }, ErrorCode.BadRequest).message).toMatch(/last owner/);
    expect(roleOf(h.state!, "alice")).toBe("owner");
  });

  it("says NotFound for someone who is not a member", () => {
    const h = team();
    refuse(h, bob, { kind: "remove", username: "erin" }, ErrorCode.NotFound);
  });
});

describe("setRole", () => {
  it("lets an admin move people between reader, writer and admin", () => {
    const h = team();
    expect(roleOf(h.step(bob, { kind: "setRole", username: "dave", role: "writer" }), "dave")).toBe("writer");
    expect(roleOf(h.step(bob, { kind: "setRole", username: "carol", role: "admin" }), "carol")).toBe("admin");
    expect(roleOf(h.step(bob, { kind: "setRole", username: "carol", role: "reader" }), "carol")).toBe("reader");
  });

  it("refuses writers, readers and strangers", () => {
    const h = team();
    refuse(h, carol, { kind: "setRole", username: "dave", role: "writer" }, ErrorCode.Forbidden);
    refuse(h, dave, { kind: "setRole", username: "dave", role: "admin" }, ErrorCode.Forbidden);
    refuse(h, erin, { kind: "setRole", username: "dave", role: "writer" }, ErrorCode.Forbidden);
  });

  it("needs an owner to make or unmake an owner", () => {
    const h = team();
    refuse(h, bob, { kind: "setRole", username: "carol", role: "owner" }, ErrorCode.Forbidden);
    refuse(h, bob, { kind: "setRole", username: "alice", role: "reader" }, ErrorCode.Forbidden);
    h.step(alice, { kind: "setRole", username: "bob", role: "owner" });
    expect(roleOf(h.step(bob, { kind: "setRole", username: "alice", role: "admin" }), "alice")).toBe("admin");
  });

  it("never demotes the last owner", () => {
    const h = team();
    expect(refuse(h, alice, { kind: "setRole", username: "alice", role: "admin" }, ErrorCode.BadRequest).message).toMatch(/last owner/);
  });

  it("says NotFound for a non-member and refuses a role the member already has", () => {
    const h = team();
    refuse(h, alice, { kind: "setRole", username: "erin", role: "reader" }, ErrorCode.NotFound);
    refuse(h, alice, { kind: "setRole", username: "carol", role: "writer" }, ErrorCode.BadRequest);
  });
});

describe("signatures and replays", () => {
  const grab: DirectoryAction = { kind: "setRole", username: "erin", role: "owner" };

  it("refuses an entry claiming an owner's address but signed by another key", () => {
    const h = team();
    const forged = { ...h.sign(erin, invite(erin, "owner")), signer: alice.address };
    expectRefused(h, forged, ErrorCode.BadSignature);
    const unsigned = { repo: h.repo, prev: h.head, time: 1, signer: alice.address, action: invite(erin, "owner") };
    expectRefused(h, { ...unsigned, signature: signStatement(erin.key, "directory", entryText(unsigned)) }, ErrorCode.BadSignature);
  });

  it("refuses a signature the owner made for another domain (a sign-in)", () => {
    const h = team();
    const unsigned = { repo: h.repo, prev: h.head, time: 1, signer: alice.address, action: invite(erin, "owner") };
    expectRefused(h, { ...unsigned, signature: signStatement(alice.key, "sign-in", entryText(unsigned)) }, ErrorCode.BadSignature);
  });

  it("refuses an entry the owner signed for another repository, relabelled or not", () => {
    const h = team();
    const other = new ChainHarness("alice/other");
    other.step(alice, createAction(alice, "other"));
    const forOther = other.sign(alice, invite(erin, "owner"));
    expectRefused(h, { ...forOther, repo: h.repo, prev: h.head }, ErrorCode.BadSignature);
    expectRefused(h, forOther, ErrorCode.BadRequest);
  });

  it("refuses an entry whose action was edited after signing", () => {
    const h = team();
    const signed = h.sign(alice, invite(erin, "reader"));
    expectRefused(h, { ...signed, action: invite(erin, "owner") }, ErrorCode.BadSignature);
    expectRefused(h, { ...signed, time: signed.time + 1 }, ErrorCode.BadSignature);
  });

  it("refuses replaying an accepted entry, and an entry signed against an older head", () => {
    const h = team();
    const promote = h.sign(alice, { kind: "setRole", username: "carol", role: "admin" });
    h.push(promote);
    const demote = h.sign(alice, { kind: "setRole", username: "carol", role: "writer" });
    h.push(demote);
    // Replaying the promotion would make carol admin again without alice asking twice.
    expect(expectRefused(h, promote, ErrorCode.Conflict).message).toMatch(/stale|replay/);
    expectRefused(h, demote, ErrorCode.Conflict);
    expect(roleOf(h.state!, "carol")).toBe("writer");
  });

  it("a stranger's own, validly signed entries grant nothing (not even a hint who is a member)", () => {
    const h = team();
    const s: RepositoryState = h.state!;
    expect(errorOf(() => applyEntry(s, signAs(erin, h.repo, h.head, grab), { height: 99, hash: "cd".repeat(32), time: 0 })).code).toBe(ErrorCode.Forbidden);
    const mallory = person("mallory");
    expect(errorOf(() => applyEntry(s, signAs(mallory, h.repo, h.head, invite(mallory, "owner")), { height: 99, hash: "cd".repeat(32), time: 0 })).code).toBe(
      ErrorCode.Forbidden,
    );
  });
});

describe("merge entries from another repository (a fork or the origin)", () => {
  const digest = "ab".repeat(32);
  it("names the source repository; its branch is that repository's, so only the target is checked here", () => {
    const h = team();
    // the same branch name on both sides is no self-merge when the source is another repository
    const merged = h.step(carol, { kind: "merge", source: "main", sourceRepo: "bob/ledger-fork", target: "main", digest });
    expect(merged.branches.map((b) => b.name)).toEqual(["main"]);
    expect(h.blocks.at(-1)!.entry.action).toMatchObject({ sourceRepo: "bob/ledger-fork" });
    // without sourceRepo (or naming this repository) the rules are a same-repository merge's
    expect(errorOf(() => h.push(h.sign(carol, { kind: "merge", source: "main", sourceRepo: "alice/ledger", target: "main", digest }))).meta.code).toBe("SAME_BRANCH");
    expect(errorOf(() => h.push(h.sign(carol, { kind: "merge", source: "nope", target: "main", digest }))).meta.code).toBe("UNKNOWN_BRANCH");
    // a reader may not merge, whatever the source
    expectRefused(h, h.sign(dave, { kind: "merge", source: "main", sourceRepo: "bob/ledger-fork", target: "main", digest }), ErrorCode.Forbidden);
    expect(errorOf(() => h.push(h.sign(carol, { kind: "merge", source: "feature", sourceRepo: "bob/ledger-fork", target: "nope", digest }))).meta.code).toBe("UNKNOWN_BRANCH");
  });
});
