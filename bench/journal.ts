/**
 * `BENCH=journal`: the pool journal every receipt waits for (chain/store/fileJournal.ts), alone.
 * One appender awaiting each append (what a sequential receipt waits for), then 32 at once (group
 * commit: appends that arrive while a sync is out travel in the next one), each against the disk's
 * own floor measured in the same run: a blocking write + fdatasync per record on this thread.
 *
 *   BENCH=journal npx tsx bench/run.ts   (BENCH_JOURNAL_APPENDS, default 4,000)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createFileJournal } from "../chain/store/fileJournal.ts";
import { fmt, summarize } from "./stats.ts";

// A transfer's journal record is ~150 bytes (its signed bytes and a frame).
const RECORD = new Uint8Array(160).fill(7);

export type JournalFigures = {
  readonly appends: number;
  readonly floor: ReturnType<typeof summarize>;
  readonly sequential: ReturnType<typeof summarize> & { readonly cpuUs: number };
  readonly concurrent: { readonly writers: number; readonly perSecond: number; readonly cpuUs: number; readonly latency: ReturnType<typeof summarize> };
};

export async function benchJournal(opts: { appends?: number; writers?: number } = {}): Promise<JournalFigures> {
  const appends = opts.appends ?? Number(process.env.BENCH_JOURNAL_APPENDS ?? 4000);
  const writers = opts.writers ?? 32;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-journal-bench-"));
  try {
    // The floor: what one durable append costs the disk, with no thread hop at all.
    const fd = fs.openSync(path.join(dir, "floor"), "a");
    const floor: number[] = [];
    for (let i = 0; i < Math.min(appends, 1000); i++) {
      const t0 = performance.now();
      fs.writeSync(fd, RECORD);
      fs.fdatasyncSync(fd);
      floor.push(performance.now() - t0);
    }
    fs.closeSync(fd);

    const journal = createFileJournal(path.join(dir, "pool"));
    const sequential: number[] = [];
    let c0 = process.cpuUsage();
    for (let i = 0; i < appends; i++) {
      const t0 = performance.now();
      await journal.append(1, RECORD);
      sequential.push(performance.now() - t0);
    }
    let cpu = process.cpuUsage(c0);
    const sequentialCpuUs = (cpu.user + cpu.system) / appends;

    const latency: number[] = [];
    c0 = process.cpuUsage();
    const start = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = 0; i < appends / writers; i++) {
          const t0 = performance.now();
          await journal.append(2, RECORD);
          latency.push(performance.now() - t0);
        }
      }),
    );
    const ms = performance.now() - start;
    cpu = process.cpuUsage(c0);
    await journal.close();
    return {
      appends,
      floor: summarize(floor),
      sequential: { ...summarize(sequential), cpuUs: sequentialCpuUs },
      concurrent: { writers, perSecond: latency.length / (ms / 1000), cpuUs: (cpu.user + cpu.system) / latency.length, latency: summarize(latency) },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printJournal(r: JournalFigures) {
  console.log(`The pool journal (durable before a receipt is answered), ${r.appends.toLocaleString("en-US")} appends of ${RECORD.length} bytes`);
  console.log(`  the disk's floor (write + fdatasync, blocking):  p50 ${fmt(r.floor.p50, 3)} ms  p99 ${fmt(r.floor.p99, 3)} ms`);
  console.log(`  one appender, each awaited:                      p50 ${fmt(r.sequential.p50, 3)} ms  p99 ${fmt(r.sequential.p99, 3)} ms  → ${fmt(r.sequential.p50 / r.floor.p50)}× the floor; CPU ${fmt(r.sequential.cpuUs, 1)} µs an append`);
  console.log(`  ${r.concurrent.writers} appenders (group commit):                    ${fmt(r.concurrent.perSecond, 0)} appends/s  p50 ${fmt(r.concurrent.latency.p50, 3)} ms  p99 ${fmt(r.concurrent.latency.p99, 3)} ms; CPU ${fmt(r.concurrent.cpuUs, 1)} µs an append`);
}
