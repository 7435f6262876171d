import os from "node:os";
import { Worker } from "node:worker_threads";

/**
 * The machine's secp256k1 verification ceiling: node:crypto verifies on every core at once
 * for `ms` milliseconds. Transfers per second can never beat this, so it is the yardstick.
 */
export async function measureVerifyCeiling(ms = 2000): Promise<{ perSecond: number; cores: number }> {
  const cores = os.cpus().length;
  const src = `
    const { parentPort, workerData } = require("node:worker_threads");
    const crypto = require("node:crypto");
    const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "secp256k1" });
    const msg = Buffer.alloc(180, 7);
    const sig = crypto.sign("sha256", msg, { key: privateKey, dsaEncoding: "ieee-p1363" });
    let n = 0; const end = Date.now() + workerData.ms;
    while (Date.now() < end) { for (let i = 0; i < 50; i++) crypto.verify("sha256", msg, { key: publicKey, dsaEncoding: "ieee-p1363" }, sig); n += 50; }
    parentPort.postMessage(n);`;
  const counts = await Promise.all(
    Array.from({ length: cores }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(src, { eval: true, workerData: { ms } });
      w.once("message", (n: number) => { resolve(n); void w.terminate(); });
      w.once("error", reject);
    })),
  );
  return { perSecond: counts.reduce((a, b) => a + b, 0) / (ms / 1000), cores };
}
