/**
 * The embedded index's database engine, on a worker thread of its own (db/pgliteThread.ts is the
 * other end). PGlite runs Postgres compiled to WebAssembly: every statement, every index write
 * and every page read is CPU on the thread that owns it. Here that thread is not the one that
 * answers transactions, serves pages and seals blocks.
 *
 * Plain JavaScript on purpose: a worker starts outside the TypeScript loader (tsx, Next.js), and
 * this file must load as is wherever the hub runs.
 *
 * Messages in: { id, op: "query" | "exec" | "begin" | "end" | "close", ... }; out: { id, ok, value | error }.
 * A transaction is the real PGlite transaction held open on this side until "end": statements
 * tagged with its id run inside it, everything else waits behind it in PGlite's own queue, as
 * it would in one thread.
 */
import { readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, types } from "@electric-sql/pglite";

// drizzle maps these types itself from their text (db/pgliteThread.ts explains): no parsing here.
const RAW = (value) => value;
const RAW_PARSERS = {
  [types.TIMESTAMP]: RAW,
  [types.TIMESTAMPTZ]: RAW,
  [types.INTERVAL]: RAW,
  [types.DATE]: RAW,
  1231: RAW, // numeric[]
  1115: RAW, // timestamp[]
  1185: RAW, // timestamptz[]
  1187: RAW, // interval[]
  1182: RAW, // date[]
};

const { dataDir, initOnly, template, makeTemplate } = workerData;
/** Open transactions by id: the PGlite handle and the settle function that ends it. */
const open = new Map();
let nextTx = 1;

/**
 * This thread's id in the kernel (Linux), sent with the ready message so that the other end can
 * lower this thread's priority once the index is open (pgliteThread.ts; the rule itself is
 * chain/node/threadCpu.ts, which this plain-JavaScript file cannot import); null elsewhere.
 */
function kernelThreadId() {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

function errorOf(e) {
  const out = { name: e?.name ?? "Error", message: e?.message ?? String(e) };
  // Postgres' fields (code, detail, constraint, ...) travel so callers can tell errors apart.
  for (const [k, v] of Object.entries(e ?? {})) if (v === null || ["string", "number", "boolean"].includes(typeof v)) out[k] = v;
  return out;
}

function target(tx) {
  if (tx === undefined) return pg;
  const t = open.get(tx);
  if (!t) throw new Error(`The index transaction ${tx} is not open.`);
  return t.handle;
}

async function handle(m) {
  switch (m.op) {
    case "query": {
      const r = await target(m.tx).query(m.sql, m.params ?? [], { rowMode: m.rowMode ?? "object", parsers: RAW_PARSERS });
      return { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
    }
    case "exec": {
      const results = await target(m.tx).exec(m.sql);
      return results.map((r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows }));
    }
    case "begin":
      return await new Promise((resolveBegin, rejectBegin) => {
        const id = nextTx++;
        pg.transaction(
          (handle) =>
            new Promise((commit, rollback) => {
              open.set(id, { handle, commit, rollback });
              resolveBegin(id);
            }),
        ).then(
          () => open.get(id)?.ended?.resolve(),
          (e) => {
            const t = open.get(id);
            if (t?.ended) t.ended.reject(e);
            else rejectBegin(e);
          },
        );
      });
    case "end": {
      const t = open.get(m.tx);
      if (!t) throw new Error(`The index transaction ${m.tx} is not open.`);
      const ended = new Promise((resolve, reject) => (t.ended = { resolve, reject }));
      if (m.commit) t.commit();
      else t.rollback(new Error("rolled back"));
      try {
        await ended;
      } catch (e) {
        // A rollback asked for is not an error; a failed commit is.
        if (m.commit) throw e;
      } finally {
        open.delete(m.tx);
      }
      return null;
    }
    case "close":
      await pg.close();
      return null;
    default:
      throw new Error(`Unknown index operation ${m.op}.`);
  }
}

let pg;
try {
  if (makeTemplate !== undefined) {
    // A bare cluster made once (initdb: seconds of CPU and ~800 MiB of WebAssembly memory),
    // dumped for every later fresh index to load instead (pgliteThread.ts `clusterTemplate`).
    const made = await PGlite.create({ relaxedDurability: true });
    const dump = await made.dumpDataDir("gzip");
    writeFileSync(makeTemplate, Buffer.from(await dump.arrayBuffer()));
    await made.close();
  } else {
    // The index is derived (npm run reindex rebuilds it), so PGlite may skip syncing every commit.
    const options = { relaxedDurability: true };
    if (dataDir !== undefined) options.dataDir = dataDir;
    // A new cluster is loaded from the template rather than made by initdb.
    if (template !== undefined) options.loadDataDir = new Blob([readFileSync(template)]);
    pg = await PGlite.create(options);
    // initOnly: creating a cluster (initdb) holds ~600 MiB of WebAssembly memory long after; a
    // thread that only creates the folder takes that memory with it when it ends.
    if (initOnly) await pg.close();
  }
  // Named for top -H and /proc (chain/node/threadCpu.ts nameThread, not importable here).
  try {
    writeFileSync("/proc/thread-self/comm", "aergo-index");
  } catch {
    /* not Linux */
  }
  parentPort.postMessage({ id: 0, ok: true, value: { threadId: kernelThreadId() } });
} catch (e) {
  parentPort.postMessage({ id: 0, ok: false, error: errorOf(e) });
}

parentPort.on("message", (m) => {
  handle(m).then(
    (value) => parentPort.postMessage({ id: m.id, ok: true, value }),
    (e) => parentPort.postMessage({ id: m.id, ok: false, error: errorOf(e) }),
  );
});
