import os from "node:os";
import { Worker } from "node:worker_threads";

// The worker is plain JS (no loader needed): it imports keys once and verifies batches.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const PREFIX = Buffer.from("3036301006072a8648ce3d020106052b8104000a032200", "hex");
const HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
const keys = new Map();
function keyFor(pub) {
  const id = pub.toString("latin1");
  let k = keys.get(id);
  if (!k) {
    k = createPublicKey({ key: Buffer.concat([PREFIX, pub]), format: "der", type: "spki" });
    if (keys.size > 50000) keys.clear();
    keys.set(id, k);
  }
  return k;
}
parentPort.on("message", ({ id, jobs }) => {
  const out = new Uint8Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) {
    const [sig, msg, pub] = jobs[i];
    try {
      const s = BigInt("0x" + Buffer.from(sig.buffer, sig.byteOffset + 32, 32).toString("hex"));
      out[i] = s !== 0n && s <= HALF_N && verify("sha256", msg, { key: keyFor(Buffer.from(pub)), dsaEncoding: "ieee-p1363" }, sig) ? 1 : 0;
    } catch { out[i] = 0; }
  }
  parentPort.postMessage({ id, out });
});`;

type Job = { sig: Uint8Array; msg: Uint8Array; pub: Uint8Array; resolve: (ok: boolean) => void };

/**
 * Signature verification on worker threads: jobs arriving in the same event-loop turn travel
 * as one batch per worker, so the main thread keeps serving HTTP and executing transactions
 * while the other cores verify. Same contract as nodeVerifier: compact low-S over sha256(msg).
 */
export function createVerifyPool(size = Math.max(1, os.cpus().length)) {
  const workers = Array.from({ length: size }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true });
    w.unref();
    return w;
  });
  const inflight = new Map<number, Job[]>();
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
    // Split the turn's jobs evenly over the workers.
    const per = Math.ceil(all.length / workers.length);
    for (let i = 0; i < all.length; i += per) {
      const jobs = all.slice(i, i + per);
      const id = nextId++;
      inflight.set(id, jobs);
      workers[rr++ % workers.length]!.postMessage({ id, jobs: jobs.map((j) => [j.sig, j.msg, j.pub]) });
    }
  }

  return {
    verify(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): Promise<boolean> {
      return new Promise((resolve) => {
        queue.push({ sig, msg, pub, resolve });
        if (!scheduled) {
          scheduled = true;
          setImmediate(dispatch);
        }
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
