import os from "node:os";
import { Worker } from "node:worker_threads";
import { createNodeVerifier, verifyRulePath, type VerifyEngine } from "./nodeVerifier.ts";

// The worker is plain JS (no loader needed): it loads the same rule as the calling thread
// (./verifyRule.cjs, by path) and verifies batches.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
// Named for top -H and /proc (chain/node/threadCpu.ts nameThread; this source cannot import it).
try { require("node:fs").writeFileSync("/proc/thread-self/comm", "aergo-verify"); } catch {}
const rule = require(workerData.rulePath).createVerifyRule(workerData.engine);
parentPort.on("message", ({ id, count, packed }) => {
  // packed: per job [u32 msgLen][64 sig][33 pub][msg]
  const buf = Buffer.from(packed);
  const out = new Uint8Array(count);
  let o = 0;
  for (let i = 0; i < count; i++) {
    const n = buf.readUInt32BE(o);
    out[i] = rule.verify(buf.subarray(o + 4, o + 68), buf.subarray(o + 101, o + 101 + n), buf.subarray(o + 68, o + 101)) ? 1 : 0;
    o += 101 + n;
  }
  parentPort.postMessage({ id, out });
});`;

type Job = { sig: Uint8Array; msg: Uint8Array; pub: Uint8Array; resolve: (ok: boolean) => void };

/**
 * Signature verification on worker threads: the jobs of an event-loop turn, and those that
 * arrive while every worker has a batch out, travel as one batch per idle worker, so the main
 * thread keeps serving HTTP and executing transactions while another core verifies. Same
 * contract as nodeVerifier: compact low-S over sha256(msg).
 */
export function createVerifyPool(size = defaultVerifierThreads(), options: { engine?: VerifyEngine } = {}) {
  const inline = createNodeVerifier({ engine: options.engine });
  // The workers use the engine the calling thread got, so a verdict never depends on the thread.
  const workerData = { rulePath: verifyRulePath(), engine: inline.engine };
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
    w.unref();
    return w;
  });
  const inflight = new Map<number, Job[]>();
  const counted = { inline: 0, batched: 0, batches: 0, mostOut: 0 };
  // Workers with no batch out. Jobs wait while every worker has one: under load the next batch
  // grows with the wait, so the main thread posts (and hears back) once per batch, not once per
  // event-loop turn per worker. Each postMessage wakes a thread and took ~10% of the hub's main
  // thread under the transfers benchmark.
  const idle = [...workers];
  let nextId = 1;
  const queue: Job[] = [];
  let scheduled = false;

  for (const w of workers) {
    w.on("message", ({ id, out }: { id: number; out: Uint8Array }) => {
      const jobs = inflight.get(id);
      inflight.delete(id);
      idle.push(w);
      jobs?.forEach((j, i) => j.resolve(out[i] === 1));
      if (queue.length && !scheduled) dispatch();
    });
  }

  function dispatch() {
    scheduled = false;
    // A lone signature while no batch is out (one client, one request at a time): verifying it
    // here (~0.06 ms on libsecp256k1, ~0.27 ms on OpenSSL) answers sooner than the round trip to
    // a worker and back (~0.4 ms, more at p99 when a worker thread must be woken). Bursts still
    // go to the workers.
    if (queue.length === 1 && inflight.size === 0) {
      const j = queue.pop()!;
      counted.inline += 1;
      j.resolve(inline.verify(j.sig, j.msg, j.pub));
      return;
    }
    // What is queued, split evenly over the idle workers.
    while (idle.length && queue.length) {
      const per = Math.ceil(queue.length / idle.length);
      send(idle.pop()!, queue.splice(0, per));
    }
  }

  function send(worker: Worker, jobs: Job[]) {
    const id = nextId++;
    counted.batched += jobs.length;
    counted.batches += 1;
    // One transferred buffer per batch: structured-cloning many small arrays costs more.
    let size = 0;
    for (const j of jobs) size += 101 + j.msg.length;
    const packed = new Uint8Array(size);
    const view = new DataView(packed.buffer);
    let o = 0;
    for (const j of jobs) {
      view.setUint32(o, j.msg.length);
      packed.set(j.sig, o + 4);
      packed.set(j.pub, o + 68);
      packed.set(j.msg, o + 101);
      o += 101 + j.msg.length;
    }
    inflight.set(id, jobs);
    counted.mostOut = Math.max(counted.mostOut, inflight.size);
    worker.postMessage({ id, count: jobs.length, packed: packed.buffer }, [packed.buffer]);
  }

  return {
    /** The library checking signatures, on this thread and the workers alike. */
    engine: inline.engine,
    verify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): Promise<boolean> {
      // Malformed shapes are refused here, so a batch only carries well-formed jobs.
      if (sig.length !== 64 || pub.length !== 33) return Promise.resolve(false);
      return new Promise((resolve) => {
        queue.push({ sig, msg, pub, resolve });
        if (!scheduled) {
          scheduled = true;
          setImmediate(dispatch);
        }
      });
    },
    /** Signatures verified so far on this thread (lone ones) and on the workers (in how many batches, at most how many out at once). */
    counts(): { readonly inline: number; readonly batched: number; readonly batches: number; readonly mostOut: number } {
      return { ...counted };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * One thread fewer than the cores: the main thread (HTTP, execution, the journal) bounds a hub's
 * throughput and needs a core of its own. A verifier it wakes takes that core from it, and on 2
 * cores a second one did not pay: one verifier answers ~17,000 signatures/s on libsecp256k1,
 * several times what the main thread admits. `BENCH=transfers`, alternated: receipts 3,808–4,227
 * tx/s against 3,400–4,161 with two, half the batches (13.5–14.2 signatures each against 6.6–6.9).
 */
export function defaultVerifierThreads(): number {
  return Math.max(1, os.availableParallelism() - 1);
}
