import { secp256k1 } from "@noble/curves/secp256k1.js";
import { encodeAddress } from "./address.ts";
import { sha256, utf8Bytes } from "./hash.ts";

/** A key pair held where the user is (CLI key store or browser), never on the server. */
export type KeyPair = {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly address: string;
};

/** Creates a fresh random key pair. */
export function createKeyPair(): KeyPair {
  return keyPairFromPrivateKey(secp256k1.utils.randomSecretKey());
}

/**
 * Rebuilds a key pair from its 32-byte private key.
 * @throws Error when the key is out of range.
 */
export function keyPairFromPrivateKey(privateKey: Uint8Array): KeyPair {
  const publicKey = secp256k1.getPublicKey(privateKey, true);
  return Object.freeze({ privateKey: Uint8Array.from(privateKey), publicKey, address: encodeAddress(publicKey) });
}

/** Deterministic dev-network keys: well known on purpose, like Hardhat's, never for real funds. */
export function devKeyPair(label: string): KeyPair {
  return keyPairFromPrivateKey(sha256(utf8Bytes(`aergo-hub dev key: ${label}`)));
}
