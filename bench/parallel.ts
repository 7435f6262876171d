/**
 * Parallel execution of independent transactions: one block of Token.transfer calls spread over
 * independent token contracts (each with its own holders), executed from the same parent state
 * by the sequential block executor (`executeBlock`) and by the parallel one
 * (`createParallelExecutor`: one share on the calling thread, the others on workers), alternately, each run on fresh
 * runtimes restored at the parent (restoring is not counted; analysing, shipping the databases,
 * the workers, merging and settling are). Both runs must give the same state root.
 *
 *   BENCH=parallel npx tsx bench/run.ts   (BENCH_PARALLEL_TXS, default 4,000; BENCH_PARALLEL_CONTRACTS, default 2;
 *   BENCH_PARALLEL_THREADS, default the cores, 2 to 4)
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { toHex } from "../chain/crypto/hash.ts";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { TOKEN_EXAMPLE } from "../chain/sql/testing/examples.ts";
import { createSeededRandom } from "../chain/testing/seededRandom.ts";
import { createParallelExecutor } from "../chain/node/executeBlockParallel.ts";
import { threadCpuMs } from "../chain/node/threadCpu.ts";
import { executeBlock } from "../chain/node/pendingBlock.ts";
import { createScratchLayer } from "../chain/state/nodeStore.ts";
import { createExecutionBed } from "../chain/testing/executionBed.ts";
import type { SignedTx } from "../chain/tx/tx.ts";
import { fmt } from "./stats.ts";

// As the hub does (server/main.ts): node:crypto's SHA-256 on the hot path (the workers do too).
useNodeCrypto();

const HOLDERS_PER_CONTRACT = 200;

export type ParallelFigures = {
  readonly txs: number;
  readonly contracts: number;
  readonly threads: number;
  readonly cores: number;
  readonly rounds: number;
  readonly sequentialPerSecond: number;
  readonly parallelPerSecond: number;
  readonly speedUp: number;
  /** The same ratio from the fastest run of each kind (less sensitive to other jobs' bursts). */
  readonly bestSpeedUp: number;
  /** What 2 threads give over 1 on this machine now: a fixed CPU-bound loop run twice on one thread vs once on each of two. */
  readonly machineCeiling: number;
  /**
   * CPU time per block (ms, medians; null off Linux): the sequential run's, and the parallel run's
   * critical path — the calling thread's analysis and posting, then the longer of its own share and
   * the slowest worker's, then taking the workers' answers, merging and settling. Their ratio is the
   * speed-up the same run would show on otherwise idle cores.
   */
  readonly cpu: {
    readonly sequential: number;
    readonly before: number;
    readonly own: number;
    readonly worker: number;
    /** The slowest worker's time runnable but without a core during its share (V8's GC helper threads take them on 2 cores). */
    readonly workerWaiting: number;
    readonly wait: number;
    readonly settle: number;
    readonly criticalPath: number;
    readonly estimatedSpeedUp: number;
  } | null;
  /** The machine's 1-minute load average before and after the measured rounds (other jobs share the cores). */
  readonly load: readonly [number, number];
  /** Median ms of the parallel run's phases. */
  readonly phases: { readonly analyse: number; readonly ship: number; readonly own: number; readonly wait: number; readonly settle: number };
};

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchParallel(opts: { txs?: number; contracts?: number; rounds?: number; threads?: number } = {}): Promise<ParallelFigures> {
  const n = opts.txs ?? Number(process.env.BENCH_PARALLEL_TXS ?? 4000);
  const contractCount = opts.contracts ?? Number(process.env.BENCH_PARALLEL_CONTRACTS ?? 2);
  const rounds = opts.rounds ?? 7;
  const holders = HOLDERS_PER_CONTRACT * contractCount;
  // Holder i holds (and trades) only the token i % contractCount: the contracts never meet.
  const bed = await createExecutionBed({
    users: holders,
    contracts: Array.from({ length: contractCount }, (_, i) => ({ source: TOKEN_EXAMPLE, args: [`Bench${i}`, 1_000_000_000] })),
    setup: ({ users, deployer, contracts, call }) => users.map((u, i) => call(deployer, contracts[i % contractCount]!, "transfer", [u.address, 1_000_000])),
  });
  const txs: SignedTx[] = [];
  const random = createSeededRandom(12345);
  for (let i = 0; i < n; i++) {
    const k = i % contractCount;
    const from = k + contractCount * random.int(0, HOLDERS_PER_CONTRACT - 1);
    const to = k + contractCount * random.int(0, HOLDERS_PER_CONTRACT - 1);
    txs.push(bed.sign.call(bed.users[from]!, bed.contracts[k]!, "transfer", [bed.users[to]!.address, 1]));
  }
  const threads = opts.threads ?? Number(process.env.BENCH_PARALLEL_THREADS ?? Math.max(2, Math.min(4, os.cpus().length)));
  const executor = createParallelExecutor({ threads });
  try {
    const run = async (mode: "sequential" | "parallel") => {
      const nodes = createScratchLayer(bed.store);
      const runtime = bed.runtimeAt(nodes);
      try {
        const env = bed.envAt(nodes, runtime);
        const t0 = performance.now();
        const c0 = threadCpuMs();
        const result = mode === "sequential" ? { ...executeBlock(bed.blockOf(txs), env), path: null } : await executor.execute(bed.blockOf(txs), env);
        const c1 = threadCpuMs();
        const ms = performance.now() - t0;
        if (result.pending.receipts.some((r) => r.status !== "success")) throw new Error("a benchmark transfer failed");
        if (mode === "parallel" && result.path?.mode !== "parallel") throw new Error(`the block ran sequentially: ${JSON.stringify(result.path)}`);
        const parallel = result.path?.mode === "parallel" ? result.path : null;
        return { ms, cpuMs: c0 === null || c1 === null ? null : c1 - c0, root: toHex(result.settled.stateRoot), phases: parallel?.ms ?? null, cpu: parallel?.cpu ?? null };
      } finally {
        runtime.engine.close();
      }
    };
    // Warm-up, not counted: the workers' code is compiled by V8 on their first blocks.
    for (let w = 0; w < 5; w++) {
      await run("sequential");
      await run("parallel");
    }
    const loadBefore = os.loadavg()[0]!;
    const seq: number[] = [];
    const par: number[] = [];
    const phases: Array<{ analyse: number; ship: number; own: number; wait: number; settle: number }> = [];
    const seqCpu: number[] = [];
    const parCpu: Array<{ before: number; own: number; wait: number; settle: number; workers: readonly number[]; workersWaiting: readonly number[] }> = [];
    for (let r = 0; r < rounds; r++) {
      const a = await run("sequential");
      const b = await run("parallel");
      if (a.root !== b.root) throw new Error("the parallel run gave another state root than the sequential one");
      seq.push(a.ms);
      par.push(b.ms);
      phases.push(b.phases!);
      if (a.cpuMs !== null) seqCpu.push(a.cpuMs);
      if (b.cpu) parCpu.push(b.cpu);
    }
    const machineCeiling = await twoThreadCeiling();
    let cpu: ParallelFigures["cpu"] = null;
    if (seqCpu.length === rounds && parCpu.length === rounds) {
      const m = (f: (c: (typeof parCpu)[number]) => number) => median(parCpu.map(f));
      const criticalPath = m((c) => c.before + Math.max(c.own, ...c.workers) + c.wait + c.settle);
      const sequential = median(seqCpu);
      cpu = { sequential, before: m((c) => c.before), own: m((c) => c.own), worker: m((c) => Math.max(...c.workers)), workerWaiting: m((c) => Math.max(...c.workersWaiting)), wait: m((c) => c.wait), settle: m((c) => c.settle), criticalPath, estimatedSpeedUp: sequential / criticalPath };
    }
    const sequentialPerSecond = n / (median(seq) / 1000);
    const parallelPerSecond = n / (median(par) / 1000);
    return {
      txs: n,
      contracts: contractCount,
      threads,
      cores: os.cpus().length,
      rounds,
      sequentialPerSecond,
      parallelPerSecond,
      speedUp: parallelPerSecond / sequentialPerSecond,
      bestSpeedUp: Math.min(...seq) / Math.min(...par),
      machineCeiling,
      cpu,
      load: [loadBefore, os.loadavg()[0]!],
      phases: { analyse: median(phases.map((p) => p.analyse)), ship: median(phases.map((p) => p.ship)), own: median(phases.map((p) => p.own)), wait: median(phases.map((p) => p.wait)), settle: median(phases.map((p) => p.settle)) },
    };
  } finally {
    await executor.close();
  }
}

