import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { open } from "lmdb";
import { afterEach, describe, expect, it } from "vitest";
import { devKeyPair } from "../crypto/keys.ts";
import { ErrorCode, isChainError, type ChainError } from "../errors.ts";
import { createLmdbDirectoryStorage } from "../store/lmdbDirectoryStorage.ts";
import { createDirectory } from "./directory.ts";
import { directoryBlockHash, sealDirectoryBlock, verifyDirectoryChain, type DirectoryBlock } from "./directoryChain.ts";
import { entryHash } from "./directoryEntry.ts";
import { roleOf, type RepositoryState } from "./directoryState.ts";
import { alice, bob, carol, ChainHarness, createAction, dave, hubKey, invite, signAs } from "./directoryTestKit.ts";
import type { DirectoryStorage } from "./directoryStorage.ts";
import { createMemoryDirectoryStorage } from "./memoryDirectoryStorage.ts";

const producer = devKeyPair("directory test: producer").address;

async function rejection(p: Promise<unknown>): Promise<ChainError> {
  try {
    await p;
  } catch (e) {
    if (isChainError(e)) return e;
    throw e;
  }
  throw new Error("expected a ChainError, but the promise resolved");
}
function thrown(fn: () => unknown): ChainError {
  try {
    fn();
  } catch (e) {
    if (isChainError(e)) return e;
    throw e;
  }
  throw new Error("expected a ChainError, but nothing was thrown");
}

/** alice/ledger with four members and a few policy changes: blocks 0..5. */
function sampleChain(): ChainHarness {
  const h = new ChainHarness("alice/ledger");
  h.step(alice, createAction(alice, "ledger"));
  h.step(alice, invite(bob, "admin"));
  h.step(bob, invite(carol, "writer"));
  h.step(alice, { kind: "setProducers", producers: [producer] });
  h.step(bob, { kind: "setVisibility", visibility: "private" });
  h.step(alice, { kind: "setRole", username: "carol", role: "reader" });
  return h;
}

/** Signs `action` as `who` against the directory's current head of `repo`. */
const next = (dir: ReturnType<typeof createDirectory>, who: typeof alice, repo: string, action: Parameters<typeof signAs>[3]) =>
  signAs(who, repo, dir.get(repo)?.head.hash ?? "", action);

