/**
 * The chain store commits blocks off the main thread (issue 11, the seal's pause): what it
 * promises while a commit is in flight — read back at once, durable in order, and no journal
 * record of the next height resolved before the block below it is durable.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { createLmdbStore } from "./lmdbStore.ts";
import { MAIN_BRANCH_ID, type BlockRecord, type ChainStore } from "./types.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const freshDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), "aergo-store-"));
  dirs.push(d);
  return d;
};

/** A block record of `txCount` made-up transactions (the store does not read the bytes). */
function record(height: number, txCount: number, branch = MAIN_BRANCH_ID): BlockRecord {
  const hash = sha256(utf8Bytes(`${branch} block ${height}`));
  return {
    hash,
    height,
    branch,
    bytes: utf8Bytes(`bytes of ${height}`.repeat(50)),
    txHashes: Array.from({ length: txCount }, (_, i) => sha256(utf8Bytes(`${branch} tx ${height}.${i}`))),
    meta: { [`head:${branch}`]: toHex(hash) },
  };
}

function expectReadable(store: ChainStore, r: BlockRecord, node: { hash: Uint8Array; bytes: Uint8Array }) {
  expect(store.getBlockBytes(r.hash)).toEqual(r.bytes);
  expect(store.getBlockHash(r.branch, r.height)).toEqual(r.hash);
  expect(store.getTxLocation(r.txHashes.at(-1)!, r.branch)).toEqual({ blockHash: r.hash, index: r.txHashes.length - 1 });
  expect(store.getMeta(`head:${r.branch}`)).toBe(toHex(r.hash));
  expect(store.nodes.get(node.hash)).toEqual(node.bytes);
}

describe("the LMDB chain store", () => {
  it("reads a block back while its commit is in flight, and from the disk once it landed", async () => {
    const dir = freshDir();
    const store = createLmdbStore(dir);
    const node = { hash: sha256(utf8Bytes("a state node")), bytes: utf8Bytes("node bytes") };
    store.nodes.put(node.hash, node.bytes);
    const r = record(1, 3000);
    let landed = false;
    const durable = store.commitBlock(r)!.then(() => (landed = true));
    // The commit runs on LMDB's write thread: the caller's turn sees the block from memory.
    expect(landed).toBe(false);
    expectReadable(store, r, node);
    await durable;
    expectReadable(store, r, node);
    await store.close();

    const reopened = createLmdbStore(dir);
    expectReadable(reopened, r, node);
    expect(reopened.getTxLocation(sha256(utf8Bytes("no such tx")))).toBeUndefined();
    await reopened.close();
  });

  it("holds a journal record of the next height until the block below it is durable", async () => {
    const store = createLmdbStore(freshDir());
    const order: string[] = [];
    const durable = store.commitBlock(record(1, 2000))!.then(() => order.push("block 1 durable"));
    const next = store.journal.append(2, utf8Bytes("a tx of block 2")).then(() => order.push("record of height 2 answered"));
    // Another branch does not wait for main's block.
    const other = store.journalFor("b1").append(5, utf8Bytes("a tx on a branch")).then(() => order.push("branch record"));
    await Promise.all([durable, next, other]);
    expect(order.indexOf("record of height 2 answered")).toBeGreaterThan(order.indexOf("block 1 durable"));
    // With no commit in flight a record resolves on its own write alone.
    await store.journal.append(2, utf8Bytes("another"));
    expect(store.journal.read(2)).toHaveLength(2);
    await store.close();
  });

  it("lands commits in order: meta queued after a block never lands without it", async () => {
    const dir = freshDir();
    const store = createLmdbStore(dir);
    const blocks = [record(1, 500), record(2, 500), record(3, 500)];
    const commits = blocks.map((r) => store.commitBlock(r)!);
    store.commitMeta({ "ref:7": "a branch on block 3" });
    expect(store.getMeta("ref:7")).toBe("a branch on block 3");
    await Promise.all(commits);
    await store.close();
    const reopened = createLmdbStore(dir);
    for (const r of blocks) expect(reopened.getBlockHash(MAIN_BRANCH_ID, r.height)).toEqual(r.hash);
    expect(reopened.getMeta("head:main")).toBe(toHex(blocks[2]!.hash));
    expect(reopened.getMeta("ref:7")).toBe("a branch on block 3");
    await reopened.close();
  });

  it("drops the journals above a height (a restart: nothing there was answered)", async () => {
    const store = createLmdbStore(freshDir());
    for (const h of [3, 4, 5]) await store.journal.append(h, utf8Bytes(`record at ${h}`));
    store.journal.discardAbove(3);
    expect(store.journal.read(3)).toHaveLength(1);
    expect(store.journal.read(4)).toEqual([]);
    expect(store.journal.read(5)).toEqual([]);
    await store.close();
  });
});
