import { createHash, createHmac, hash as oneShotHash } from "node:crypto";
import { useSha256Implementation } from "./hash.ts";
import { useHmacSha256Implementation, useSignImplementation } from "./signature.ts";
import verifyRule from "./verifyRule.cjs";

/**
 * The process's hashing and signing on native code: SHA-256 on node:crypto (OpenSSL) for every
 * hash, and signatures (block headers, the hub's own transactions) on libsecp256k1 where its
 * prebuilt binding loads, else noble with node:crypto's HMAC for the RFC 6979 nonces. The hub,
 * its worker threads and the benchmarks install it once at start; the browser and the CLI keep
 * the pure-JS code. Same bytes either way (nodeCrypto.test.ts). The one-shot `crypto.hash`
 * (Node ≥ 20.12) skips creating a Hash object per call.
 */
export function useNodeCrypto(): void {
  useHmacSha256Implementation((key, message) => new Uint8Array(createHmac("sha256", key).update(message).digest()));
  const native = verifyRule.nativeSigner();
  if (native) useSignImplementation(native);
  if (typeof oneShotHash === "function") {
    // A copy: the Buffer may sit in a shared pool, and callers may read a hash's `.buffer`.
    useSha256Implementation((data) => new Uint8Array(oneShotHash("sha256", data, "buffer") as unknown as Buffer));
  } else {
    useSha256Implementation((data) => new Uint8Array(createHash("sha256").update(data).digest()));
  }
}
