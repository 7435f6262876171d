import { secp256k1 } from "@noble/curves/secp256k1.js";

/**
 * ECDSA over sha256(message), 64-byte compact (r‖s) low-S signatures.
 * Runs anywhere (browser, CLI); the server's hot path uses ./nodeVerifier.ts instead.
 */
export function signMessage(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return secp256k1.sign(message, privateKey, { prehash: true, lowS: true });
}

/** Verifies a compact signature over sha256(message); false (never throws) on any malformed input. */
export function verifyMessage(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return secp256k1.verify(signature, message, publicKey, { prehash: true, lowS: true });
  } catch {
    return false;
  }
}
