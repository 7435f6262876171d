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
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

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
export type PgliteLikeTx = Pick<PgliteLikeClient, "query" | "exec">;

/**
 * Starts the worker and opens PGlite in it (a data folder, or memory when `dataDir` is undefined).
 * @throws Error with PGlite's message when the folder cannot be opened.
 */
export async function startPgliteThread(dataDir: string | undefined): Promise<PgliteLikeClient> {
  // A new folder is created by a thread of its own first (pgliteWorker.mjs says why).
  if (dataDir !== undefined && !existsSync(path.join(dataDir, "PG_VERSION"))) await initDataDir(dataDir);
  const worker = new Worker(workerFile(), { workerData: { dataDir } });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited: Error | null = null;

  const ready = new Promise<void>((resolve, reject) => waiting.set(0, { resolve: () => resolve(), reject }));
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

  try {
    await ready;
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
    async close(): Promise<void> {
      if (exited) return;
      await call({ op: "close" });
      await worker.terminate();
    },
  };
}

async function initDataDir(dataDir: string): Promise<void> {
  const worker = new Worker(workerFile(), { workerData: { dataDir, initOnly: true } });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("message", (reply: Reply) => (reply.ok ? resolve() : reject(new Error(`The index folder could not be initialised: ${reply.error.message}`))));
      worker.once("error", reject);
    });
  } finally {
    await worker.terminate();
  }
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
