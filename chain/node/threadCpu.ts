/**
 * CPU time of the calling thread (main thread or worker), for benchmarks on shared machines: wall
 * time there counts the time other jobs hold the cores, CPU time does not. Linux only
 * (/proc/thread-self/schedstat, nanoseconds on a CPU); null elsewhere.
 */
import { readFileSync, readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";

export function threadCpuMs(): number | null {
  try {
    const onCpuNs = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0];
    return onCpuNs ? Number(onCpuNs) / 1e6 : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread's scheduling priority (Linux: `setpriority` on its thread id, read
 * from /proc/thread-self), so that on a busy machine the cores go to the others first: the
 * execution worker running a long call yields to the node's main thread answering requests.
 * @returns whether it took effect (false off Linux or when refused).
 */
export function lowerThreadPriority(nice: number): boolean {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, Math.max(getPriority(tid), nice));
    return true;
  } catch {
    return false;
  }
}
