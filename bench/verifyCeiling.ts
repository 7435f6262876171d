import os from "node:os";
import { Worker } from "node:worker_threads";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { signMessage } from "../chain/crypto/signature.ts";
import { createNodeVerifier, verifyRulePath, type VerifyEngine } from "../chain/crypto/nodeVerifier.ts";

export type VerifyCeiling = { readonly perSecond: number; readonly cores: number; readonly engine: VerifyEngine };

/**
 * The machine's secp256k1 verification ceiling: the hub's own rule (chain/crypto/verifyRule.cjs)
 * verifies on every core at once for `ms` milliseconds. Transfers per second can never beat
 * this, so it is the yardstick. `engine` undefined measures the one the hub takes here.
 */
export async function measureVerifyCeiling(ms = 2000, engine?: VerifyEngine): Promise<VerifyCeiling> {
  const cores = os.cpus().length;
  const chosen = createNodeVerifier({ engine }).engine;
  const key = devKeyPair("verify-ceiling");
  const msg = new Uint8Array(180).fill(7); // about a transfer's signed bytes
  const job = { msg, sig: signMessage(msg, key.privateKey), pub: key.publicKey };
  const src = `
    const { parentPort, workerData } = require("node:worker_threads");
    const rule = require(workerData.rulePath).createVerifyRule(workerData.engine);
    const { sig, msg, pub } = workerData;
    if (!rule.verify(sig, msg, pub)) throw new Error("the ceiling's own signature does not verify");
    let n = 0; const end = Date.now() + workerData.ms;
    while (Date.now() < end) { for (let i = 0; i < 50; i++) rule.verify(sig, msg, pub); n += 50; }
    parentPort.postMessage(n);`;
  const counts = await Promise.all(
    Array.from({ length: cores }, () => new Promise<number>((resolve, reject) => {
      const w = new Worker(src, { eval: true, workerData: { ms, rulePath: verifyRulePath(), engine: chosen, ...job } });
      w.once("message", (n: number) => { resolve(n); void w.terminate(); });
      w.once("error", reject);
    })),
  );
  return { perSecond: counts.reduce((a, b) => a + b, 0) / (ms / 1000), cores, engine: chosen };
}
