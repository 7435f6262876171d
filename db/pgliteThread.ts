/**
 * The embedded index on a worker thread: a PGlite-shaped client (query, exec, transaction, close)
 * whose statements run in db/pgliteWorker.mjs. drizzle's PGlite driver takes it as its client, so
 * every query, migration and index write in db/ is unchanged, while the WebAssembly Postgres
 * runs off the thread that answers transactions and seals blocks (issue 11: index writing cost
 * ~40% of that thread under load).
 *
 * Type parsing: drizzle asks PGlite to hand timestamps, intervals, dates and numeric arrays over
 * as text (it maps them itself); the worker applies that same fixed set, since functions cannot
 * cross threads. Other values (numbers, strings, bigints, JSON, bytes) are structured clones.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { threadId, Worker } from "node:worker_threads";
import { lowerThreadPriority } from "../chain/node/threadCpu.ts";

/**
 * The index thread's priority once open. BENCH=transfers, 10 pairs alternated with it at 0: the
 * sequential receipt p99 lower in 7 (median 8.5 against 10.2 ms), the concurrent p99 in 8 (33.2 against 35.5).
 */
const INDEX_THREAD_NICE = 10;

type QueryResult<T = unknown> = { rows: T[]; fields: Array<{ name: string; dataTypeID: number }>; affectedRows?: number };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Record<string, unknown> & { message: string; name: string } };
type QueryOptions = { rowMode?: "array" | "object" };

