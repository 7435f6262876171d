/**
 * CPU time of the calling thread (main thread or worker), for benchmarks on shared machines: wall
 * time there counts the time other jobs hold the cores, CPU time does not. Linux only
 * (/proc/thread-self/schedstat, nanoseconds on a CPU); null elsewhere.
 */
import { readFileSync } from "node:fs";

export function threadCpuMs(): number | null {
  try {
    const onCpuNs = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0];
    return onCpuNs ? Number(onCpuNs) / 1e6 : null;
  } catch {
    return null;
  }
}
