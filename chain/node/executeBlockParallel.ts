/**
 * The block executor on worker threads: a block's transactions are split by the dependency
 * analysis (chain/exec/dependencies.ts) into groups that touch disjoint addresses, the groups are
 * run on workers (blockGroup.ts), and their results are merged in block order into one pending
 * block that `settleBlock` seals exactly as after `executeBlock`: same receipts, roots, rows,
 * writers and contract snapshots. A serial transaction, a block with fewer than two groups or
 * fewer than `minTxs` transactions, and any group that cannot stand alone run sequentially.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { partitionBlock } from "../exec/dependencies.ts";
import type { BlockChangeLog } from "../exec/contracts.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import type { Account } from "../state/account.ts";
import { appendTx, executeBlock, openPendingBlock, settleBlock, type BlockToExecute, type PendingBlock, type SettledBlock } from "./pendingBlock.ts";
import type { BlockGroupJob, BlockGroupResult } from "./blockGroup.ts";

export type BlockExecutionEnv = Parameters<typeof executeBlock>[1];

/** How the block ran: on `workers` workers in `groups` groups, or sequentially and why. */
export type ExecutionPath =
  | {
      readonly mode: "parallel";
      readonly groups: number;
      readonly workers: number;
      /** Wall time (ms) of its phases: analysing and shipping, the workers, merging and settling (benchmarks read it). */
      readonly ms: { readonly ship: number; readonly workers: number; readonly settle: number };
    }
  | { readonly mode: "sequential"; readonly reason: string };

export type ParallelBlockRun = { readonly pending: PendingBlock; readonly settled: SettledBlock; readonly path: ExecutionPath };

export type ParallelExecutor = {
  /**
   * Executes a block like `executeBlock`, its independent groups on the workers.
   * @throws ChainError when a transaction cannot be included (from the sequential run it falls back to).
   */
  execute(block: BlockToExecute, env: BlockExecutionEnv): Promise<ParallelBlockRun>;
  /** Stops the workers. */
  close(): Promise<void>;
};

/**
 * Starts the workers (SQLite's WebAssembly loads once in each).
 * @example const exec = createParallelExecutor({ workers: 2 }); const run = await exec.execute(block, env);
 */
export function createParallelExecutor(opts: { workers?: number; minTxs?: number } = {}): ParallelExecutor {
  const size = Math.max(1, opts.workers ?? Math.min(2, os.cpus().length));
  const minTxs = opts.minTxs ?? 64;
  const pool = Array.from({ length: size }, () => startWorker());

  async function execute(block: BlockToExecute, env: BlockExecutionEnv): Promise<ParallelBlockRun> {
    const sequential = (reason: string): ParallelBlockRun => ({ ...executeBlock(block, env), path: { mode: "sequential", reason } });
    if (block.txs.length < minTxs) return sequential(`${block.txs.length} transactions, fewer than ${minTxs}`);
    const { groups, serialReason } = partitionBlock(block.txs, (address) => env.runtime.code(address)?.artifact ?? null);
    if (serialReason) return sequential(`a serial transaction: ${serialReason}`);
    if (groups.length < 2) return sequential("one group: every transaction depends on another");

    const shares = assignGroups(groups, size);
    const t0 = performance.now();
    const jobs = shares.map((positions) => jobFor(block, env, positions));
    const t1 = performance.now();
    const results = await Promise.all(jobs.map((job, i) => pool[i]!.run(job)));
    const t2 = performance.now();
    const refused = results.find((r) => r.outcome === "sequential");
    if (refused?.outcome === "sequential") return sequential(refused.reason);
    const executed = results.filter((r) => r.outcome === "executed");

    // Merge in block order: accounts and contracts in the order a sequential run first wrote them.
    const pending = openPendingBlock(block.parent, env.readParent, block.timestamp, block.timestamp, env.readParentEntry);
    const accounts = executed.flatMap((r) => r.accounts.map(([address, account, first], i) => ({ address, account, first, i })));
    accounts.sort((a, b) => a.first - b.first || a.i - b.i);
    for (const a of accounts) pending.state.set(a.address, a.account);
    const receipts = new Array<ExecReceipt>(block.txs.length);
    const receiptHashes = new Array<Uint8Array>(block.txs.length);
    executed.forEach((r, j) =>
      jobs[j]!.positions.forEach((position, i) => {
        receipts[position] = r.receipts[i]!;
        receiptHashes[position] = r.receiptHashes[i]!;
      }),
    );
    block.txs.forEach((tx, i) => appendTx(pending, tx, receipts[i]!));
    const changes = executed.flatMap((r) => r.changes).sort((a, b) => a.first - b.first);
    env.runtime.absorbBlockRun({ databases: executed.flatMap((r) => r.databases), changes: changes.map((c) => c.log) satisfies BlockChangeLog });
    const settled = settleBlock(pending, { producer: block.producer, runtime: env.runtime, commitAccounts: env.commitAccounts, receiptHashes });
    const ms = { ship: t1 - t0, workers: t2 - t1, settle: performance.now() - t2 };
    return { pending, settled, path: { mode: "parallel", groups: groups.length, workers: jobs.length, ms } };
  }

  return {
    execute,
    async close() {
      await Promise.all(pool.map((w) => w.close()));
    },
  };
}

