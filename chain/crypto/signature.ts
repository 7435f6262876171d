import { ecdsa } from "@noble/curves/abstract/weierstrass.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";

type Sign = (message: Uint8Array, privateKey: Uint8Array) => Uint8Array;
const nobleSign = (curve: Pick<typeof secp256k1, "sign">): Sign => (message, privateKey) => curve.sign(message, privateKey, { prehash: true, lowS: true });
let signer: Sign = nobleSign(secp256k1);

/**
 * Lets a Node process draw RFC 6979 nonces with node:crypto's HMAC-SHA256: the pure-JS HMAC
 * is most of a signature's time when it runs cold, as a producer's once-a-block header
 * signature does (~1 ms of the seal). Deterministic nonces: the same signatures either way.
 */
export function useHmacSha256Implementation(hmac: (key: Uint8Array, message: Uint8Array) => Uint8Array): void {
  signer = nobleSign(ecdsa(secp256k1.Point, sha256, { hmac }));
}

/**
 * Lets a Node process sign with a native library (libsecp256k1, chain/crypto/nodeCrypto.ts):
 * ~30x the pure-JS signer. It must give the same bytes (RFC 6979, low-S, over sha256(message)).
 */
export function useSignImplementation(sign: Sign): void {
  signer = sign;
}

/**
 * ECDSA over sha256(message), 64-byte compact (r‖s) low-S signatures.
 * Runs anywhere (browser, CLI); the server's hot path uses ./nodeVerifier.ts instead.
 */
export function signMessage(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return signer(message, privateKey);
}

/** Verifies a compact signature over sha256(message); false (never throws) on any malformed input. */
export function verifyMessage(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return secp256k1.verify(signature, message, publicKey, { prehash: true, lowS: true });
  } catch {
    return false;
  }
}
