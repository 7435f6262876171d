/**
 * The server's signature engines (libsecp256k1's binding, OpenSSL) give the verdicts of the
 * reference rule (verifyMessage, noble) on valid signatures and on every malformed form a
 * transaction's bytes can carry; the pool's workers give the same as the calling thread.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keyPairFromPrivateKey } from "./keys.ts";
import { signMessage, verifyMessage } from "./signature.ts";
import { createNodeVerifier } from "./nodeVerifier.ts";
import { createVerifyPool } from "./verifyPool.ts";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const big = (b: Uint8Array) => BigInt(`0x${Buffer.from(b).toString("hex") || "0"}`);
const bytes32 = (n: bigint) => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, "0"), "hex"));

/** The forms a signature or key can take in a submitted transaction, good and bad. */
function variants(sig: Uint8Array, pub: Uint8Array, otherPub: Uint8Array, flip: number) {
  const r = sig.subarray(0, 32);
  const s = sig.subarray(32);
  const flipped = Uint8Array.from(sig);
  flipped[flip % 64] = flipped[flip % 64]! ^ (1 << (flip % 8));
  const offCurve = Uint8Array.from(pub);
  offCurve[32] = offCurve[32]! ^ 1; // most x have no point; the rest verify false
  return [
    { name: "genuine", sig, pub },
    { name: "high-S twin", sig: Uint8Array.from([...r, ...bytes32(N - big(s))]), pub },
    { name: "s = 0", sig: Uint8Array.from([...r, ...bytes32(0n)]), pub },
    { name: "r = 0", sig: Uint8Array.from([...bytes32(0n), ...s]), pub },
    { name: "r = n", sig: Uint8Array.from([...bytes32(N), ...s]), pub },
    { name: "r + n", sig: Uint8Array.from([...bytes32(big(r) + N < 2n ** 256n ? big(r) + N : 2n ** 256n - 1n), ...s]), pub },
    { name: "s = n", sig: Uint8Array.from([...r, ...bytes32(N)]), pub },
    { name: "a bit flipped", sig: flipped, pub },
    { name: "another key", sig, pub: otherPub },
    { name: "key off the curve", sig, pub: offCurve },
    { name: "key with prefix 04", sig, pub: Uint8Array.from([4, ...pub.subarray(1)]) },
    { name: "short signature", sig: sig.subarray(0, 63), pub },
    { name: "uncompressed-length key", sig, pub: Uint8Array.from([...pub, ...new Uint8Array(32)]) },
  ];
}

describe("the server's signature engines", () => {
  const engines = [createNodeVerifier({ engine: "libsecp256k1" }), createNodeVerifier({ engine: "openssl" })];
  const pool = createVerifyPool(2);
  afterAll(() => pool.close());

  it("takes libsecp256k1 where its prebuilt binding loads (this platform), unless told otherwise", () => {
    expect(createNodeVerifier().engine).toBe("libsecp256k1");
    expect(pool.engine).toBe("libsecp256k1");
    expect(createVerifyPool(1, { engine: "openssl" }).engine).toBe("openssl");
  });

  it("agree with the reference rule on genuine and malformed signatures and keys", () => {
    const key = fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => {
      const n = big(k);
      return n > 0n && n < N;
    });
    fc.assert(
      fc.property(key, key, fc.uint8Array({ maxLength: 300 }), fc.nat(), (sk, otherSk, message, flip) => {
        const pub = keyPairFromPrivateKey(sk).publicKey;
        const otherPub = secp256k1.getPublicKey(otherSk, true);
        for (const v of variants(signMessage(message, sk), pub, otherPub, flip)) {
          const expected = verifyMessage(v.sig, message, v.pub);
          if (v.name === "genuine") expect(expected).toBe(true);
          if (v.name !== "genuine" && v.name !== "another key" && v.name !== "a bit flipped") expect(expected, v.name).toBe(false);
          for (const e of engines) expect(e.verify(v.sig, message, v.pub), `${e.engine}: ${v.name}`).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("give the same verdicts on the pool's workers as on the calling thread", async () => {
    const sk = keyPairFromPrivateKey(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
    const other = keyPairFromPrivateKey(Uint8Array.from({ length: 32 }, (_, i) => 40 - i));
    const message = Uint8Array.from({ length: 120 }, (_, i) => i);
    const all = variants(signMessage(message, sk.privateKey), sk.publicKey, other.publicKey, 77);
    // All in one turn: they travel to the workers as batches.
    const verdicts = await Promise.all(all.map((v) => pool.verify(v.sig, message, v.pub)));
    expect(verdicts).toEqual(all.map((v) => verifyMessage(v.sig, message, v.pub)));
    expect(verdicts.filter(Boolean)).toHaveLength(1);
  });
});
