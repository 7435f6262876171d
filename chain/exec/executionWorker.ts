/**
 * The execution worker: a contract call that outlives the producer's slice on the main thread
 * (a runaway CTE, a heavy procedure) runs again on a worker thread that owns an SQL engine of
 * its own, so the node keeps answering reads and making blocks while it runs; so does a view
 * that outlives its slice (on a copy of the database it reads, nothing to adopt). The worker gets
 * the called contract's live database and asks the node, synchronously, for what it reaches
 * while running (balances, a CALL's target): the node answers from the pending state, where
 * what the call has touched cannot change until it is adopted (the pool lets through only what
 * misses it, txPool.ts). The worker's result is deterministic in those inputs, so the node adopts it
 * (SqlEngine.adopt: its transfers and changesets) instead of running the call itself, and a
 * block replayed later on one thread gets the same receipt. A deploy's constructor and a
 * redeploy's migration go the same way (adoptDeploy, adoptRedeploy), and contract sources are
 * compiled here too (compiling a big one holds a thread for a tenth of a second or more).
 *
 * The synchronous channel: the worker posts its question, then sleeps on a shared flag
 * (Atomics.wait); the node posts the answer on a second port and raises the flag; the worker
 * wakes and takes the answer with receiveMessageOnPort.
 *
 * Several threads (DEFAULT_EXECUTION_THREADS): the pool keeps the calls running side by side
 * apart (txPool.ts: their touched sets stay disjoint), and views need no care.
 */
import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import type { CallContext, CompileResult, ComputedCall, ContractArtifact, QueryResult, SqlLimits, SqlValue, UpgradePlan } from "../sql/index.ts";
import { startTsWorker } from "../node/tsWorker.ts";

/**
 * One call for the worker: the contract's database and code as the pending state holds them. Or
 * one deploy (`deploy`): the constructor runs on a fresh database of `artifact` at `contract`, the
 * address the deploy creates (`database` is empty, `procedure` unused). Or one redeploy
 * (`upgradeTo`, `procedure` unused).
 */
export type CallJob = {
  readonly contract: string;
  readonly deploy?: boolean;
  /** A redeploy: the contract (`database`, `artifact` as deployed) is upgraded to this; the result carries the upgraded database. */
  readonly upgradeTo?: ContractArtifact;
  readonly procedure: string;
  readonly args: readonly SqlValue[] | unknown;
  /** The call context the node would give the engine, with the admission budget (timeBudgetMs). */
  readonly context: CallContext;
  readonly limits: SqlLimits;
  readonly database: Uint8Array;
  readonly artifact: ContractArtifact;
  /**
   * aer the transaction moves from its sender to the contract before the call runs: the
   * pending state the node answers from does not hold that move (it happens in the
   * transaction's own scope), so the worker adds it to the balances it reads.
   */
  readonly amount: bigint;
};

/** One view for the worker: the contract's database as the read sees it (latest, or at a height). */
export type ViewJob = {
  readonly contract: string;
  readonly view: string;
  readonly args: unknown;
  /** What the node's engine.query would get (the height for a read in the past). */
  readonly context: Partial<CallContext>;
  readonly limits: SqlLimits;
  readonly database: Uint8Array;
  readonly artifact: ContractArtifact;
};

/**
 * One source to compile with the chain's compiler, as the node's engine would (its limits); with
 * `upgradeFrom` (a deployed contract's source: a redeploy's), also the upgrade check from it.
 */
export type CompileJob = { readonly source: string; readonly limits: SqlLimits; readonly upgradeFrom?: string };

/** A compile's result and, for a job with `upgradeFrom`, the upgrade plan (null if either source does not compile). */
export type CompileAnswer = { readonly compiled: CompileResult; readonly upgrade: UpgradePlan | null };

/** What the node answers while a job runs: a balance in aer, another contract's database and code. */
export type CallJobHost = {
  balanceOf(address: string): bigint;
  contract(address: string): { readonly database: Uint8Array; readonly artifact: ContractArtifact } | null;
};

