/**
 * The thread clocks the benchmarks read (CPU time and time waiting for a core) and the priority
 * rule the execution worker and the embedded index follow: Linux, where the hub runs.
 */
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createVerifyPool } from "../crypto/verifyPool.ts";
import { createExecutionWorker } from "../exec/executionWorker.ts";
import { DEFAULT_LIMITS } from "../sql/index.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { currentThreadId, lowerThreadPriority, nameThread, threadCpuMs, threadSchedMs } from "./threadCpu.ts";

/** The kernel's names of this process's threads. */
const threadNames = () =>
  readdirSync("/proc/self/task").map((tid) => {
    try {
      return readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
    } catch {
      return "";
    }
  });

describe("thread clocks and priority", () => {
  it("counts this thread's CPU time as it spins, and its wait for a core as a growing total", () => {
    const before = threadSchedMs()!;
    const until = performance.now() + 40;
    let x = 0;
    while (performance.now() < until) x += Math.sqrt(x + 1);
    const after = threadSchedMs()!;
    expect(x).toBeGreaterThan(0);
    // Spinning for 40 ms of wall time is at least some of it on a CPU, never more than the wall.
    expect(after.onCpu - before.onCpu).toBeGreaterThan(5);
    expect(after.onCpu - before.onCpu).toBeLessThan(40 + 5);
    expect(after.waiting).toBeGreaterThanOrEqual(before.waiting);
    expect(threadCpuMs()).toBeGreaterThanOrEqual(after.onCpu);
  });

  it("lowers another thread's priority by its id and never raises it", async () => {
    // A worker that reports its kernel thread id, then waits to be told to end.
    const worker = new Worker(
      `const { parentPort } = require("node:worker_threads"); const fs = require("node:fs");
       parentPort.postMessage(Number(fs.readlinkSync("/proc/thread-self").split("/").pop()));
       parentPort.on("message", () => process.exit(0));`,
      { eval: true },
    );
    try {
      const tid = await new Promise<number>((resolve) => worker.once("message", resolve));
      expect(tid).not.toBe(currentThreadId());
      // Relative to where it starts (a suite run under `nice` starts every thread higher).
      const base = getPriority(tid);
      const mine = getPriority(currentThreadId()!);
      expect(lowerThreadPriority(base + 2, tid)).toBe(true);
      expect(getPriority(tid)).toBe(base + 2);
      expect(lowerThreadPriority(base + 1, tid)).toBe(true);
      expect(getPriority(tid)).toBe(base + 2);
      expect(getPriority(currentThreadId()!)).toBe(mine);
      expect(lowerThreadPriority(base + 3, null)).toBe(false);
    } finally {
      worker.postMessage("end");
      await worker.terminate();
    }
  });

  it("names the hub's own threads for the kernel: the verifiers and the execution worker (top -H tells them apart; the index's in db/)", async () => {
    const verifiers = createVerifyPool(1);
    const execution = createExecutionWorker({ threads: 1 });
    try {
      // A compile proves the execution thread is up; the verifier names itself as it starts.
      expect(await execution.compile({ source: TOKEN_EXAMPLE, limits: DEFAULT_LIMITS })).toMatchObject({ ok: true });
      const deadline = Date.now() + 20_000;
      while (!threadNames().includes("aergo-verify") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(threadNames()).toEqual(expect.arrayContaining(["aergo-verify", "aergo-exec"]));
    } finally {
      await Promise.all([verifiers.close(), execution.close()]);
    }
    // A worker names itself; the name is cut to the kernel's 15 bytes.
    const worker = new Worker(
      `const { parentPort } = require("node:worker_threads"); const fs = require("node:fs");
       parentPort.once("message", () => parentPort.postMessage(fs.readFileSync("/proc/thread-self/comm", "utf8").trim()));`,
      { eval: true },
    );
    try {
      expect(nameThread("aergo-a-very-long-name")).toBe(true);
      expect(readFileSync("/proc/thread-self/comm", "utf8").trim()).toBe("aergo-a-very-lo");
      worker.postMessage("name?");
      // Another thread's name is its own ("node" unless it named itself).
      expect(await new Promise((resolve) => worker.once("message", resolve))).not.toBe("aergo-a-very-lo");
    } finally {
      await worker.terminate();
      nameThread("node");
    }
  }, 60_000);
});
