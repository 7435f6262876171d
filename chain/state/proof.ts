/**
 * Light-client half of the state sparse Merkle tree: proof types, proof
 * verification and the proof JSON codec.
 *
 * This module must stay browser-safe (no `node:` imports, only @noble/hashes)
 * because a light client verifies proofs against a state root with nothing
 * else. `smt.ts` re-exports everything here for server code.
 *
 * Hashing (shared with `smt.ts`, which must produce identical hashes):
 * - empty subtree: 32 zero bytes (never hashed, never stored);
 * - leaf:          sha256(0x00 ‖ key ‖ valueHash);
 * - inner node:    sha256(0x01 ‖ leftHash ‖ rightHash).
 * The distinct prefixes stop a leaf from being passed off as an inner node or
 * vice versa. A leaf's hash does not depend on its height, which is what lets
 * a subtree holding a single key be shortcut to that leaf.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";

/** Root of the empty tree (and hash of any empty subtree): 32 zero bytes. Do not mutate. */
export const EMPTY_ROOT: Uint8Array = new Uint8Array(32);

/** Domain-separation prefix of leaf node preimages. */
export const LEAF_PREFIX = 0x00;
/** Domain-separation prefix of inner node preimages. */
export const INNER_PREFIX = 0x01;
/** Key size in bits, hence the maximum depth of a leaf. */
export const KEY_BITS = 256;

/** A key and the value hash stored under it. */
export interface SmtLeaf {
  readonly key: Uint8Array;
  readonly valueHash: Uint8Array;
}

/**
 * Proof that a key holds a given value hash, or holds nothing, under a root.
 *
 * The path is followed from the root by the key's bits (most significant bit
 * first, 0 = left) until it reaches an empty subtree or a leaf.
 */
export interface SmtProof {
  /**
   * Sibling hashes along the path, top-down: `siblings[i]` is the sibling of
   * the path node at depth `i + 1`. Empty siblings are 32 zero bytes.
   */
  readonly siblings: readonly Uint8Array[];
  /**
   * The leaf where the path stopped (the key's own leaf when present, or
   * another key's leaf sharing the path prefix when absent), or `null` when
   * the path stopped at an empty subtree.
   */
  readonly leaf: SmtLeaf | null;
}

/** JSON form of {@link SmtProof}: the same fields as lowercase hex strings. */
export interface SmtProofJSON {
  siblings: string[];
  leaf: { key: string; valueHash: string } | null;
}

/**
 * Returns bit `depth` of `key`, most significant bit of byte 0 first; this
 * bit order makes the tree's left-to-right order the keys' byte order.
 *
 * @internal Shared with `smt.ts`.
 * @throws Never (bits past the end read as 0).
 * @example
 * ```ts
 * bitAt(Uint8Array.of(0b1000_0000), 0); // 1
 * ```
 */
export function bitAt(key: Uint8Array, depth: number): number {
  return ((key[depth >> 3] ?? 0) >> (7 - (depth & 7))) & 1;
}

/**
 * Byte-wise equality of two byte arrays (proof data is public, so no need
 * for a constant-time comparison).
 *
 * @internal Shared with `smt.ts`.
 * @throws Never.
 * @example
 * ```ts
 * bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2)); // true
 * ```
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * True when all bytes are zero, i.e. `hash` denotes an empty subtree.
 *
 * @internal Shared with `smt.ts`.
 * @throws Never.
 * @example
 * ```ts
 * isEmptyHash(EMPTY_ROOT); // true
 * ```
 */
export function isEmptyHash(hash: Uint8Array): boolean {
  for (let i = 0; i < hash.length; i++) if (hash[i] !== 0) return false;
  return true;
}

// sha256 does not retain its input, so one scratch preimage serves every call.
const scratch = new Uint8Array(65);

function hashNode(prefix: number, a: Uint8Array, b: Uint8Array): Uint8Array {
  scratch[0] = prefix;
  scratch.set(a, 1);
  scratch.set(b, 33);
  return sha256(scratch);
}

function is32Bytes(x: unknown): x is Uint8Array {
  return x instanceof Uint8Array && x.length === 32;
}

// Returns true when `a` and `b` agree on their first `bits` bits.
function sharesPrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  const whole = bits >> 3;
  for (let i = 0; i < whole; i++) if (a[i] !== b[i]) return false;
  const rest = bits & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return (((a[whole] ?? 0) ^ (b[whole] ?? 0)) & mask) === 0;
}

/**
 * Checks a membership (`valueHash` given) or non-membership (`valueHash`
 * null) proof for `key` against a state root, without any node store.
 *
 * Besides recomputing the root, it enforces the shape an honest tree always
 * has (the deepest sibling is non-empty, an absent key's stand-in leaf shares
 * the path prefix), so malformed proofs are rejected early and cheaply.
 *
 * @param root - 32-byte state root the light client trusts.
 * @param key - 32-byte key (callers hash their application keys).
 * @param valueHash - 32-byte value hash claimed for `key`, or `null` to claim absence.
 * @param proof - Proof from `prove`, possibly decoded with {@link proofFromJSON}.
 * @returns `true` only if the proof establishes the claim under `root`.
 * @throws Never: any malformed or tampered input yields `false`.
 * @example
 * ```ts
 * const proof = smt.prove(root, key);
 * verifyProof(root, key, valueHash, proof); // true
 * verifyProof(root, key, null, proof);      // false: the key is present
 * ```
 */