/** A CPU-bound loop (no allocation, no I/O) run twice on this thread, then once here and once on a worker at the same time: the ratio of the two wall times. */
async function twoThreadCeiling(): Promise<number> {
  const LOOP = `let x = 0; for (let i = 0; i < 150_000_000; i++) x = (x + i * 7) % 1_000_003; x;`;
  const spin = () => new Function(`return (() => { ${LOOP.replace("x;", "return x;")} })()`)() as number;
  spin(); // compiled once before timing
  const t0 = performance.now();
  spin();
  spin();
  const one = performance.now() - t0;
  const worker = new Worker(`const { parentPort } = require("node:worker_threads"); parentPort.on("message", () => { ${LOOP} parentPort.postMessage(0); });`, { eval: true });
  try {
    await new Promise<void>((resolve) => {
      worker.once("message", () => resolve());
      worker.postMessage(0); // warm
    });
    const t1 = performance.now();
    const done = new Promise<void>((resolve) => worker.once("message", () => resolve()));
    worker.postMessage(0);
    spin();
    await done;
    return one / (performance.now() - t1);
  } finally {
    await worker.terminate();
  }
}

export function printParallel(f: ParallelFigures) {
  console.log(`Parallel execution of independent transactions: one block of ${f.txs.toLocaleString("en-US")} Token.transfer calls on ${f.contracts} independent token contracts (${HOLDERS_PER_CONTRACT} holders each), ${f.threads} threads (the calling one + ${f.threads - 1} worker${f.threads > 2 ? "s" : ""}) on ${f.cores} cores`);
  console.log(`  sequential (executeBlock):              ${fmt(f.sequentialPerSecond, 0)} tx/s`);
  console.log(`  parallel (createParallelExecutor):      ${fmt(f.parallelPerSecond, 0)} tx/s`);
  console.log(`  speed-up:                               ${fmt(f.speedUp, 2)}×   (goal ≥ 1.7× on 2 cores)`);
  console.log(`  best run of each:                       ${fmt(f.bestSpeedUp, 2)}×;  this machine's 2-thread ceiling now: ${fmt(f.machineCeiling, 2)}× (a CPU-bound loop)`);
  console.log(`  parallel phases (median ms): analysis ${fmt(f.phases.analyse, 1)}, post workers' shares ${fmt(f.phases.ship, 1)}, own share ${fmt(f.phases.own, 1)}, then wait ${fmt(f.phases.wait, 1)}, merge+settle ${fmt(f.phases.settle, 1)}`);
  if (f.cpu) {
    const c = f.cpu;
    console.log(`  CPU time per block (ms, medians): sequential ${fmt(c.sequential, 1)}; parallel critical path ${fmt(c.criticalPath, 1)} = analysis+posting ${fmt(c.before, 1)} + max(own share ${fmt(c.own, 1)}, worker ${fmt(c.worker, 1)}) + answers ${fmt(c.wait, 1)} + merge+settle ${fmt(c.settle, 1)}`);
    console.log(`  the worker's share waited ${fmt(c.workerWaiting, 1)} ms for a core (median): other threads of this process (V8's GC helpers) or other jobs held both`);
    console.log(`  speed-up on idle cores (CPU-time estimate): ${fmt(c.estimatedSpeedUp, 2)}×   (sequential CPU / parallel critical path; wall figures above depend on other jobs)`);
  }
  console.log(`  how: medians of ${f.rounds} alternating runs of the same signed block from the same parent, fresh runtimes each run (restore not counted), same state root checked`);
  console.log(`  machine load (1-min average) ${fmt(f.load[0], 1)} → ${fmt(f.load[1], 1)} on ${f.cores} cores: above ~1 the workers share the cores with other jobs and the ratio falls`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printParallel(await benchParallel());
}
