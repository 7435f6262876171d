import fs from "node:fs";
import path from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import type { NodeStore } from "../state/nodeStore.ts";
import { createFileJournal } from "./fileJournal.ts";
import { MAIN_BRANCH_ID, type BlockRecord, type ChainStore, type PoolJournal } from "./types.ts";

const keyOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * The durable chain store: LMDB (copy-on-write B+tree, synced commits) in `dir`, plus the pool
 * journal file. A block reported sealed survives kill -9: commitBlock returns only after the
 * LMDB transaction is synced.
 */
export function createLmdbStore(dir: string): ChainStore {
  fs.mkdirSync(dir, { recursive: true });
  const env: RootDatabase = open({ path: path.join(dir, "chain.lmdb"), maxDbs: 8, compression: false, mapSize: 64 * 1024 ** 3 });
  const binary = { keyEncoding: "binary", encoding: "binary" } as const;
  const blocks: Database<Buffer, Buffer> = env.openDB({ name: "blocks", ...binary });
  const nodesDb: Database<Buffer, Buffer> = env.openDB({ name: "nodes", ...binary });
  const txs: Database<Buffer, Buffer> = env.openDB({ name: "txs", ...binary });
  const heights: Database<Buffer, string> = env.openDB({ name: "heights", encoding: "binary", keyEncoding: "ordered-binary" }) as never;
  const meta: Database<string, string> = env.openDB({ name: "meta", encoding: "string", keyEncoding: "ordered-binary" }) as never;
  const journal = createFileJournal(path.join(dir, "journal"));
  // Other branches' journals live beside main's, one folder per branch store id.
  const journals = new Map<string, PoolJournal & { close(): Promise<void> }>([[MAIN_BRANCH_ID, journal]]);
  // A transaction's location on a branch other than main: its hash followed by the branch id.
  const txKey = (h: Uint8Array, branchId: string) => (branchId === MAIN_BRANCH_ID ? keyOf(h) : Buffer.concat([keyOf(h), Buffer.from(`\u0000${branchId}`, "utf8")]));

  // New state nodes wait here until the block that made them commits (all or nothing).
  let buffered = new Map<string, Uint8Array>();
  const nodes: NodeStore = {
    get(hash) {
      const k = keyOf(hash).toString("latin1");
      const hit = buffered.get(k);
      if (hit) return hit;
      const v = nodesDb.getBinary(keyOf(hash));
      return v ? new Uint8Array(v) : undefined;
    },
    put(hash, bytes) {
      buffered.set(keyOf(hash).toString("latin1"), bytes);
    },
  };

  return {
    nodes,
    journal,
    journalFor(branchId) {
      let j = journals.get(branchId);
      if (!j) journals.set(branchId, (j = createFileJournal(path.join(dir, "journals", branchId))));
      return j;
    },
    getBlockBytes: (hash) => {
      const v = blocks.getBinary(keyOf(hash));
      return v ? new Uint8Array(v) : undefined;
    },
    getBlockHash: (branch, height) => {
      const v = (heights as unknown as Database<Buffer, string>).getBinary(`${branch}:${height}` as never);
      return v ? new Uint8Array(v) : undefined;
    },
    getTxLocation: (h, branchId = MAIN_BRANCH_ID) => {
      const v = txs.getBinary(txKey(h, branchId));
      if (!v) return undefined;
      return { blockHash: new Uint8Array(v.subarray(0, 32)), index: v.readUInt32BE(32) };
    },
    getMeta: (k) => meta.get(k) ?? undefined,
    commitBlock(r: BlockRecord) {
      const pending = buffered;
      buffered = new Map();
      env.transactionSync(() => {
        for (const [k, v] of pending) nodesDb.putSync(Buffer.from(k, "latin1"), Buffer.from(v.buffer, v.byteOffset, v.byteLength));
        blocks.putSync(keyOf(r.hash), Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength));
        (heights as unknown as Database<Buffer, string>).putSync(`${r.branch}:${r.height}` as never, keyOf(r.hash) as never);
        r.txHashes.forEach((h, i) => {
          const loc = Buffer.allocUnsafe(36);
          loc.set(r.hash, 0);
          loc.writeUInt32BE(i, 32);
          txs.putSync(txKey(h, r.branch), loc);
        });
        for (const [k, v] of Object.entries(r.meta)) meta.putSync(k, v);
      });
    },
    commitMeta(entries) {
      env.transactionSync(() => {
        for (const [k, v] of Object.entries(entries)) meta.putSync(k, v);
      });
    },
    async close() {
      for (const j of journals.values()) await j.close();
      await env.close();
    },
  };
}

/**
 * The pids (other than ours) holding the chain store in `dir` open: a running hub keeps an LMDB
 * reader slot from its first read until it closes. readerCheck() first clears the slots of dead
 * processes, so a hub killed with kill -9 does not count.
 */
export async function otherProcessesHoldingStore(dir: string): Promise<number[]> {
  const lmdbPath = path.join(dir, "chain.lmdb");
  if (!fs.existsSync(lmdbPath)) return [];
  const env = open({ path: lmdbPath, readOnly: true });
  try {
    env.readerCheck();
    const pids = [...env.readerList().matchAll(/^\s*(\d+)\s+\S+\s+\S+\s*$/gm)].map((m) => Number(m[1]));
    return [...new Set(pids)].filter((pid) => pid !== process.pid);
  } finally {
    await env.close();
  }
}
