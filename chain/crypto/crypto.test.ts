import { describe, expect, it } from "vitest";
import { decodeAddress, encodeAddress, isAddress } from "./address.ts";
import { devKeyPair, keyPairFromPrivateKey } from "./keys.ts";
import { signMessage, verifyMessage } from "./signature.ts";
import { createNodeVerifier } from "./nodeVerifier.ts";
import fc from "fast-check";
import { bytesKey, fromHex, toHex, utf8Bytes } from "./hash.ts";

describe("keys and addresses", () => {
  it("derives Aergo's address form from a private key", () => {
    // Vector: private key 1 → the generator point G, compressed 0279BE66...; version 0x42.
    const key = keyPairFromPrivateKey(fromHex("0000000000000000000000000000000000000000000000000000000000000001"));
    expect(toHex(key.publicKey)).toBe("0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798");
    expect(key.address.startsWith("A")).toBe(true);
    expect(key.address).toBe(encodeAddress(key.publicKey));
    expect(toHex(decodeAddress(key.address))).toBe(toHex(key.publicKey));
  });

  it("rejects an address with a broken checksum, a wrong version or a point off the curve", () => {
    const { address } = devKeyPair("a");
    const broken = address.slice(0, -1) + (address.endsWith("z") ? "y" : "z");
    expect(isAddress(address)).toBe(true);
    expect(isAddress(broken)).toBe(false);
    expect(isAddress("0x1234")).toBe(false);
    expect(isAddress("")).toBe(false);
    expect(() => decodeAddress(broken)).toThrow(/checksum|version|public key/);
  });

  it("derives the same dev keys on every machine", () => {
    expect(devKeyPair("producer-1").address).toBe(devKeyPair("producer-1").address);
    expect(devKeyPair("producer-1").address).not.toBe(devKeyPair("producer-2").address);
  });
});

describe("signatures", () => {
  const key = devKeyPair("signer");
  const msg = utf8Bytes("a canonical transaction body");

  it("verifies with noble and with node:crypto alike", () => {
    const sig = signMessage(msg, key.privateKey);
    expect(sig.length).toBe(64);
    expect(verifyMessage(sig, msg, key.publicKey)).toBe(true);
    expect(createNodeVerifier().verify(sig, msg, key.publicKey)).toBe(true);
  });

  it("refuses a tampered message, a tampered signature, another key and a high-S twin", () => {
    const sig = signMessage(msg, key.privateKey);
    const v = createNodeVerifier();
    const other = devKeyPair("other");
    const tampered = Uint8Array.from(sig);
    tampered[10] = tampered[10]! ^ 1;
    expect(v.verify(sig, utf8Bytes("another body"), key.publicKey)).toBe(false);
    expect(v.verify(tampered, msg, key.publicKey)).toBe(false);
    expect(v.verify(sig, msg, other.publicKey)).toBe(false);
    expect(verifyMessage(tampered, msg, key.publicKey)).toBe(false);
    // s' = n - s verifies mathematically; both verifiers must refuse it (no malleable hashes).
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const s = BigInt("0x" + toHex(sig.slice(32)));
    const high = Uint8Array.from([...sig.slice(0, 32), ...fromHex((n - s).toString(16).padStart(64, "0"))]);
    expect(v.verify(high, msg, key.publicKey)).toBe(false);
    expect(verifyMessage(high, msg, key.publicKey)).toBe(false);
  });
});

describe("bytesKey", () => {
  it("is one char per byte, flat at any length, and equal and ordered exactly as the bytes are", () => {
    const bytes = fc.uint8Array({ maxLength: 40 });
    fc.assert(
      fc.property(bytes, bytes, (a, b) => {
        const [ka, kb] = [bytesKey(a), bytesKey(b)];
        expect(ka.length).toBe(a.length);
        expect(ka === kb).toBe(toHex(a) === toHex(b));
        expect(Math.sign(ka < kb ? -1 : ka > kb ? 1 : 0)).toBe(Math.sign(toHex(a) < toHex(b) ? -1 : toHex(a) > toHex(b) ? 1 : 0));
      }),
      { seed: 20261207, numRuns: 500 },
    );
    // Past one call's worth of arguments (a row's key may be as long as a row).
    const long = new Uint8Array(100_000).map((_, i) => (i * 7919) % 256);
    const key = bytesKey(long);
    expect(key.length).toBe(long.length);
    for (const i of [0, 8191, 8192, 8193, 65_535, 99_999]) expect(key.charCodeAt(i)).toBe(long[i]);
  });
});
