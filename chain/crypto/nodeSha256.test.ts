import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../testing/seededRandom.ts";
import { concatBytes, sha256, toHex } from "./hash.ts";
import { useNodeSha256 } from "./nodeSha256.ts";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signMessage, verifyMessage } from "./signature.ts";

describe("SHA-256 on node:crypto", () => {
  it("gives the pure-JS bytes for one part and for several, empty parts included", () => {
    useNodeSha256();
    const random = createSeededRandom(11);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => random.int(0, 255));
    for (let i = 0; i < 200; i++) {
      const parts = Array.from({ length: random.int(1, 4) }, () => bytes(random.int(0, 300)));
      expect(toHex(sha256(...parts))).toBe(toHex(nobleSha256(concatBytes(...parts))));
    }
    expect(toHex(sha256(new Uint8Array(0)))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  it("signs with node:crypto's HMAC exactly as with the pure-JS one (RFC 6979 nonces)", () => {
    useNodeSha256();
    const random = createSeededRandom(12);
    for (let i = 0; i < 20; i++) {
      const key = secp256k1.utils.randomSecretKey();
      const message = Uint8Array.from({ length: random.int(0, 200) }, () => random.int(0, 255));
      const signature = signMessage(message, key);
      expect(toHex(signature)).toBe(toHex(secp256k1.sign(message, key, { prehash: true, lowS: true })));
      expect(verifyMessage(signature, message, secp256k1.getPublicKey(key, true))).toBe(true);
    }
  });
});