export function verifyProof(
  root: Uint8Array,
  key: Uint8Array,
  valueHash: Uint8Array | null,
  proof: SmtProof,
): boolean {
  try {
    if (!is32Bytes(root) || !is32Bytes(key)) return false;
    if (valueHash !== null && !is32Bytes(valueHash)) return false;
    if (typeof proof !== "object" || proof === null) return false;
    const { siblings, leaf } = proof;
    if (!Array.isArray(siblings) || siblings.length > KEY_BITS) return false;
    for (const s of siblings) if (!is32Bytes(s)) return false;
    const depth = siblings.length;

    let hash: Uint8Array;
    if (leaf === null) {
      if (valueHash !== null) return false;
      hash = EMPTY_ROOT;
    } else {
      if (typeof leaf !== "object" || !is32Bytes(leaf.key) || !is32Bytes(leaf.valueHash)) return false;
      if (valueHash !== null) {
        if (!bytesEqual(leaf.key, key) || !bytesEqual(leaf.valueHash, valueHash)) return false;
      } else {
        // A leaf for the same key proves presence, not absence; a leaf off the
        // key's path cannot stand in for it.
        if (bytesEqual(leaf.key, key) || !sharesPrefix(leaf.key, key, depth)) return false;
      }
      hash = hashNode(LEAF_PREFIX, leaf.key, leaf.valueHash);
    }

    // In a canonical tree a node below the root has a non-empty sibling:
    // otherwise its parent would hold at most one key and have been shortcut.
    const deepest = siblings[depth - 1];
    if (deepest !== undefined && isEmptyHash(deepest)) return false;

    for (let d = depth - 1; d >= 0; d--) {
      const sibling = siblings[d];
      if (sibling === undefined) return false;
      hash = bitAt(key, d) === 0 ? hashNode(INNER_PREFIX, hash, sibling) : hashNode(INNER_PREFIX, sibling, hash);
    }
    return bytesEqual(hash, root);
  } catch {
    return false;
  }
}

/**
 * Encodes a proof as plain JSON data (lowercase hex strings).
 *
 * @param proof - Proof from `prove`.
 * @returns A value that survives `JSON.stringify`/`JSON.parse` unchanged.
 * @throws Error if `proof` holds something other than byte arrays.
 * @example
 * ```ts
 * const wire = JSON.stringify(proofToJSON(smt.prove(root, key)));
 * ```
 */
export function proofToJSON(proof: SmtProof): SmtProofJSON {
  return {
    siblings: proof.siblings.map((s) => bytesToHex(s)),
    leaf: proof.leaf === null ? null : { key: bytesToHex(proof.leaf.key), valueHash: bytesToHex(proof.leaf.valueHash) },
  };
}

const HEX32 = /^[0-9a-fA-F]{64}$/;

function hash32FromJSON(value: unknown, path: string): Uint8Array {
  if (typeof value !== "string" || !HEX32.test(value)) {
    throw new Error(`Invalid SMT proof JSON: ${path} must be a 64-character hex string`);
  }
  return hexToBytes(value);
}

/**
 * Decodes and shape-checks a proof produced by {@link proofToJSON}.
 *
 * It validates structure only; whether the proof is true is for
 * {@link verifyProof} to decide.
 *
 * @param json - Parsed JSON (for instance the result of `JSON.parse`).
 * @returns The decoded proof.
 * @throws Error naming the offending field when the shape is wrong: not an
 * object, `siblings` not an array of at most 256 hex hashes, or `leaf` neither
 * `null` nor `{ key, valueHash }` hex hashes.
 * @example
 * ```ts
 * const proof = proofFromJSON(JSON.parse(wire));
 * verifyProof(root, key, valueHash, proof);
 * ```
 */
export function proofFromJSON(json: unknown): SmtProof {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new Error('Invalid SMT proof JSON: expected an object with "siblings" and "leaf"');
  }
  const { siblings, leaf } = json as { siblings?: unknown; leaf?: unknown };
  if (!Array.isArray(siblings)) throw new Error("Invalid SMT proof JSON: siblings must be an array");
  if (siblings.length > KEY_BITS) {
    throw new Error(`Invalid SMT proof JSON: siblings has ${siblings.length} entries, at most ${KEY_BITS} allowed`);
  }
  const decoded = siblings.map((s: unknown, i) => hash32FromJSON(s, `siblings[${i}]`));
  if (leaf === null) return { siblings: decoded, leaf: null };
  if (typeof leaf !== "object" || Array.isArray(leaf)) {
    throw new Error('Invalid SMT proof JSON: leaf must be null or an object with "key" and "valueHash"');
  }
  const { key, valueHash } = leaf as { key?: unknown; valueHash?: unknown };
  return {
    siblings: decoded,
    leaf: { key: hash32FromJSON(key, "leaf.key"), valueHash: hash32FromJSON(valueHash, "leaf.valueHash") },
  };
}
