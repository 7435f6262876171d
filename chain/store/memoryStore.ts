import { createMemoryNodeStore } from "../state/nodeStore.ts";
import { bytesKey as keyOf } from "../crypto/hash.ts";
import { MAIN_BRANCH_ID, type BlockRecord, type ChainStore, type PoolJournal } from "./types.ts";

function createMemoryJournal(): PoolJournal {
  const journals = new Map<number, Uint8Array[]>();
  return {
    append: async (height, r) => {
      const list = journals.get(height);
      if (list) list.push(r);
      else journals.set(height, [r]);
    },
    read: (height) => journals.get(height)?.slice() ?? [],
    discardUpTo: (height) => {
      for (const h of [...journals.keys()]) if (h <= height) journals.delete(h);
    },
    discardAbove: (height) => {
      for (const h of [...journals.keys()]) if (h > height) journals.delete(h);
    },
    drain: async () => {},
  };
}

/** An in-memory ChainStore: every test can build a chain in a line. */
export function createMemoryStore(): ChainStore {
  const blocks = new Map<string, Uint8Array>();
  const heights = new Map<string, Uint8Array>();
  const txs = new Map<string, { blockHash: Uint8Array; index: number }>();
  const meta = new Map<string, string>();
  const journals = new Map<string, PoolJournal>([[MAIN_BRANCH_ID, createMemoryJournal()]]);
  const txKey = (h: Uint8Array, branchId: string) => (branchId === MAIN_BRANCH_ID ? keyOf(h) : `${keyOf(h)}\u0000${branchId}`);
  return {
    nodes: createMemoryNodeStore(),
    journal: journals.get(MAIN_BRANCH_ID)!,
    journalFor(branchId) {
      let j = journals.get(branchId);
      if (!j) journals.set(branchId, (j = createMemoryJournal()));
      return j;
    },
    getBlockBytes: (hash) => blocks.get(keyOf(hash)),
    getBlockHash: (branch, height) => heights.get(`${branch}:${height}`),
    getTxLocation: (h, branchId = MAIN_BRANCH_ID) => txs.get(txKey(h, branchId)),
    getMeta: (k) => meta.get(k),
    commitBlock(r: BlockRecord) {
      blocks.set(keyOf(r.hash), r.bytes);
      heights.set(`${r.branch}:${r.height}`, r.hash);
      r.txHashes.forEach((h, index) => txs.set(txKey(h, r.branch), { blockHash: r.hash, index }));
      for (const [k, v] of Object.entries(r.meta)) meta.set(k, v);
      return undefined;
    },
    commitMeta(entries) {
      for (const [k, v] of Object.entries(entries)) meta.set(k, v);
    },
    close: async () => {},
  };
}
