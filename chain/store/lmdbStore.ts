import fs from "node:fs";
import path from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import type { NodeStore } from "../state/nodeStore.ts";
import { createFileJournal } from "./fileJournal.ts";
import { MAIN_BRANCH_ID, type BlockRecord, type ChainStore, type PoolJournal } from "./types.ts";
import { bytesKey } from "../crypto/hash.ts";

const keyOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
// Map keys: one char per byte (the one rule for bytes-keyed Maps, chain/crypto/hash.ts).
const latin1 = bytesKey;

/**
 * One commit on its way to the disk (a block, or meta alone): what it writes, readable from
 * memory until LMDB's write thread has committed it. Map keys are the latin1 strings of the keys.
 */
type InFlight = {
  readonly nodes: ReadonlyMap<string, StateNode>;
  readonly block: {
    readonly record: BlockRecord;
    readonly hashKey: string;
    /** Position of each transaction by its hash's latin1 key, built on the first lookup. */
    positions?: Map<string, number>;
  } | null;
  readonly meta: ReadonlyMap<string, string>;
};
type StateNode = { readonly hash: Uint8Array; readonly bytes: Uint8Array };

/**
 * The durable chain store: LMDB (copy-on-write B+tree, overlapping sync) in `dir`, plus the pool
 * journal files.
 *
 * A block is committed on LMDB's write thread: the seal only queues its writes (~1 ms for 3,000
 * transactions) where a synchronous commit held the main thread 7–36 ms, growing with the store
 * (random keys dirty a page each), and every request waiting with it (issue 11, the concurrent
 * receipt p99). Until the commit lands, the block is read from memory (`inFlight`), so the node
 * sees one store. `commitBlock`'s promise resolves once the block is committed and flushed
 * (LMDB's overlapping sync flushes after the commit, on its thread); only then may its journal
 * go, so a kill -9 or a power loss before that replays the answered transactions into the same
 * height.
 * Writes of one event turn are one LMDB transaction (lmdb-js batches them), and transactions
 * commit in order, so a later block never lands without an earlier one.
 *
 * Meta-only commits (refs, merges) are queued the same way, in order behind the blocks: a
 * synchronous one could land ahead of a block it names (a branch created on a head still in
 * flight). A crash before one lands loses it; the hub restores branches from its directory.
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
  // Each branch's newest block commit still in flight: its next height's records wait for it.
  const committing = new Map<string, Promise<void>>();
  // Other branches' journals live beside main's, one folder per branch store id.
  const journalOf = (branchId: string, folder: string): PoolJournal & { close(): Promise<void> } => {
    const file = createFileJournal(folder);
    return {
      ...file,
      append(height, record) {
        const written = file.append(height, record);
        const below = committing.get(branchId);
        return below ? Promise.all([written, below]).then(() => undefined) : written;
      },
    };
  };
  const journal = journalOf(MAIN_BRANCH_ID, path.join(dir, "journal"));
  const journals = new Map<string, PoolJournal & { close(): Promise<void> }>([[MAIN_BRANCH_ID, journal]]);
  // A transaction's location on a branch other than main: its hash followed by the branch id.
  const txKey = (h: Uint8Array, branchId: string) => (branchId === MAIN_BRANCH_ID ? keyOf(h) : Buffer.concat([keyOf(h), Buffer.from(`\u0000${branchId}`, "utf8")]));

  // New state nodes wait here until the block that made them commits (all or nothing).
  let buffered = new Map<string, StateNode>();
  // Commits queued on LMDB's write thread and not yet landed, oldest first.
  const inFlight: InFlight[] = [];
  const pendingCommits = new Set<Promise<void>>();
  const newest = <T>(pick: (f: InFlight) => T | undefined): T | undefined => {
    for (let i = inFlight.length - 1; i >= 0; i--) {
      const hit = pick(inFlight[i]!);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  /**
   * Queues `f`'s writes on LMDB's write thread and serves them from memory until they commit.
   * Every put of one turn is one transaction, so the last put resolves when all have committed.
   * A failed commit stays in memory (the running node stays whole) and fails what waits on it;
   * a restart replays the journal.
   */
  function queue(f: InFlight): Promise<void> {
    inFlight.push(f);
    const last = writeAll(f) ?? Promise.resolve(true);
    // Overlapping sync flushes a transaction to the disk after committing it: taken now, while
    // lmdb-js's flush promise is this batch's. Durable means both (a power loss keeps it too).
    const flushed = new Promise<void>((resolve, reject) => env.flushed.then(() => resolve(), reject));
    const committed = last.then(() => {
      env.resetReadTxn(); // the next read sees the commit, then the memory copy goes
      inFlight.splice(inFlight.indexOf(f), 1);
    });
    const durable = Promise.all([committed, flushed]).then(() => undefined);
    pendingCommits.add(durable);
    const forget = () => pendingCommits.delete(durable);
    durable.then(forget, forget);
    return durable;
  }

  // Queues a put of every entry of `f` into its table (keys and values are views, not copies).
  function writeAll(f: InFlight): Promise<boolean> | undefined {
    let last: Promise<boolean> | undefined;
    for (const n of f.nodes.values()) last = nodesDb.put(keyOf(n.hash), keyOf(n.bytes));
    if (f.block) {
      const r = f.block.record;
      blocks.put(keyOf(r.hash), keyOf(r.bytes));
      last = heights.put(`${r.branch}:${r.height}`, keyOf(r.hash));
      // One buffer for every location: block hash ‖ u32 index, 36 bytes each.
      const locations = Buffer.allocUnsafe(36 * r.txHashes.length);
      r.txHashes.forEach((h, i) => {
        const loc = locations.subarray(36 * i, 36 * i + 36);
        loc.set(r.hash, 0);
        loc.writeUInt32BE(i, 32);
        last = txs.put(txKey(h, r.branch), loc);
      });
    }
    for (const [k, v] of f.meta) last = meta.put(k, v);
    return last;
  }

  /** Where a transaction (its hash's latin1 key) sits in an in-flight block of `branchId`, if it does. */
  function inFlightLocation(f: InFlight, key: string, branchId: string): { blockHash: Uint8Array; index: number } | undefined {
    const b = f.block;
    if (!b || b.record.branch !== branchId) return undefined;
    b.positions ??= new Map(b.record.txHashes.map((h, i) => [latin1(h), i]));
    const index = b.positions.get(key);
    return index === undefined ? undefined : { blockHash: b.record.hash, index };
  }

  const nodes: NodeStore = {
    get(hash) {
      const k = latin1(hash);
      const hit = buffered.get(k) ?? (inFlight.length ? newest((f) => f.nodes.get(k)) : undefined);
      if (hit) return hit.bytes;
      const v = nodesDb.getBinary(keyOf(hash));
      return v ? new Uint8Array(v) : undefined;
    },
    put(hash, bytes) {
      buffered.set(latin1(hash), { hash, bytes });
    },
  };

  return {
    nodes,
    journal,
    journalFor(branchId) {
      let j = journals.get(branchId);
      if (!j) journals.set(branchId, (j = journalOf(branchId, path.join(dir, "journals", branchId))));
      return j;
    },
    getBlockBytes: (hash) => {
      const key = inFlight.length ? latin1(hash) : "";
      const queued = key ? newest((f) => (f.block?.hashKey === key ? f.block.record.bytes : undefined)) : undefined;
      if (queued) return queued;
      const v = blocks.getBinary(keyOf(hash));
      return v ? new Uint8Array(v) : undefined;
    },
    getBlockHash: (branch, height) => {
      const queued = inFlight.length ? newest((f) => (f.block?.record.branch === branch && f.block.record.height === height ? f.block.record.hash : undefined)) : undefined;
      if (queued) return queued;
      const v = heights.getBinary(`${branch}:${height}`);
      return v ? new Uint8Array(v) : undefined;
    },
    getTxLocation: (h, branchId = MAIN_BRANCH_ID) => {
      const key = inFlight.length ? latin1(h) : "";
      const queued = key ? newest((f) => inFlightLocation(f, key, branchId)) : undefined;
      if (queued) return queued;
      const v = txs.getBinary(txKey(h, branchId));
      if (!v) return undefined;
      return { blockHash: new Uint8Array(v.subarray(0, 32)), index: v.readUInt32BE(32) };
    },
    getMeta: (k) => (inFlight.length ? newest((f) => f.meta.get(k)) : undefined) ?? meta.get(k) ?? undefined,
    commitBlock(r: BlockRecord) {
      const committed = queue({ nodes: buffered, block: { record: r, hashKey: latin1(r.hash) }, meta: new Map(Object.entries(r.meta)) });
      buffered = new Map();
      committing.set(r.branch, committed);
      const forget = () => {
        if (committing.get(r.branch) === committed) committing.delete(r.branch);
      };
      committed.then(forget, () => undefined);
      return committed;
    },
    commitMeta(entries) {
      void queue({ nodes: new Map(), block: null, meta: new Map(Object.entries(entries)) }).catch(() => undefined);
    },
    async close() {
      await Promise.allSettled([...pendingCommits]);
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
