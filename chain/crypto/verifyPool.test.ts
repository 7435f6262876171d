import { afterAll, describe, expect, it } from "vitest";
import { devKeyPair } from "./keys.ts";
import { signMessage } from "./signature.ts";
import { utf8Bytes } from "./hash.ts";
import { createVerifyPool } from "./verifyPool.ts";

describe("the verification pool", () => {
  const pool = createVerifyPool(2);
  afterAll(() => pool.close());

  it("answers every job of a batch with its own verdict, in any mix of good and bad signatures", async () => {
    const keys = [devKeyPair("vp-1"), devKeyPair("vp-2")];
    const jobs = Array.from({ length: 50 }, (_, i) => {
      const key = keys[i % 2]!;
      const msg = utf8Bytes(`message ${i} ${"x".repeat(i * 7)}`);
      const sig = signMessage(msg, key.privateKey);
      const good = i % 3 !== 0;
      return { msg, sig, pub: good ? key.publicKey : keys[(i + 1) % 2]!.publicKey, good };
    });
    const verdicts = await Promise.all(jobs.map((j) => pool.verify(j.sig, j.msg, j.pub)));
    expect(verdicts).toEqual(jobs.map((j) => j.good));
  });

  it("refuses malformed inputs without failing the batch", async () => {
    const key = devKeyPair("vp-3");
    const msg = utf8Bytes("hello");
    const sig = signMessage(msg, key.privateKey);
    const results = await Promise.all([pool.verify(sig.slice(0, 10), msg, key.publicKey), pool.verify(sig, msg, key.publicKey.slice(1)), pool.verify(sig, msg, key.publicKey)]);
    expect(results).toEqual([false, false, true]);
  });

  it("verifies a lone signature on the calling thread, with the same verdicts as the workers give", async () => {
    const key = devKeyPair("vp-4");
    const other = devKeyPair("vp-5");
    const msg = utf8Bytes("one at a time");
    const sig = signMessage(msg, key.privateKey);
    // The same signature with s replaced by n - s: valid ECDSA, refused as high-S (malleable).
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt(`0x${Buffer.from(sig.subarray(32)).toString("hex")}`);
    const highS = Uint8Array.from([...sig.subarray(0, 32), ...Buffer.from((N - s).toString(16).padStart(64, "0"), "hex")]);
    const before = pool.counts();
    const lone = [];
    for (const [pub, signature] of [[key.publicKey, sig], [other.publicKey, sig], [key.publicKey, highS]] as const) lone.push(await pool.verify(signature, msg, pub));
    expect(lone).toEqual([true, false, false]);
    expect(pool.counts().inline - before.inline).toBe(3);
    // Several in one turn still travel to the workers.
    const burst = await Promise.all([pool.verify(sig, msg, key.publicKey), pool.verify(sig, msg, other.publicKey), pool.verify(highS, msg, key.publicKey)]);
    expect(burst).toEqual([true, false, false]);
    expect(pool.counts().batched - before.batched).toBe(3);
  });

  it("keeps at most one batch out per worker: signatures that arrive meanwhile wait and travel together", async () => {
    const key = devKeyPair("vp-6");
    const msgs = Array.from({ length: 240 }, (_, i) => utf8Bytes(`turn job ${i}`));
    const sigs = msgs.map((m) => signMessage(m, key.privateKey));
    const before = pool.counts();
    const verdicts: Promise<boolean>[] = [];
    // 40 event-loop turns of 6 signatures each, faster than a worker verifies a batch.
    for (let turn = 0; turn < 40; turn++) {
      for (let i = turn * 6; i < turn * 6 + 6; i++) verdicts.push(pool.verify(sigs[i]!, msgs[i]!, key.publicKey));
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(verdicts)).toEqual(msgs.map(() => true));
    const after = pool.counts();
    expect(after.batched - before.batched).toBe(240);
    expect(after.mostOut).toBeLessThanOrEqual(2);
    // One batch per worker per turn would be 80.
    expect(after.batches - before.batches).toBeLessThan(80);
  });
});
