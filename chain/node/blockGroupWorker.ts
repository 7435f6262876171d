/**
 * Worker thread entry of the parallel block executor (executeBlockParallel.ts): loads SQLite's
 * WebAssembly once, then runs each group it is sent (blockGroup.ts) and answers with the result.
 */
import { parentPort } from "node:worker_threads";
import { useNodeCrypto } from "../crypto/nodeCrypto.ts";
import { createSqlEngine } from "../sql/index.ts";
import { runBlockGroup, type BlockGroupJob, type BlockGroupResult } from "./blockGroup.ts";
import { nameThread, threadSchedMs } from "./threadCpu.ts";

// As the hub's main thread does (server/main.ts): native hashing and signing, same bytes, faster.
useNodeCrypto();
nameThread("aergo-block");
const { sqlite } = await createSqlEngine();
const port = parentPort!;

port.on("message", ({ id, job }: { id: number; job: BlockGroupJob }) => {
  const s0 = threadSchedMs();
  let result: BlockGroupResult;
  try {
    result = runBlockGroup(job, sqlite);
  } catch (e) {
    result = { outcome: "sequential", reason: `the group failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const transfer = result.outcome === "executed" ? [result.receiptLeaves.buffer, result.stored.buffer, result.storedOffsets.buffer, ...result.databases.map(([, bytes]) => bytes.buffer)].map((b) => b as ArrayBuffer) : [];
  const s1 = threadSchedMs();
  const sched = s0 === null || s1 === null ? null : { cpuMs: s1.onCpu - s0.onCpu, waitMs: s1.waiting - s0.waiting };
  port.postMessage({ id, result, sched }, transfer);
});
port.postMessage({ ready: true });
