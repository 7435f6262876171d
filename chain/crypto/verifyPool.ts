import os from "node:os";
import { Worker } from "node:worker_threads";
import { createNodeVerifier, verifyRulePath, type VerifyEngine } from "./nodeVerifier.ts";

// The worker is plain JS (no loader needed): it loads the same rule as the calling thread
// (./verifyRule.cjs, by path) and verifies batches.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
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
 * Signature verification on worker threads: jobs arriving in the same event-loop turn travel
 * as one batch per worker, so the main thread keeps serving HTTP and executing transactions
 * while the other cores verify. Same contract as nodeVerifier: compact low-S over sha256(msg).
 */
export function createVerifyPool(size = Math.max(1, os.cpus().length), options: { engine?: VerifyEngine } = {}) {
  const inline = createNodeVerifier({ engine: options.engine });
  // The workers use the engine the calling thread got, so a verdict never depends on the thread.
  const workerData = { rulePath: verifyRulePath(), engine: inline.engine };
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
    w.unref();
    return w;
  });
  const inflight = new Map<number, Job[]>();
  const counted = { inline: 0, batched: 0 };
  let nextId = 1;
  let queue: Job[] = [];
  let scheduled = false;
  let rr = 0;

  for (const w of workers) {
    w.on("message", ({ id, out }: { id: number; out: Uint8Array }) => {
      const jobs = inflight.get(id);
      inflight.delete(id);
      jobs?.forEach((j, i) => j.resolve(out[i] === 1));
    });
  }

  function dispatch() {
    scheduled = false;
    const all = queue;
    queue = [];
    // A lone signature while no batch is out (one client, one request at a time): verifying it
    // here (~0.06 ms on libsecp256k1, ~0.27 ms on OpenSSL) answers sooner than the round trip to
    // a worker and back (~0.4 ms, more at p99 when a worker thread must be woken). Bursts still
    // go to the workers.
    if (all.length === 1 && inflight.size === 0) {
      const j = all[0]!;
      counted.inline += 1;
      j.resolve(inline.verify(j.sig, j.msg, j.pub));
      return;
    }
    counted.batched += all.length;
    // Split the turn's jobs evenly over the workers.
    const per = Math.ceil(all.length / workers.length);
    for (let i = 0; i < all.length; i += per) {
      const jobs = all.slice(i, i + per);
      const id = nextId++;
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
      workers[rr++ % workers.length]!.postMessage({ id, count: jobs.length, packed: packed.buffer }, [packed.buffer]);
    }
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
    /** Signatures verified so far on this thread (lone ones) and on the workers (batches). */
    counts(): { readonly inline: number; readonly batched: number } {
      return { ...counted };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
