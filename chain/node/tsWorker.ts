/**
 * A worker thread whose entry is one of our TypeScript modules. The hub runs under tsx
 * (`node --import tsx`), vitest under its own loader and the benchmarks under tsx: the thread
 * registers tsx's loader itself, so the same entry starts the same way under all three.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * Starts `entry` (a module URL) on a new thread; `ready` resolves on its first `{ ready: true }`
 * message and rejects when it fails to start.
 * @example const { worker, ready } = startTsWorker(new URL("./blockGroupWorker.ts", import.meta.url));
 */
export function startTsWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): { worker: Worker; ready: Promise<void> } {
  const worker = new Worker(`import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, { ...options, eval: true });
  const ready = new Promise<void>((resolve, reject) => {
    const onReady = (m: { ready?: boolean }) => {
      if (!m?.ready) return;
      worker.off("message", onReady);
      worker.off("error", reject);
      resolve();
    };
    worker.on("message", onReady);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the worker exited before it was ready (code ${code})`)));
  });
  ready.catch(() => {}); // surfaced by whoever waits on it
  return { worker, ready };
}