/** A question from the worker, one at a time. */
export type HostQuestion = { readonly balance: string } | { readonly contract: string };

export type ExecutionWorker = {
  /** How many jobs run at once (one per thread); more wait, in the order given. */
  readonly threads: number;
  /**
   * Runs one call on a worker thread; `host` answers its questions while it runs.
   * @throws Error when the worker fails (the caller runs the call itself then).
   */
  run(job: CallJob, host: CallJobHost): Promise<ComputedCall>;
  /** Runs one view on a worker thread with the view budget (limits.maxViewMs); `balanceOf` (aer) answers BALANCE(). */
  query(job: ViewJob, balanceOf: (address: string) => bigint): Promise<QueryResult>;
  /**
   * Compiles a source on a worker thread: a 128 KiB source holds a thread ~0.1–0.4 s. The
   * result is what the node's own engine.compile gives for it (same compiler, same limits).
   * @throws Error when the worker fails (the caller compiles itself then).
   */
  compile(job: CompileJob): Promise<CompileResult>;
  /**
   * `compile` when a thread is free now, else null (nothing queued): the pool's compile ahead of
   * a deploy's turn must not wait behind long calls, since every later transaction waits for that
   * turn. A redeploy's job also checks the upgrade there.
   */
  compileIfIdle(job: CompileJob): Promise<CompileAnswer> | null;
  close(): Promise<void>;
};

/** How long the worker waits for the node's answer before it gives up on the job (the node answers in microseconds). */
export const HOST_ANSWER_TIMEOUT_MS = 30_000;

/** Worker starts in a row that may fail before the pool stops trying (calls then stay on the node's thread). */
const MAX_FAILED_STARTS = 3;

/** A compile asks the node nothing. */
const NO_HOST: CallJobHost = { balanceOf: () => 0n, contract: () => null };

/** Threads by default: two long calls (or views) on different accounts run side by side. */
export const DEFAULT_EXECUTION_THREADS = 2;

/**
 * Starts the worker threads (SQLite's WebAssembly loads once in each; the first now, the others
 * when first needed). Idle, they do not keep the process alive. A thread that dies is replaced
 * at its next job.
 * @example const worker = createExecutionWorker(); const computed = await worker.run(job, host);
 */
