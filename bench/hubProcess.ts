import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { hubProcessEnv } from "../scripts/hubEnv.mjs";
import { threadSchedMs } from "../chain/node/threadCpu.ts";

/** Starts a hub as a child process (API only unless web is asked) and waits until it answers. */
export async function startHub(opts: { port: number; web?: boolean; blockIntervalMs?: number; env?: Record<string, string> }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-bench-"));
  const journalTimings = path.join(dataDir, "journal-timings.log");
  // BENCH_HUB_NODE_ARGS lets a profiling run pass e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_HUB_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/main.ts"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: hubProcessEnv({
      ...process.env,
      NODE_ENV: "production",
      PORT: String(opts.port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      HUB_WEB: opts.web ? "1" : "0",
      HUB_BLOCK_INTERVAL_MS: String(opts.blockIntervalMs ?? 1000),
      HUB_JOURNAL_TIMINGS: journalTimings,
      ...opts.env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  // BENCH_HUB_LOG=FILE keeps the hub's output (e.g. with BENCH_HUB_NODE_ARGS="--trace-gc").
  const log = process.env.BENCH_HUB_LOG ? fs.createWriteStream(process.env.BENCH_HUB_LOG, { flags: "a" }) : null;
  const take = (d: Buffer) => {
    output += d;
    log?.write(d);
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited: ${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`hub did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // The peak counts from here: the figure is the hub's under load, not its start (stated in the output).
  resetPeak(child.pid!);
  return {
    url,
    pid: child.pid!,
    output: () => output,
    /** Peak (since the hub answered) and current resident memory of the hub process, from /proc. */
    memory() {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
      return { rssMiB: kb("VmRSS") / 1024, peakMiB: kb("VmHWM") / 1024 };
    },
    /** The hub's main thread (its id is the process id) on a CPU, waiting for one, and how many times it got one. */
    mainThreadSched: () => threadSchedMs(`/proc/${child.pid}/task/${child.pid}/schedstat`),
    /** How long the pool journal's writes took (ms) that ended between two wall times (Date.now()): the disk's share of receipts answered then. */
    journalWrites(from: number, to: number): number[] {
      if (!fs.existsSync(journalTimings)) return [];
      const out: number[] = [];
      for (const line of fs.readFileSync(journalTimings, "utf8").split("\n")) {
        const [at, ms] = line.split(" ").map(Number);
        if (at! >= from && at! <= to) out.push(ms!);
      }
      return out;
    },
    /** CPU seconds (user + system) the hub process has used so far, from /proc. */
    cpuSeconds() {
      const fields = fs.readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resets the kernel's resident high-water mark (VmHWM) of a process: /proc/PID/clear_refs "5". */
function resetPeak(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Not permitted (another user's process, no procfs): the peak then includes the start.
  }
}