describe("verifyDirectoryChain", () => {
  it("folds a sound chain into the same state that was built step by step", () => {
    const h = sampleChain();
    expect(verifyDirectoryChain(h.blocks, { trustedSealers: [hubKey.address] })).toEqual(h.state);
    expect(verifyDirectoryChain([])).toBeNull();
  });

  it("detects any edit to any field of any block", () => {
    const h = sampleChain();
    const edits: [string, (b: Record<string, unknown> & DirectoryBlock) => void][] = [
      ["height", (b) => ((b as { height: number }).height += 1)],
      ["prevHash", (b) => ((b as { prevHash: string }).prevHash = "ab".repeat(32))],
      ["time", (b) => ((b as { time: number }).time += 1)],
      ["entryHash", (b) => ((b as { entryHash: string }).entryHash = "cd".repeat(32))],
      ["hash", (b) => ((b as { hash: string }).hash = "ef".repeat(32))],
      ["sealer", (b) => ((b as { sealer: string }).sealer = bob.address)],
      ["seal", (b) => ((b as { seal: string }).seal = "11".repeat(64))],
      ["entry.time", (b) => ((b.entry as { time: number }).time += 1)],
      ["entry.signature", (b) => ((b.entry as { signature: string }).signature = "22".repeat(64))],
      ["entry.action", (b) => ((b.entry as { action: unknown }).action = { kind: "setDescription", description: "edited" })],
      ["entry.repo", (b) => ((b.entry as { repo: string }).repo = "alice/other")],
    ];
    for (let i = 0; i < h.blocks.length; i++) {
      for (const [field, edit] of edits) {
        const blocks = JSON.parse(JSON.stringify(h.blocks));
        edit(blocks[i]);
        const e = thrown(() => verifyDirectoryChain(blocks, { trustedSealers: [hubKey.address] }));
        expect([ErrorCode.InvalidBlock, ErrorCode.BadSignature], `${field} of block ${i}`).toContain(e.code);
      }
    }
  });

  it("detects dropped and reordered blocks", () => {
    const h = sampleChain();
    expect(thrown(() => verifyDirectoryChain([...h.blocks.slice(0, 2), ...h.blocks.slice(3)])).code).toBe(ErrorCode.InvalidBlock);
    expect(thrown(() => verifyDirectoryChain([h.blocks[0]!, h.blocks[2]!, h.blocks[1]!])).code).toBe(ErrorCode.InvalidBlock);
    expect(thrown(() => verifyDirectoryChain(h.blocks.slice(1))).code).toBe(ErrorCode.InvalidBlock);
  });

  it("detects an edited entry even when the hashes are recomputed, and a chain re-sealed by another key", () => {
    const h = sampleChain();
    // Make carol an owner in block 2 and fix up every hash: the entry signature no longer verifies.
    const blocks = JSON.parse(JSON.stringify(h.blocks)) as DirectoryBlock[];
    (blocks[2]!.entry.action as { role: string }).role = "owner";
    const rehashed = { ...blocks[2]!, entryHash: entryHash(blocks[2]!.entry) };
    blocks[2] = { ...rehashed, hash: directoryBlockHash(rehashed) };
    expect([ErrorCode.InvalidBlock, ErrorCode.BadSignature]).toContain(thrown(() => verifyDirectoryChain(blocks)).code);

    // Whoever holds the disk re-seals a whole chain of genuine entries with their own key.
    const mallory = devKeyPair("directory test: mallory");
    const resealed: DirectoryBlock[] = [];
    for (const b of h.blocks) resealed.push(sealDirectoryBlock(resealed.at(-1) ?? null, b.entry, mallory, b.time));
    expect(thrown(() => verifyDirectoryChain(resealed, { trustedSealers: [hubKey.address] })).code).toBe(ErrorCode.BadSignature);
  });

  it("refuses a chain holding an entry the rules refuse, even if sealed properly", () => {
    const h = new ChainHarness("alice/ledger");
    h.step(alice, createAction(alice, "ledger"));
    // The hub (or a bug) seals bob granting himself admin: the seal is fine, the entry is not.
    const bad = sealDirectoryBlock(h.blocks[0]!, signAs(bob, "alice/ledger", h.head, invite(bob, "admin")), hubKey, 1);
    const e = thrown(() => verifyDirectoryChain([...h.blocks, bad]));
    expect(e.code).toBe(ErrorCode.InvalidBlock);
    expect(e.message).toMatch(/rules refuse/);
  });
});