export function createExecutionWorker(opts: { threads?: number } = {}): ExecutionWorker {
  type Outcome = ComputedCall | QueryResult | CompileAnswer;
  type Running = { readonly id: number; readonly host: CallJobHost; resolve(r: Outcome): void; reject(e: unknown): void };
  type Thread = { readonly worker: Worker; readonly ready: Promise<void>; readonly flag: Int32Array; readonly answers: MessagePort; running: Running | null; dead: boolean };
  type Kind = "call" | "view" | "compile";
  type Job = { readonly kind: Kind; readonly job: CallJob | ViewJob | CompileJob; readonly host: CallJobHost; resolve(r: Outcome): void; reject(e: unknown): void };
  const size = Math.max(1, Math.floor(opts.threads ?? DEFAULT_EXECUTION_THREADS));
  // One slot per thread: null until started, or after its thread died (started again at its next job).
  const slots: Array<Thread | null> = Array.from({ length: size }, () => null);
  const busy = new Set<number>();
  const waiting: Job[] = [];
  let nextId = 1;
  let failedStarts = 0;
  let closed = false;

  function start(slot: number): Thread {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1: answers, port2: answersForWorker } = new MessageChannel();
    const { worker, ready } = startTsWorker(new URL("./executionWorkerThread.ts", import.meta.url), {
      workerData: { answers: answersForWorker, flag },
      transferList: [answersForWorker],
    });
    worker.unref();
    answers.unref();
    const t: Thread = { worker, ready, flag, answers, running: null, dead: false };

    /** Posts the answer and wakes the worker; a database travels without a copy (it is a fresh snapshot). */
    const answer = (value: { value?: unknown; error?: string }) => {
      const database = (value.value as { database?: Uint8Array } | null | undefined)?.database;
      answers.postMessage(value, database ? [database.buffer as ArrayBuffer] : []);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };
    worker.on("message", (m: { id?: number; ask?: HostQuestion; result?: Outcome; error?: string }) => {
      const r = t.running;
      if (m.id === undefined || !r || m.id !== r.id) return;
      if (m.ask) {
        try {
          answer({ value: "balance" in m.ask ? r.host.balanceOf(m.ask.balance) : r.host.contract(m.ask.contract) });
        } catch (e) {
          answer({ error: e instanceof Error ? e.message : String(e) });
        }
        return;
      }
      t.running = null;
      if (m.error !== undefined) r.reject(new Error(`the execution worker failed: ${m.error}`));
      else r.resolve(m.result!);
    });
    const die = (e: Error) => {
      t.dead = true;
      t.running?.reject(e);
      t.running = null;
      answers.close();
      if (slots[slot] === t) slots[slot] = null;
    };
    worker.on("error", (e) => die(e instanceof Error ? e : new Error(String(e))));
    worker.on("exit", (code) => die(new Error(`the execution worker exited (code ${code})`)));
    return t;
  }

  async function runOn(slot: number, { kind, job, host }: Job): Promise<Outcome> {
    if (closed) throw new Error("the execution worker is closed");
    if (failedStarts >= MAX_FAILED_STARTS) throw new Error(`the execution worker failed to start ${failedStarts} times`);
    const t = (slots[slot] ??= start(slot));
    try {
      await t.ready;
      failedStarts = 0;
    } catch (e) {
      failedStarts++;
      throw e;
    }
    if (t.dead) throw new Error("the execution worker exited");
    const id = nextId++;
    return new Promise<Outcome>((resolve, reject) => {
      t.running = { id, host, resolve, reject };
      t.worker.ref();
      Atomics.store(t.flag, 0, 0);
      // The database is a fresh snapshot nobody here reads again: moved, not copied.
      t.worker.postMessage({ id, kind, job }, "database" in job ? [job.database.buffer as ArrayBuffer] : []);
    }).finally(() => t.worker.unref());
  }

  /** Gives waiting jobs to idle threads, oldest first. */
  function dispatch() {
    for (let slot = 0; slot < size && waiting.length; slot++) {
      if (busy.has(slot)) continue;
      const next = waiting.shift()!;
      busy.add(slot);
      // The slot is free (or taken by the next waiting job) before the caller hears the result.
      const free = () => {
        busy.delete(slot);
        dispatch();
      };
      runOn(slot, next).then(
        (r) => (free(), next.resolve(r)),
        (e: unknown) => (free(), next.reject(e)),
      );
    }
  }

  function enqueue(kind: Kind, job: CallJob | ViewJob | CompileJob, host: CallJobHost) {
    return new Promise<Outcome>((resolve, reject) => {
      waiting.push({ kind, job, host, resolve, reject });
      dispatch();
    });
  }

  // The first thread starts now, so the first long call does not wait for SQLite's WebAssembly
  // to load; the others at their first job (each costs ~70–120 MiB: a hub that never runs two
  // long calls at once does not pay it).
  slots[0] = start(0);
  return {
    threads: size,
    run: (job, host) => enqueue("call", job, host) as Promise<ComputedCall>,
    query: (job, balanceOf) => enqueue("view", job, { balanceOf, contract: () => null }) as Promise<QueryResult>,
    compile: async (job) => ((await enqueue("compile", job, NO_HOST)) as CompileAnswer).compiled,
    compileIfIdle: (job) => (waiting.length === 0 && busy.size < size ? (enqueue("compile", job, NO_HOST) as Promise<CompileAnswer>) : null),
    async close() {
      closed = true;
      for (const j of waiting.splice(0)) j.reject(new Error("the execution worker is closed"));
      const threads = slots.splice(0).filter((t): t is Thread => t !== null);
      await Promise.all(
        threads.map((t) => {
          t.answers.close();
          return t.worker.terminate();
        }),
      );
    },
  };
}
