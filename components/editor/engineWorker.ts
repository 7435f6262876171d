/**
 * The engine worker: one Web Worker hosting the real AergoSQL compiler and a SqlEngine on
 * sqlite-wasm (the chain's own build), so diagnostics, symbols, formatting checks and
 * simulations in the browser are exactly the chain's. Protocol in protocol.ts.
 */
import { createSqlEngine, type SqlEngine } from "@/chain/sql/runtime/engine";
import { simulate } from "@/chain/sql/simulate";
import { analyze, formatChecked } from "./analysis";
import { supersededIds } from "./compileQueue";
import type { EngineRequest, EngineResponse, EngineStatus } from "./protocol";

type Scope = { postMessage(message: EngineResponse | EngineStatus): void; onmessage: ((e: MessageEvent<EngineRequest>) => void) | null };
const scope = globalThis as unknown as Scope;

const engine: Promise<SqlEngine> = createSqlEngine();
engine.then(
  () => scope.postMessage({ type: "ready" }),
  (e: unknown) => scope.postMessage({ type: "unavailable", message: e instanceof Error ? e.message : String(e) }),
);

let queue: EngineRequest[] = [];
let scheduled = false;

scope.onmessage = (e) => {
  queue.push(e.data);
  if (!scheduled) {
    scheduled = true;
    // A macrotask later, so the messages posted while the last compile ran are all queued.
    setTimeout(drain, 0);
  }
};

async function drain() {
  const sql = await engine.catch(() => null);
  const batch = queue;
  queue = [];
  scheduled = false;
  // Newest compile per channel wins; the older ones are answered without compiling.
  const superseded = supersededIds(batch);
  for (const r of batch) {
    if (!sql) {
      scope.postMessage({ id: r.id, type: "failed", message: "The AergoSQL engine could not be loaded in this browser." });
      continue;
    }
    if (superseded.has(r.id)) {
      scope.postMessage({ id: r.id, type: "superseded" });
      continue;
    }
    try {
      if (r.type === "compile") scope.postMessage({ id: r.id, type: "compile", result: analyze(sql, r.source) });
      else if (r.type === "format") scope.postMessage({ id: r.id, type: "format", result: formatChecked(sql, r.source) });
      else scope.postMessage({ id: r.id, type: "simulate", result: await simulate(sql, r.request) });
    } catch (e) {
      scope.postMessage({ id: r.id, type: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  }
}
