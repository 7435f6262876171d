/**
 * CPU time of the calling thread (main thread or worker), for benchmarks on shared machines: wall
 * time there counts the time other jobs hold the cores, CPU time does not. Linux only
 * (/proc/thread-self/schedstat, nanoseconds on a CPU); null elsewhere.
 */
import { readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

export function threadCpuMs(): number | null {
  return threadSchedMs()?.onCpu ?? null;
}

/**
 * The calling thread's time on a CPU and its time runnable but waiting for one (ms since it
 * started; /proc/thread-self/schedstat's first two fields), or null off Linux. The second says
 * how much of a thread's wall time other threads took: on 2 cores, V8's GC helper threads too.
 * `slices`: how many times it was put on a CPU. Another thread's: /proc/PID/task/TID/schedstat.
 */
export function threadSchedMs(file = "/proc/thread-self/schedstat"): { readonly onCpu: number; readonly waiting: number; readonly slices: number } | null {
  try {
    const [onCpuNs, waitingNs, slices] = readFileSync(file, "utf8").split(" ");
    return onCpuNs && waitingNs ? { onCpu: Number(onCpuNs) / 1e6, waiting: Number(waitingNs) / 1e6, slices: Number(slices) } : null;
  } catch {
    return null;
  }
}

/** The calling thread's id in the kernel (Linux: from /proc/thread-self), or null elsewhere. */
export function currentThreadId(): number | null {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lowers a thread's scheduling priority (Linux: `setpriority` on its thread id; the calling
 * thread's by default), so that on a busy machine the cores go to the others first: the execution
 * worker running a long call, or the embedded index writing a block, yields to the node's main
 * thread answering requests. Never raises it.
 * @returns whether it took effect (false off Linux or when refused).
 */
export function lowerThreadPriority(nice: number, threadId: number | null = currentThreadId()): boolean {
  if (threadId === null) return false;
  try {
    setPriority(threadId, Math.max(getPriority(threadId), nice));
    return true;
  } catch {
    return false;
  }
}

/**
 * Names the calling thread for the kernel (Linux: /proc/thread-self/comm, 15 bytes at most), so
 * `top -H`, `ps -L` and /proc/PID/task/TID/comm tell the hub's threads apart (they all read
 * "node" otherwise). A plain-JavaScript thread (the verifiers', the index's) writes the same file.
 * @returns whether it took effect.
 */
export function nameThread(name: string): boolean {
  try {
    writeFileSync("/proc/thread-self/comm", name.slice(0, 15));
    return true;
  } catch {
    return false;
  }
}