/** What a worker needs for its share: the accounts and contract databases its transactions may touch, at the parent state. */
function jobFor(block: BlockToExecute, env: BlockExecutionEnv, positions: readonly number[]): BlockGroupJob {
  const addresses = new Set<string>();
  for (const position of positions) {
    const tx = block.txs[position]!;
    addresses.add(tx.from);
    if (tx.to) addresses.add(tx.to);
  }
  const accounts: Array<readonly [string, Account]> = [...addresses].map((a) => [a, env.readParent(a)]);
  const contracts = [...addresses].flatMap((address) => {
    const code = env.runtime.code(address);
    return code ? [{ address, code, database: env.runtime.engine.snapshot(address) }] : [];
  });
  const { chainIdHash, minGasPrice, maxVotes, branch } = env.context;
  return {
    context: { chainIdHash, minGasPrice, maxVotes, ...(branch === undefined ? {} : { branch }), height: block.parent.height + 1, timestamp: block.timestamp },
    accounts,
    contracts,
    ...packTxs(positions.map((p) => block.txs[p]!.bytes)),
    txHashes: packTxs(positions.map((p) => block.txs[p]!.hash)).txBytes,
    txHashTexts: positions.map((p) => block.txs[p]!.hashText),
    positions,
  };
}

/** Byte strings one after the other in one buffer, with where each ends: one object to clone instead of one per transaction. */
function packTxs(parts: readonly Uint8Array[]): { txBytes: Uint8Array; txOffsets: Uint32Array } {
  const txOffsets = new Uint32Array(parts.length + 1);
  parts.forEach((p, i) => (txOffsets[i + 1] = txOffsets[i]! + p.length));
  const txBytes = new Uint8Array(txOffsets[parts.length]!);
  parts.forEach((p, i) => txBytes.set(p, txOffsets[i]!));
  return { txBytes, txOffsets };
}

/** Longest group first onto the least loaded worker; each worker's share in block order. */
function assignGroups(groups: ReadonlyArray<readonly number[]>, workers: number): number[][] {
  const shares = Array.from({ length: Math.min(workers, groups.length) }, () => [] as number[]);
  for (const group of [...groups].sort((a, b) => b.length - a.length)) {
    let least = shares[0]!;
    for (const s of shares) if (s.length < least.length) least = s;
    least.push(...group);
  }
  return shares.map((s) => s.sort((a, b) => a - b));
}

/** A worker running TypeScript through tsx's loader (registered inside the thread). */
function startWorker() {
  const entry = new URL("./blockGroupWorker.ts", import.meta.url).href;
  const worker = new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    worker.once("error", reject);
    const onReady = (m: { ready?: boolean }) => {
      if (m.ready) {
        worker.off("message", onReady);
        resolve();
      }
    };
    worker.on("message", onReady);
  });
  ready.catch(() => {}); // surfaced by the job that waits on it
  const waiting = new Map<number, { resolve: (r: BlockGroupResult) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  // Referenced only while a job is out, so an idle executor never keeps the process alive.
  const settle = () => {
    if (waiting.size === 0) worker.unref();
  };
  worker.on("message", (m: { id?: number; result?: BlockGroupResult }) => {
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    settle();
    w?.resolve(m.result!);
  });
  worker.on("error", (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    settle();
  });
  return {
    async run(job: BlockGroupJob): Promise<BlockGroupResult> {
      worker.ref();
      try {
        await ready;
      } catch (e) {
        settle();
        throw e;
      }
      const id = nextId++;
      return new Promise<BlockGroupResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
