/**
 * The block executor on worker threads: a block's transactions are split by the dependency
 * analysis (chain/exec/dependencies.ts) into groups that touch disjoint addresses, the groups are
 * run at once (blockGroup.ts: one share on the calling thread, the others on workers), and their results are merged in block order into one pending
 * block that `settleBlock` seals exactly as after `executeBlock`: same receipts, roots, rows,
 * writers and contract snapshots. A serial transaction, a block with fewer than two groups or
 * fewer than `minTxs` transactions, and any group that cannot stand alone run sequentially.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { partitionBlock } from "../exec/dependencies.ts";
import type { BlockChangeLog } from "../exec/contracts.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import type { Account } from "../state/account.ts";
import { appendTx, executeBlock, openPendingBlock, settleBlock, txLeaf, type BlockToExecute, type PendingBlock, type ReceiptMade, type SettledBlock } from "./pendingBlock.ts";
import { createMerkleFrontier } from "../block/merkle.ts";
import { threadCpuMs } from "./threadCpu.ts";
import { startTsWorker } from "./tsWorker.ts";
import { packBytes, receiptMadeAt, runGroup, type BlockGroupInput, type BlockGroupJob, type BlockGroupResult } from "./blockGroup.ts";

export type BlockExecutionEnv = Parameters<typeof executeBlock>[1];

/** How the block ran: on `workers` workers in `groups` groups, or sequentially and why. */
export type ExecutionPath =
  | {
      readonly mode: "parallel";
      readonly groups: number;
      /** Shares run at once: one on the calling thread, the others on workers. */
      readonly threads: number;
      /**
       * Wall time (ms) of its phases (benchmarks read it): the dependency analysis, reading and posting the workers' shares,
       * running the calling thread's share, then waiting for the workers, then merging and settling.
       */
      readonly ms: { readonly analyse: number; readonly ship: number; readonly own: number; readonly wait: number; readonly settle: number };
      /**
       * CPU time (ms) of the same phases on the calling thread (analysis and posting together) and
       * of each worker's share on its thread (threadCpu.ts; null off Linux): what the run costs
       * where other jobs share the cores and wall time does not say.
       */
      readonly cpu: {
        readonly before: number;
        readonly own: number;
        readonly wait: number;
        readonly settle: number;
        readonly workers: readonly number[];
        /** Per worker, the ms its thread was runnable but waited for a core during its share (other threads had them). */
        readonly workersWaiting: readonly number[];
      } | null;
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
 * Starts `threads - 1` workers (SQLite's WebAssembly loads once in each); the calling thread
 * runs one share of each block itself. Default: the cores, 2 to 4.
 * @example const exec = createParallelExecutor({ threads: 2 }); const run = await exec.execute(block, env);
 */
export function createParallelExecutor(opts: { threads?: number; minTxs?: number } = {}): ParallelExecutor {
  const threads = Math.max(2, opts.threads ?? Math.min(4, os.cpus().length));
  const minTxs = opts.minTxs ?? 64;
  // One share runs on the calling thread (it would only wait otherwise): threads - 1 workers.
  const pool = Array.from({ length: threads - 1 }, () => startWorker());

  async function execute(block: BlockToExecute, env: BlockExecutionEnv): Promise<ParallelBlockRun> {
    const sequential = (reason: string): ParallelBlockRun => ({ ...executeBlock(block, env), path: { mode: "sequential", reason } });
    if (block.txs.length < minTxs) return sequential(`${block.txs.length} transactions, fewer than ${minTxs}`);
    const tA = performance.now();
    const c0 = threadCpuMs();
    const { groups, serialReason } = partitionBlock(block.txs, (address) => env.runtime.code(address)?.artifact ?? null);
    if (serialReason) return sequential(`a serial transaction: ${serialReason}`);
    if (groups.length < 2) return sequential("one group: every transaction depends on another");

    const shares = assignGroups(groups, threads);
    const [own, ...others] = shares as [number[], ...number[][]];
    const t0 = performance.now();
    // Each worker's share goes out as soon as it is read, so it runs while the next is read.
    const running = others.map((positions, i) => pool[i]!.run(jobFor(block, env, positions)));
    const t1 = performance.now();
    const c1 = threadCpuMs();
    let ownResult: BlockGroupResult;
    try {
      ownResult = runGroup(groupInput(block, env, own), env.runtime.engine.sqlite);
    } catch (e) {
      ownResult = { outcome: "sequential", reason: `the group failed: ${e instanceof Error ? e.message : String(e)}` };
    }
    // The block's tx Merkle tree needs only the hashes: built here while the workers finish
    // their shares (this thread's share is the smallest), not in the merge after them.
    const txTree = createMerkleFrontier();
    for (const tx of block.txs) txTree.push(txLeaf(tx));
    const t2 = performance.now();
    const c2 = threadCpuMs();
    let answers: WorkerAnswer[];
    try {
      answers = await Promise.all(running);
    } catch (e) {
      // A worker that died is the executor's failure, not the block's: the block runs here.
      return sequential(`a worker failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const results = [ownResult, ...answers.map((a) => a.result)];
    const t3 = performance.now();
    const c3 = threadCpuMs();
    const refused = results.find((r) => r.outcome === "sequential");
    if (refused?.outcome === "sequential") return sequential(refused.reason);
    const executed = results.filter((r) => r.outcome === "executed");

    // Merge in block order: accounts and contracts in the order a sequential run first wrote them.
    const pending = openPendingBlock(block.parent, env.readParent, block.timestamp, block.timestamp, env.readParentEntry, { txTree });
    const accounts = executed.flatMap((r) => r.accounts.map(([address, account, first], i) => ({ address, account, first, i })));
    accounts.sort((a, b) => a.first - b.first || a.i - b.i);
    for (const a of accounts) pending.state.set(a.address, a.account);
    const receipts = new Array<ExecReceipt>(block.txs.length);
    const made = new Array<ReceiptMade>(block.txs.length);
    executed.forEach((r, j) =>
      shares[j]!.forEach((position, i) => {
        receipts[position] = r.receipts[i]!;
        made[position] = receiptMadeAt(r, i);
      }),
    );
    block.txs.forEach((tx, i) => appendTx(pending, tx, receipts[i]!, made[i]!));
    const changes = executed.flatMap((r) => r.changes).sort((a, b) => a.first - b.first);
    env.runtime.absorbBlockRun({ databases: executed.flatMap((r) => r.databases), changes: changes.map((c) => c.log) satisfies BlockChangeLog });
    const settled = settleBlock(pending, { producer: block.producer, runtime: env.runtime, commitAccounts: env.commitAccounts });
    const ms = { analyse: t0 - tA, ship: t1 - t0, own: t2 - t1, wait: t3 - t2, settle: performance.now() - t3 };
    const c4 = threadCpuMs();
    const scheds = answers.map((a) => a.sched);
    const cpu =
      c0 === null || c1 === null || c2 === null || c3 === null || c4 === null || scheds.some((w) => w === null)
        ? null
        : { before: c1 - c0, own: c2 - c1, wait: c3 - c2, settle: c4 - c3, workers: scheds.map((w) => w!.cpuMs), workersWaiting: scheds.map((w) => w!.waitMs) };
    return { pending, settled, path: { mode: "parallel", groups: groups.length, threads: shares.length, ms, cpu } };
  }

  return {
    execute,
    async close() {
      await Promise.all(pool.map((w) => w.close()));
    },
  };
}

/** A share's context, addresses and the contracts among them (code and database at the parent state). */
function shareOf(block: BlockToExecute, env: BlockExecutionEnv, positions: readonly number[]) {
  const addresses = new Set<string>();
  for (const position of positions) {
    const tx = block.txs[position]!;
    addresses.add(tx.from);
    if (tx.to) addresses.add(tx.to);
  }
  const contracts = [...addresses].flatMap((address) => {
    const code = env.runtime.code(address);
    return code ? [{ address, code, database: env.runtime.engine.snapshot(address) }] : [];
  });
  const { chainIdHash, minGasPrice, maxVotes, branch } = env.context;
  const context = { chainIdHash, minGasPrice, maxVotes, ...(branch === undefined ? {} : { branch }), height: block.parent.height + 1, timestamp: block.timestamp };
  return { context, addresses, contracts };
}

/** The calling thread's share: its transactions as they are, its accounts read when asked (only those of its set). */
function groupInput(block: BlockToExecute, env: BlockExecutionEnv, positions: readonly number[]): BlockGroupInput {
  const { context, addresses, contracts } = shareOf(block, env, positions);
  return { context, contracts, positions, txs: positions.map((p) => block.txs[p]!), readParent: (a) => (addresses.has(a) ? env.readParent(a) : undefined) };
}

/** What a worker needs for its share: the accounts and contract databases its transactions may touch, at the parent state. */
function jobFor(block: BlockToExecute, env: BlockExecutionEnv, positions: readonly number[]): BlockGroupJob {
  const { context, addresses, contracts } = shareOf(block, env, positions);
  const accounts: Array<readonly [string, Account]> = [...addresses].map((a) => [a, env.readParent(a)]);
  const txs = packBytes(positions.map((p) => block.txs[p]!.bytes));
  return {
    context,
    accounts,
    contracts,
    txBytes: txs.bytes,
    txOffsets: txs.offsets,
    txHashes: packBytes(positions.map((p) => block.txs[p]!.hash)).bytes,
    txHashTexts: positions.map((p) => block.txs[p]!.hashText),
    positions,
  };
}

/**
 * Longest group first onto the least loaded share; each share in block order, the smallest
 * first: the calling thread takes it, since it also analyses, posts, builds the tx tree and merges.
 */
function assignGroups(groups: ReadonlyArray<readonly number[]>, threads: number): number[][] {
  const shares = Array.from({ length: Math.min(threads, groups.length) }, () => [] as number[]);
  for (const group of [...groups].sort((a, b) => b.length - a.length)) {
    let least = shares[0]!;
    for (const s of shares) if (s.length < least.length) least = s;
    least.push(...group);
  }
  return shares.sort((a, b) => a.length - b.length).map((s) => s.sort((a, b) => a - b));
}

/** What a worker's thread spent on a share: ms on a CPU, and ms runnable but waiting for one. */
type WorkerSched = { readonly cpuMs: number; readonly waitMs: number };
/** A worker's result and its thread's scheduling figures (null where unknown). */
type WorkerAnswer = { readonly result: BlockGroupResult; readonly sched: WorkerSched | null };

/** A worker of the executor (tsWorker.ts: our TypeScript entry under tsx's loader). */
function startWorker() {
  const { worker, ready } = startTsWorker(new URL("./blockGroupWorker.ts", import.meta.url));
  worker.unref();
  let isReady = false;
  void ready.then(() => (isReady = true));
  const waiting = new Map<number, { resolve: (r: WorkerAnswer) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  // Referenced only while a job is out, so an idle executor never keeps the process alive.
  const settle = () => {
    if (waiting.size === 0) worker.unref();
  };
  worker.on("message", (m: { id?: number; result?: BlockGroupResult; sched?: WorkerSched | null }) => {
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    settle();
    w?.resolve({ result: m.result!, sched: m.sched ?? null });
  });
  const failAll = (e: unknown) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
    settle();
  };
  worker.on("error", failAll);
  worker.on("exit", (code) => failAll(new Error(`the worker exited (code ${code})`)));
  return {
    async run(job: BlockGroupJob): Promise<WorkerAnswer> {
      worker.ref();
      // Posted at once when the worker is up (no await: the caller's next share waits on nothing).
      if (!isReady) {
        try {
          await ready;
        } catch (e) {
          settle();
          throw e;
        }
      }
      const id = nextId++;
      return new Promise<WorkerAnswer>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, job });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
