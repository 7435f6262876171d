import { createHash, createHmac, hash as oneShotHash } from "node:crypto";
import { useSha256Implementation } from "./hash.ts";
import { useHmacSha256Implementation } from "./signature.ts";

/**
 * SHA-256 (and the HMAC-SHA256 of signatures' nonces) on node:crypto (OpenSSL) for every hash
 * the process makes: the hub and the benchmarks install it once at start; the browser keeps the
 * pure-JS implementation (same bytes). The one-shot `crypto.hash` (Node ≥ 20.12) skips creating
 * a Hash object per call.
 */
export function useNodeSha256(): void {
  useHmacSha256Implementation((key, message) => new Uint8Array(createHmac("sha256", key).update(message).digest()));
  if (typeof oneShotHash === "function") {
    // A copy: the Buffer may sit in a shared pool, and callers may read a hash's `.buffer`.
    useSha256Implementation((data) => new Uint8Array(oneShotHash("sha256", data, "buffer") as unknown as Buffer));
  } else {
    useSha256Implementation((data) => new Uint8Array(createHash("sha256").update(data).digest()));
  }
}
