/**
 * Worker thread entry of the parallel block executor (executeBlockParallel.ts): loads SQLite's
 * WebAssembly once, then runs each group it is sent (blockGroup.ts) and answers with the result.
 */
import { parentPort } from "node:worker_threads";
import { useNodeCrypto } from "../crypto/nodeCrypto.ts";
import { createSqlEngine } from "../sql/index.ts";
import { runBlockGroup, type BlockGroupJob, type BlockGroupResult } from "./blockGroup.ts";
import { threadCpuMs } from "./threadCpu.ts";

// As the hub's main thread does (server/main.ts): native hashing and signing, same bytes, faster.
useNodeCrypto();
const { sqlite } = await createSqlEngine();
const port = parentPort!;

port.on("message", ({ id, job }: { id: number; job: BlockGroupJob }) => {
  const cpu0 = threadCpuMs();
  let result: BlockGroupResult;
  try {
    result = runBlockGroup(job, sqlite);
  } catch (e) {
    result = { outcome: "sequential", reason: `the group failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const transfer = result.outcome === "executed" ? [result.leaves.buffer as ArrayBuffer, ...result.databases.map(([, bytes]) => bytes.buffer as ArrayBuffer)] : [];
  const cpu1 = threadCpuMs();
  port.postMessage({ id, result, cpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 }, transfer);
});
port.postMessage({ ready: true });