/** The part of PGlite's interface that drizzle's driver and migrator use. */
export type PgliteLikeClient = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
  exec(sql: string): Promise<QueryResult[]>;
  transaction<T>(fn: (tx: PgliteLikeTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};
/** The index thread's own client: PGlite's interface, and a way to put its thread behind the node's. */
export type PgliteThreadClient = PgliteLikeClient & {
  /**
   * From now on the index thread runs at a lower priority (nice 10, as the execution worker):
   * on a busy machine indexing a block and explorer reads wait for the cores rather than the
   * node's main thread answering transactions. Called once the index has caught up (opening and
   * migrating at full priority). @returns whether it took effect (false off Linux).
   */
  yieldToNode(): boolean;
};
export type PgliteLikeTx = Pick<PgliteLikeClient, "query" | "exec">;

/**
 * Starts the worker and opens PGlite in it (a data folder, or memory when `dataDir` is undefined).
 * @throws Error with PGlite's message when the folder cannot be opened.
 */
export async function startPgliteThread(dataDir: string | undefined): Promise<PgliteThreadClient> {
  const hasCluster = () => dataDir !== undefined && existsSync(path.join(dataDir, "PG_VERSION"));
  const template = hasCluster() ? undefined : await clusterTemplate();
  if (template === undefined) return startWith(dataDir, undefined);
  try {
    return await startWith(dataDir, template);
  } catch {
    // A template that does not load (a damaged cache) is dropped and the cluster made by initdb;
    // a folder with no cluster in it holds nothing to keep.
    rmSync(template, { force: true });
    templateMade = Promise.resolve(undefined);
    if (dataDir !== undefined && !hasCluster()) {
      rmSync(dataDir, { recursive: true, force: true });
      mkdirSync(dataDir, { recursive: true });
    }
    return startWith(dataDir, undefined);
  }
}

async function startWith(dataDir: string | undefined, template: string | undefined): Promise<PgliteThreadClient> {
  const fresh = dataDir === undefined || !existsSync(path.join(dataDir, "PG_VERSION"));
  // A new folder is created by a thread of its own first (pgliteWorker.mjs says why).
  if (dataDir !== undefined && fresh) await runOnce({ dataDir, initOnly: true, template }, "The index folder could not be initialised");
  // An index in memory has no folder to reopen: it is loaded from the template in place.
  const worker = new Worker(workerFile(), { workerData: { dataDir, template: dataDir === undefined ? template : undefined } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited: Error | null = null;

  const ready = new Promise<{ threadId: number | null }>((resolve, reject) => waiting.set(0, { resolve: (v) => resolve(v as { threadId: number | null }), reject }));
  worker.on("message", (reply: Reply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.ok) w.resolve(reply.value);
    else w.reject(Object.assign(new Error(reply.error.message), reply.error));
  });
  const fail = (error: Error) => {
    exited = error;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on("error", (e) => fail(new Error(`The index thread failed: ${e.message}`)));
  worker.on("exit", (code) => fail(new Error(`The index thread stopped (exit code ${code}).`)));

  function call<T>(message: Record<string, unknown>): Promise<T> {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      // Referenced only while a statement is in flight: an idle index never holds the process open.
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  }

  const statements = (tx?: number): PgliteLikeTx => ({
    query: <T>(sql: string, params: unknown[] = [], options: QueryOptions = {}) => call<QueryResult<T>>({ op: "query", sql, params, rowMode: options.rowMode, tx }),
    exec: (sql: string) => call<QueryResult[]>({ op: "exec", sql, tx }),
  });

  let kernelThread: number | null;
  try {
    kernelThread = (await ready).threadId;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  worker.unref();

  return {
    ...statements(),
    async transaction<T>(fn: (tx: PgliteLikeTx) => Promise<T>): Promise<T> {
      const tx = await call<number>({ op: "begin" });
      let result: T;
      try {
        result = await fn(statements(tx));
      } catch (error) {
        await call({ op: "end", tx, commit: false });
        throw error;
      }
      await call({ op: "end", tx, commit: true });
      return result;
    },
    yieldToNode: () => lowerThreadPriority(INDEX_THREAD_NICE, kernelThread),
    async close(): Promise<void> {
      if (exited) return;
      await call({ op: "close" });
      await worker.terminate();
    },
  };
}

/** Runs the worker for one job (create a folder, make the template) and waits for it to end. */
async function runOnce(workerData: Record<string, unknown>, failure: string): Promise<void> {
  const worker = new Worker(workerFile(), { workerData });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (reply: Reply) => (reply.ok ? resolve() : reject(new Error(`${failure}: ${reply.error.message}`))));
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
}

let templateMade: Promise<string | undefined> | undefined;

/**
 * A bare Postgres cluster, dumped once per PGlite version into node_modules/.cache: a fresh index
 * loads it (~1 s, ~430 MiB at peak here) instead of running initdb (~4 s, ~870 MiB), which made
 * the first start of a hub its memory peak and cost every test that opens an index seconds.
 * Written under a temporary name and renamed, so processes racing to make it never read half of
 * one. @returns undefined when it cannot be made (a read-only install): initdb then runs as before.
 */
export function clusterTemplate(): Promise<string | undefined> {
  templateMade ??= (async () => {
    let file: string;
    try {
      file = path.resolve(process.cwd(), "node_modules", ".cache", "aergo-hub", `pglite-cluster-${pgliteVersion()}.tgz`);
    } catch {
      return undefined;
    }
    if (existsSync(file)) return file;
    const partial = `${file}.${process.pid}.${threadId}.partial`;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      await runOnce({ makeTemplate: partial }, "The index template could not be made");
      renameSync(partial, file);
      return file;
    } catch {
      rmSync(partial, { force: true });
      return undefined;
    }
  })();
  return templateMade;
}

/** The installed PGlite's version (its package.json is not among its exports, so it is read). */
function pgliteVersion(): string {
  const manifest = path.resolve(process.cwd(), "node_modules", "@electric-sql", "pglite", "package.json");
  const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string" || !/^[\w.+-]+$/.test(version)) throw new Error(`No PGlite version in ${manifest}.`);
  return version;
}

/** Beside this module under tsx and vitest; from the working directory (the repo root) when bundled. */
function workerFile(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./pgliteWorker.mjs", import.meta.url)));
  } catch {
    // import.meta.url is not a file: URL inside some bundles.
  }
  candidates.push(path.resolve(process.cwd(), "db/pgliteWorker.mjs"));
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined) throw new Error(`The index worker was not found (looked in ${candidates.join(", ")}).`);
  return found;
}
