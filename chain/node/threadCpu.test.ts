/**
 * The thread clocks the benchmarks read (CPU time and time waiting for a core) and the priority
 * rule the execution worker and the embedded index follow: Linux, where the hub runs.
 */
import { getPriority } from "node:os";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { currentThreadId, lowerThreadPriority, threadCpuMs, threadSchedMs } from "./threadCpu.ts";

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
});
