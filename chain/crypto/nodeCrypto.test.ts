import { createHmac } from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { afterAll, describe, expect, it } from "vitest";
import { createSeededRandom } from "../testing/seededRandom.ts";
import { concatBytes, sha256, toHex } from "./hash.ts";
import { useNodeCrypto } from "./nodeCrypto.ts";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signMessage, useHmacSha256Implementation, verifyMessage } from "./signature.ts";
import verifyRule from "./verifyRule.cjs";

const { nativeSigner } = verifyRule;
const nobleSignature = (message: Uint8Array, key: Uint8Array) => toHex(secp256k1.sign(message, key, { prehash: true, lowS: true }));

describe("hashing and signing on native code", () => {
  afterAll(() => useNodeCrypto());

  it("gives the pure-JS bytes for one part and for several, empty parts included", () => {
    useNodeCrypto();
    const random = createSeededRandom(11);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => random.int(0, 255));
    for (let i = 0; i < 200; i++) {
      const parts = Array.from({ length: random.int(1, 4) }, () => bytes(random.int(0, 300)));
      expect(toHex(sha256(...parts))).toBe(toHex(nobleSha256(concatBytes(...parts))));
    }
    expect(toHex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("signs on libsecp256k1 (the binding loads on this platform) exactly as the pure-JS signer: RFC 6979 nonces, low-S", () => {
    const native = nativeSigner();
    expect(native).not.toBeNull();
    useNodeCrypto();
    const random = createSeededRandom(12);
    for (let i = 0; i < 40; i++) {
      const key = secp256k1.utils.randomSecretKey();
      const message = Uint8Array.from({ length: random.int(0, 200) }, () => random.int(0, 255));
      expect(toHex(native!(message, key))).toBe(nobleSignature(message, key));
      const signature = signMessage(message, key);
      expect(toHex(signature)).toBe(nobleSignature(message, key));
      expect(verifyMessage(signature, message, secp256k1.getPublicKey(key, true))).toBe(true);
    }
  });

  it("signs with node:crypto's HMAC exactly as with the pure-JS one, where the binding does not load", () => {
    useHmacSha256Implementation((key, message) => new Uint8Array(createHmac("sha256", key).update(message).digest()));
    const random = createSeededRandom(13);
    for (let i = 0; i < 10; i++) {
      const key = secp256k1.utils.randomSecretKey();
      const message = Uint8Array.from({ length: random.int(0, 200) }, () => random.int(0, 255));
      expect(toHex(signMessage(message, key))).toBe(nobleSignature(message, key));
    }
  });
});