describe("createDirectory (memory storage)", () => {
  it("creates, applies, lists, keeps history and tells listeners", async () => {
    const storage = createMemoryDirectoryStorage();
    let clock = 1_000;
    const dir = createDirectory({ storage, sealKey: hubKey, now: () => (clock += 10) });
    const seen: [string, number][] = [];
    const off = dir.onChange((s, b) => seen.push([s.fullName, b.height]));

    const created = await dir.create(signAs(alice, "alice/ledger", "", createAction(alice, "ledger")));
    expect(created.createdAt).toBe(1_010);
    await dir.create(signAs(bob, "bob/notes", "", createAction(bob, "notes")));
    const s = await dir.apply(next(dir, alice, "alice/ledger", invite(carol, "writer")));
    expect(roleOf(s, "carol")).toBe("writer");
    expect(dir.get("alice/ledger")).toBe(s);
    expect(dir.list().map((r) => r.fullName)).toEqual(["alice/ledger", "bob/notes"]);
    expect(dir.history("alice/ledger").map((b) => b.entry.action.kind)).toEqual(["create", "invite"]);
    expect(dir.history("nobody/here")).toEqual([]);
    expect(dir.get("nobody/here")).toBeUndefined();
    expect(seen).toEqual([["alice/ledger", 0], ["bob/notes", 0], ["alice/ledger", 1]]);
    expect(storage.load("alice/ledger")).toEqual(dir.history("alice/ledger"));

    off();
    await dir.apply(next(dir, alice, "alice/ledger", { kind: "setDescription", description: "Quiet." }));
    expect(seen).toHaveLength(3);
  });

  it("stores nothing for a refused entry", async () => {
    const storage = createMemoryDirectoryStorage();
    const dir = createDirectory({ storage, sealKey: hubKey });
    await dir.create(signAs(alice, "alice/ledger", "", createAction(alice, "ledger")));
    const before = dir.get("alice/ledger");
    const e = await rejection(dir.apply(next(dir, bob, "alice/ledger", invite(bob, "owner"))));
    expect(e.code).toBe(ErrorCode.Forbidden);
    expect(dir.get("alice/ledger")).toBe(before);
    expect(storage.load("alice/ledger")).toHaveLength(1);
    expect(dir.history("alice/ledger")).toHaveLength(1);
  });

  it("keeps create and apply apart, and checks the entry's shape", async () => {
    const dir = createDirectory({ storage: createMemoryDirectoryStorage(), sealKey: hubKey });
    expect((await rejection(dir.apply(signAs(alice, "alice/ledger", "", createAction(alice, "ledger"))))).code).toBe(ErrorCode.BadRequest);
    expect((await rejection(dir.create(signAs(alice, "alice/ledger", "", { kind: "setDescription", description: "x" })))).code).toBe(ErrorCode.BadRequest);
    expect((await rejection(dir.create({ repo: "alice/ledger" } as never))).code).toBe(ErrorCode.BadRequest);
    expect(dir.list()).toEqual([]);
  });

  it("of two entries signed against the same head, seals one and refuses the other with Conflict", async () => {
    // A slow storage that checks nothing: the directory itself must serialise, not lean on the storage.
    const chains = new Map<string, DirectoryBlock[]>();
    const storage: DirectoryStorage = {
      listRepos: () => [...chains.keys()],
      load: (repo) => [...(chains.get(repo) ?? [])],
      append: async (repo, block) => {
        await new Promise((r) => setTimeout(r, 5));
        chains.set(repo, [...(chains.get(repo) ?? []), block]);
      },
    };
    const dir = createDirectory({ storage, sealKey: hubKey });
    await dir.create(signAs(alice, "alice/ledger", "", createAction(alice, "ledger")));
    await dir.apply(next(dir, alice, "alice/ledger", invite(bob, "admin")));
    const a = next(dir, alice, "alice/ledger", invite(carol, "writer"));
    const b = next(dir, bob, "alice/ledger", invite(dave, "reader"));
    const results = await Promise.allSettled([dir.apply(a), dir.apply(b)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const failure = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failure.reason.code).toBe(ErrorCode.Conflict);
    expect(dir.history("alice/ledger")).toHaveLength(3);
    expect(storage.load("alice/ledger")).toHaveLength(3);

    const twins = await Promise.allSettled([
      dir.create(signAs(bob, "bob/x", "", createAction(bob, "x"))),
      dir.create(signAs(bob, "bob/x", "", createAction(bob, "x", { description: "twin" }))),
    ]);
    expect(twins.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(((twins.find((r) => r.status === "rejected") as PromiseRejectedResult).reason as ChainError).code).toBe(ErrorCode.Conflict);
  });
});

describe("createDirectory on LMDB", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "directory-lmdb-"));
    dirs.push(d);
    return d;
  };

  async function writeSample(folder: string): Promise<RepositoryState> {
    const storage = createLmdbDirectoryStorage(folder);
    const dir = createDirectory({ storage, sealKey: hubKey });
    await dir.create(signAs(alice, "alice/ledger", "", createAction(alice, "ledger")));
    await dir.apply(next(dir, alice, "alice/ledger", invite(bob, "admin")));
    await dir.apply(next(dir, bob, "alice/ledger", invite(carol, "writer")));
    await dir.apply(next(dir, alice, "alice/ledger", { kind: "setProducers", producers: [producer] }));
    await dir.apply(next(dir, bob, "alice/ledger", { kind: "setVisibility", visibility: "private" }));
    await dir.create(signAs(bob, "bob/notes", "", createAction(bob, "notes")));
    const state = dir.get("alice/ledger")!;
    await storage.close();
    return state;
  }

  it("state survives a reopen, and the reopened directory carries on from the stored head", async () => {
    const folder = tempDir();
    const written = await writeSample(folder);
    const storage = createLmdbDirectoryStorage(folder);
    const dir = createDirectory({ storage, sealKey: hubKey });
    expect(dir.get("alice/ledger")).toEqual(written);
    expect(dir.list().map((r) => r.fullName)).toEqual(["alice/ledger", "bob/notes"]);
    expect(dir.history("alice/ledger")).toHaveLength(5);
    // A replay of an entry accepted before the restart is still stale.
    const old = dir.history("alice/ledger")[1]!.entry;
    expect((await rejection(dir.apply(old))).code).toBe(ErrorCode.Conflict);
    await dir.apply(next(dir, alice, "alice/ledger", { kind: "remove", username: "carol" }));
    await storage.close();

    const again = createLmdbDirectoryStorage(folder);
    const reopened = createDirectory({ storage: again, sealKey: hubKey });
    expect(roleOf(reopened.get("alice/ledger")!, "carol")).toBeNull();
    expect(reopened.get("alice/ledger")!.head.height).toBe(5);
    await again.close();
  });

  it("refuses to open over a stored block that was tampered with", async () => {
    const folder = tempDir();
    await writeSample(folder);
    const tamperings: [string, (b: DirectoryBlock & Record<string, unknown>) => void][] = [
      ["a member's role", (b) => ((b.entry.action as { role: string }).role = "owner")],
      ["the block time", (b) => ((b as { time: number }).time += 1)],
      ["the seal", (b) => ((b as { seal: string }).seal = "33".repeat(64))],
    ];
    for (const [what, edit] of tamperings) {
      const copy = tempDir();
      fs.cpSync(folder, copy, { recursive: true });
      // Edit block 2 (bob inviting carol) directly in the LMDB file, as someone with the disk could.
      const env = open({ path: path.join(copy, "directory.lmdb"), maxDbs: 4, compression: false });
      const blocks = env.openDB({ name: "blocks", encoding: "string", keyEncoding: "ordered-binary" });
      const block = JSON.parse(blocks.get(["alice/ledger", 2]) as string);
      edit(block);
      await blocks.put(["alice/ledger", 2], JSON.stringify(block));
      await env.close();

      const storage = createLmdbDirectoryStorage(copy);
      const e = thrown(() => createDirectory({ storage, sealKey: hubKey }));
      expect([ErrorCode.InvalidBlock, ErrorCode.BadSignature], what).toContain(e.code);
      expect(e.message, what).toMatch(/block 2/);
      await storage.close();
    }
  });

  it("refuses a stored chain sealed by a key the hub does not trust", async () => {
    const folder = tempDir();
    await writeSample(folder);
    const storage = createLmdbDirectoryStorage(folder);
    expect(thrown(() => createDirectory({ storage, sealKey: devKeyPair("directory test: new hub key") })).code).toBe(ErrorCode.BadSignature);
    // A rotated-out key is accepted when the hub says so.
    const dir = createDirectory({ storage, sealKey: devKeyPair("directory test: new hub key"), trustedSealers: [hubKey.address] });
    expect(dir.list()).toHaveLength(2);
    await storage.close();
  });

  it("refuses to append a block that does not follow the stored head", async () => {
    const folder = tempDir();
    await writeSample(folder);
    const storage = createLmdbDirectoryStorage(folder);
    const history = storage.load("alice/ledger");
    expect(() => storage.append("alice/ledger", history[1]!)).toThrow(/does not follow/);
    expect(storage.load("alice/ledger")).toEqual(history);
    await storage.close();
  });
});
