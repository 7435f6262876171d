"use strict";
// The hub's one signature rule (and its signer), written once as plain CommonJS so both the calling thread
// (./nodeVerifier.ts) and the verification pool's eval'd workers (./verifyPool.ts) load it:
// a 64-byte compact (r‖s) low-S ECDSA signature over sha256(message) by a 33-byte compressed
// secp256k1 key. Same verdicts as verifyMessage in ./signature.ts (noble), on two engines:
// - "libsecp256k1": the secp256k1 package's prebuilt binding (Bitcoin Core's library), ~6x
//   OpenSSL's secp256k1 here. Its verify refuses high-S itself (no normalisation).
// - "openssl": node:crypto, where the binding does not load (no prebuild for the platform).
const { createHash, createPublicKey, verify: opensslVerify } = require("node:crypto");

// SubjectPublicKeyInfo prefix for a compressed secp256k1 point (id-ecPublicKey, secp256k1).
const SPKI_PREFIX = Buffer.from("3036301006072a8648ce3d020106052b8104000a032200", "hex");
// n / 2 as 32 big-endian bytes: an s above it is the malleable twin of a valid signature.
const HALF_N = Buffer.from("7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0", "hex");

let native;
function loadNative() {
  if (native === undefined) {
    try {
      // The binding only: the package's index falls back to pure-JS elliptic, slower than OpenSSL.
      native = require("secp256k1/bindings");
    } catch {
      native = null;
    }
  }
  return native;
}

function lowS(sig) {
  const s = sig.subarray(32, 64);
  return Buffer.compare(s, HALF_N) <= 0 && s.some((b) => b !== 0);
}

/** @param {"libsecp256k1" | "openssl" | undefined} wanted  undefined: the fastest that loads. */
function createVerifyRule(wanted, cacheSize = 50_000) {
  const lib = wanted === "openssl" ? null : loadNative();
  if (wanted === "libsecp256k1" && !lib) throw new Error("libsecp256k1's prebuilt binding does not load on this platform");
  const keys = new Map();
  function keyFor(pub) {
    const id = Buffer.from(pub.buffer, pub.byteOffset, pub.byteLength).toString("latin1");
    let k = keys.get(id);
    if (!k) {
      // Importing a key costs about as much as a verification: each is imported once.
      k = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: "der", type: "spki" });
      if (keys.size >= cacheSize) keys.clear();
      keys.set(id, k);
    }
    return k;
  }
  return {
    engine: lib ? "libsecp256k1" : "openssl",
    verify(sig, msg, pub) {
      if (sig.length !== 64 || pub.length !== 33) return false;
      try {
        if (lib) return lib.ecdsaVerify(sig, createHash("sha256").update(msg).digest(), pub);
        return lowS(sig) && opensslVerify("sha256", msg, { key: keyFor(pub), dsaEncoding: "ieee-p1363" }, sig);
      } catch {
        // Unparsable signature (r or s ≥ n) or key (not on the curve): refused, never thrown.
        return false;
      }
    },
  };
}

/**
 * Signing on libsecp256k1 where its binding loads (RFC 6979 nonces, low-S: the same signatures
 * as signMessage in ./signature.ts), else null.
 * @returns (message, privateKey) => 64-byte compact signature over sha256(message)
 */
function nativeSigner() {
  const lib = loadNative();
  if (!lib) return null;
  return (message, privateKey) => lib.ecdsaSign(createHash("sha256").update(message).digest(), privateKey).signature;
}

module.exports = { createVerifyRule, nativeSigner };
