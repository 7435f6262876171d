/**
 * Persistent, content-addressed sparse Merkle tree over 256-bit keys: the
 * commitment to the chain state.
 *
 * Shape. Keys are read most significant bit first, 0 = left. The tree is
 * "compact": a subtree holding no key is the empty hash (32 zero bytes), a
 * subtree holding exactly one key is that key's leaf (whatever its height),
 * and only a subtree holding two or more keys is an inner node. The root thus
 * depends only on the set of (key, valueHash) pairs, never on history or
 * batching, and random keys give depth ~log2(n) rather than 256.
 *
 * Node encoding in the {@link NodeStore}: each node is stored as its own
 * 65-byte hash preimage, keyed by sha256 of those bytes:
 * - leaf:  0x00 ‖ key (32) ‖ valueHash (32)
 * - inner: 0x01 ‖ leftHash (32) ‖ rightHash (32)
 * Empty subtrees are never stored. Nodes are immutable, so an update only
 * adds the nodes on the paths it changed and every older root stays valid.
 *
 * Hashing here uses sha256Small (plain JavaScript, ~0.75 µs for these 65-byte
 * inputs against ~1.5 µs for a call into node:crypto); `proof.ts` computes the
 * same hashes with @noble/hashes so that light clients can verify proofs in a
 * browser. Browser code must import from `./proof.ts`, not from this module.
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import { sha256Small as sha256 } from "../crypto/sha256Small.ts";
import type { NodeStore } from "./nodeStore.ts";
import { EMPTY_ROOT, INNER_PREFIX, KEY_BITS, LEAF_PREFIX, bitAt, isEmptyHash } from "./proof.ts";
import type { SmtLeaf, SmtProof } from "./proof.ts";

export { EMPTY_ROOT, verifyProof, proofToJSON, proofFromJSON } from "./proof.ts";
export type { SmtLeaf, SmtProof, SmtProofJSON } from "./proof.ts";
export type { NodeStore } from "./nodeStore.ts";

/** One change of a batch: set `key` to `valueHash`, or delete it when `valueHash` is null. */
export type SmtChange = readonly [key: Uint8Array, valueHash: Uint8Array | null];

/**
 * One key whose value differs between two roots: its value hash under the first root and
 * under the second, `undefined` where the key is absent (so added, removed or changed).
 */
export type SmtDiffEntry = [key: Uint8Array, before: Uint8Array | undefined, after: Uint8Array | undefined];

/** A sparse Merkle tree view over a node store; every method takes the root to read. */
export interface SparseMerkleTree {
  /**
   * Applies a batch of changes to the tree at `root` and returns the new root.
   * When a key appears several times in one batch, its last change wins.
   */
  update(root: Uint8Array, changes: ReadonlyArray<SmtChange>): Uint8Array;
  /** Returns the value hash stored at `key` under `root`, or `undefined` if absent. */
  get(root: Uint8Array, key: Uint8Array): Uint8Array | undefined;
  /** Returns a membership or non-membership proof for `key` under `root`. */
  prove(root: Uint8Array, key: Uint8Array): SmtProof;
  /** Lists every (key, valueHash) pair under `root` in ascending key order. */
  entries(root: Uint8Array): Iterable<[key: Uint8Array, valueHash: Uint8Array]>;
  /**
   * Lists every key whose value differs between `rootA` and `rootB`, in ascending key order.
   * Subtrees with equal hashes are skipped unread, so the cost follows the change (about
   * two node loads per differing node on the changed paths), not the size of the trees.
   */
  diff(rootA: Uint8Array, rootB: Uint8Array): Iterable<SmtDiffEntry>;
}

const NODE_SIZE = 65;
// New nodes are carved out of shared 65 KiB slabs rather than allocated one
// by one: every separate ArrayBuffer costs V8 a backing-store allocation and
// GC tracking, which on 100k-key trees made updates ~25% slower. A slab lives
// as long as any of its nodes is referenced, which a node store keeps anyway.
const SLAB_SIZE = NODE_SIZE * 1024;
let slab = new Uint8Array(0);
let slabUsed = 0;

// Node kinds as seen by update(); UNKNOWN marks an untouched child whose node
// we have not loaded, as loading it is only worth it if a collapse needs it.
const EMPTY = 0;
const LEAF = 1;
const INNER = 2;
const UNKNOWN = 3;
type Kind = typeof EMPTY | typeof LEAF | typeof INNER | typeof UNKNOWN;

function assertHash(value: unknown, name: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== 32) {
    throw new TypeError(`${name} must be a 32-byte Uint8Array`);
  }
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

// Compares 32 bytes of `node` starting at `offset` with `other`, without a subarray.
function nodeFieldEquals(node: Uint8Array, offset: number, other: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (node[offset + i] !== other[i]) return false;
  return true;
}

/**
 * Creates a sparse Merkle tree reading and writing nodes in `store`.
 *
 * The tree object holds no state of its own: a root is a complete, immutable
 * snapshot, so forks and historical heights are just other roots over the
 * same store.
 *
 * @param store - Content-addressed node storage, shared by all roots.
 * @returns The tree operations (`update`, `get`, `prove`, `entries`, `diff`).
 * @throws Never itself. Its methods throw a TypeError for keys, value hashes or
 * roots that are not 32-byte Uint8Arrays, and an Error when a node reachable
 * from the given root is missing from (or corrupt in) the store. An update
 * that throws midway may leave new nodes in the store; they are unreachable
 * from any root and so harmless.
 * @example
 * ```ts
 * const smt = createSparseMerkleTree(createMemoryNodeStore());
 * const root1 = smt.update(EMPTY_ROOT, [[keyA, valueA], [keyB, valueB]]);
 * const root2 = smt.update(root1, [[keyA, null]]); // delete keyA
 * smt.get(root1, keyA); // valueA: old roots stay readable
 * verifyProof(root2, keyA, null, smt.prove(root2, keyA)); // true
 * ```
 */
export function createSparseMerkleTree(store: NodeStore): SparseMerkleTree {
  function load(hash: Uint8Array): Uint8Array {
    const bytes = store.get(hash);
    if (bytes === undefined) throw new Error(`SMT node ${bytesToHex(hash)} is missing from the node store`);
    if (bytes.length !== NODE_SIZE || (bytes[0] !== LEAF_PREFIX && bytes[0] !== INNER_PREFIX)) {
      throw new Error(`SMT node ${bytesToHex(hash)} is corrupt in the node store`);
    }
    return bytes;
  }

  function write(prefix: number, a: Uint8Array, b: Uint8Array): Uint8Array {
    // A view into the current slab; the store keeps it by reference.
    if (slabUsed + NODE_SIZE > slab.length) {
      slab = new Uint8Array(SLAB_SIZE);
      slabUsed = 0;
    }
    const bytes = slab.subarray(slabUsed, slabUsed + NODE_SIZE);
    slabUsed += NODE_SIZE;
    bytes[0] = prefix;
    bytes.set(a, 1);
    bytes.set(b, 33);
    const hash = sha256(bytes);
    store.put(hash, bytes);
    return hash;
  }

  function update(root: Uint8Array, changes: ReadonlyArray<SmtChange>): Uint8Array {
    assertHash(root, "root");
    const n = changes.length;
    for (let i = 0; i < n; i++) {
      const change = changes[i];
      if (!Array.isArray(change)) throw new TypeError(`changes[${i}] must be a [key, valueHash] pair`);
      assertHash(change[0], `changes[${i}][0] (key)`);
      if (change[1] !== null) assertHash(change[1], `changes[${i}][1] (valueHash)`);
    }
    if (n === 0) return root.slice();

    // Sort once so that each subtree's changes are a contiguous range and the
    // whole batch is applied in a single descent. sort() is stable, so within
    // a run of equal keys the last one in the run is the last one given.
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => compareBytes((changes[a] as SmtChange)[0], (changes[b] as SmtChange)[0]));
    const keys: Uint8Array[] = [];
    const values: (Uint8Array | null)[] = [];
    for (let i = 0; i < n; i++) {
      const [key, value] = changes[order[i] as number] as SmtChange;
      const next = order[i + 1];
      if (next !== undefined && compareBytes(key, (changes[next] as SmtChange)[0]) === 0) continue;
      keys.push(key);
      values.push(value);
    }

    // Kind of the hash most recently returned by apply(); an out-parameter so
    // that the hot recursion allocates nothing but new nodes.
    let kind: Kind = EMPTY;

    // First index in [lo, hi) whose key has bit `depth` set (keys are sorted
    // and share their first `depth` bits, so the bit is monotonic).
    function splitPoint(depth: number, lo: number, hi: number): number {
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (bitAt(keys[m] as Uint8Array, depth) === 0) lo = m + 1;
        else hi = m;
      }
      return lo;
    }

    // Applies changes [lo, hi) to the subtree `hash` at `depth` and returns the
    // new subtree hash. `bytes` is the node's encoding when already at hand;
    // a leaf being pushed down to make room for a neighbour carries it along.
    function apply(hash: Uint8Array, bytes: Uint8Array | undefined, depth: number, lo: number, hi: number): Uint8Array {
      const empty = bytes === undefined && isEmptyHash(hash);
      if (lo === hi) {
        kind = empty ? EMPTY : bytes === undefined ? UNKNOWN : bytes[0] === LEAF_PREFIX ? LEAF : INNER;
        return hash;
      }
      if (empty) {
        if (hi - lo === 1) {
          const value = values[lo] as Uint8Array | null;
          if (value === null) {
            kind = EMPTY;
            return hash;
          }
          kind = LEAF;
          return write(LEAF_PREFIX, keys[lo] as Uint8Array, value);
        }
      } else {
        bytes ??= load(hash);
        if (bytes[0] === LEAF_PREFIX && hi - lo === 1) {
          const key = keys[lo] as Uint8Array;
          const value = values[lo] as Uint8Array | null;
          if (nodeFieldEquals(bytes, 1, key)) {
            if (value === null) {
              kind = EMPTY;
              return EMPTY_ROOT;
            }
            kind = LEAF;
            return nodeFieldEquals(bytes, 33, value) ? hash : write(LEAF_PREFIX, key, value);
          }
          if (value === null) {
            // Deleting a key that is not here leaves the subtree as it is.
            kind = LEAF;
            return hash;
          }
        }
      }

      // Two distinct keys differ before bit 256, so a range (plus at most one
      // leaf) always splits before reaching it.
      if (depth >= KEY_BITS) throw new Error("SMT invariant violated: keys collide at full depth");
      const mid = splitPoint(depth, lo, hi);
      let leftHash = EMPTY_ROOT;
      let rightHash = EMPTY_ROOT;
      let leftBytes: Uint8Array | undefined;
      let rightBytes: Uint8Array | undefined;
      let isInner = false;
      if (bytes !== undefined) {
        if (bytes[0] === INNER_PREFIX) {
          isInner = true;
          leftHash = bytes.subarray(1, 33);
          rightHash = bytes.subarray(33, 65);
        } else if (bitAt(bytes, depth + 8) === 0) {
          // A leaf is height-independent, so it moves down unchanged to the
          // side its own key selects (the key starts at byte 1, hence +8 bits).
          leftHash = hash;
          leftBytes = bytes;
        } else {
          rightHash = hash;
          rightBytes = bytes;
        }
      }

      const left = apply(leftHash, leftBytes, depth + 1, lo, mid);
      const leftKind = kind;
      const right = apply(rightHash, rightBytes, depth + 1, mid, hi);
      const rightKind = kind;

      if (isInner && nodeFieldEquals(bytes as Uint8Array, 1, left) && nodeFieldEquals(bytes as Uint8Array, 33, right)) {
        // Nothing below changed (e.g. deletes of absent keys): keep the node.
        kind = INNER;
        return hash;
      }
      if (leftKind !== EMPTY && rightKind !== EMPTY) {
        kind = INNER;
        return write(INNER_PREFIX, left, right);
      }
      // One side is empty, so this subtree's keys all live on the other side.
      const only = leftKind === EMPTY ? right : left;
      let onlyKind = leftKind === EMPTY ? rightKind : leftKind;
      if (onlyKind === UNKNOWN) onlyKind = load(only)[0] === LEAF_PREFIX ? LEAF : INNER;
      if (onlyKind !== INNER) {
        // Zero keys: empty. One key: its leaf rises to this height (shortcut).
        kind = onlyKind;
        return only;
      }
      kind = INNER;
      return write(INNER_PREFIX, left, right);
    }

    // Copy: the result may be a view into a stored node, which must not be
    // exposed to callers who could mutate it.
    return apply(root, undefined, 0, 0, keys.length).slice();
  }

  function get(root: Uint8Array, key: Uint8Array): Uint8Array | undefined {
    assertHash(root, "root");
    assertHash(key, "key");
    let hash = root;
    for (let depth = 0; depth <= KEY_BITS; depth++) {
      if (isEmptyHash(hash)) return undefined;
      const bytes = load(hash);
      if (bytes[0] === LEAF_PREFIX) return nodeFieldEquals(bytes, 1, key) ? bytes.slice(33, 65) : undefined;
      hash = bitAt(key, depth) === 0 ? bytes.subarray(1, 33) : bytes.subarray(33, 65);
    }
    throw new Error("SMT node store is corrupt: path deeper than 256 bits");
  }

  function prove(root: Uint8Array, key: Uint8Array): SmtProof {
    assertHash(root, "root");
    assertHash(key, "key");
    const siblings: Uint8Array[] = [];
    let hash = root;
    for (let depth = 0; depth <= KEY_BITS; depth++) {
      if (isEmptyHash(hash)) return { siblings, leaf: null };
      const bytes = load(hash);
      if (bytes[0] === LEAF_PREFIX) {
        const leaf: SmtLeaf = { key: bytes.slice(1, 33), valueHash: bytes.slice(33, 65) };
        return { siblings, leaf };
      }
      if (bitAt(key, depth) === 0) {
        siblings.push(bytes.slice(33, 65));
        hash = bytes.subarray(1, 33);
      } else {
        siblings.push(bytes.slice(1, 33));
        hash = bytes.subarray(33, 65);
      }
    }
    throw new Error("SMT node store is corrupt: path deeper than 256 bits");
  }

  function entries(root: Uint8Array): Iterable<[key: Uint8Array, valueHash: Uint8Array]> {
    assertHash(root, "root");
    const start = root.slice();
    return {
      *[Symbol.iterator](): Generator<[key: Uint8Array, valueHash: Uint8Array]> {
        // Explicit stack instead of nested generators, whose yield* chains
        // would cost O(depth) per entry.
        const stack: Uint8Array[] = [start];
        for (let hash = stack.pop(); hash !== undefined; hash = stack.pop()) {
          if (isEmptyHash(hash)) continue;
          const bytes = load(hash);
          if (bytes[0] === LEAF_PREFIX) {
            yield [bytes.slice(1, 33), bytes.slice(33, 65)];
          } else {
            if (stack.length > 2 * KEY_BITS) throw new Error("SMT node store is corrupt: path deeper than 256 bits");
            stack.push(bytes.subarray(33, 65), bytes.subarray(1, 33));
          }
        }
      },
    };
  }

  function diff(rootA: Uint8Array, rootB: Uint8Array): Iterable<SmtDiffEntry> {
    assertHash(rootA, "rootA");
    assertHash(rootB, "rootB");
    const start: DiffFrame = { a: rootA.slice(), aBytes: undefined, b: rootB.slice(), bBytes: undefined, depth: 0 };
    return {
      *[Symbol.iterator](): Generator<SmtDiffEntry> {
        // An explicit stack of subtree pairs, as in entries(): right pushed before left, so
        // pairs pop in key order.
        const stack: DiffFrame[] = [start];
        for (let f = stack.pop(); f !== undefined; f = stack.pop()) {
          const { a, b, depth } = f;
          if (nodeFieldEquals(a, 0, b)) continue; // equal subtrees (both empty included)
          const aNode = isEmptyHash(a) ? undefined : (f.aBytes ?? load(a));
          const bNode = isEmptyHash(b) ? undefined : (f.bBytes ?? load(b));
          const aInner = aNode !== undefined && aNode[0] === INNER_PREFIX;
          const bInner = bNode !== undefined && bNode[0] === INNER_PREFIX;
          if (!aInner && !bInner) {
            // At most one key on each side (not both empty: equal hashes were skipped).
            if (aNode === undefined) {
              yield [(bNode as Uint8Array).slice(1, 33), undefined, (bNode as Uint8Array).slice(33, 65)];
            } else if (bNode === undefined) {
              yield [aNode.slice(1, 33), aNode.slice(33, 65), undefined];
            } else {
              const order = compareBytes(aNode.subarray(1, 33), bNode.subarray(1, 33));
              if (order === 0) yield [aNode.slice(1, 33), aNode.slice(33, 65), bNode.slice(33, 65)];
              else if (order < 0) {
                yield [aNode.slice(1, 33), aNode.slice(33, 65), undefined];
                yield [bNode.slice(1, 33), undefined, bNode.slice(33, 65)];
              } else {
                yield [bNode.slice(1, 33), undefined, bNode.slice(33, 65)];
                yield [aNode.slice(1, 33), aNode.slice(33, 65), undefined];
              }
            }
            continue;
          }
          // An inner node still holds two keys, which differ before bit 256.
          if (depth >= KEY_BITS) throw new Error("SMT node store is corrupt: path deeper than 256 bits");
          // Split both sides at this depth. A leaf facing an inner node moves down, unchanged,
          // to the side its key selects (a leaf's hash does not depend on its height), until it
          // meets its own key's leaf, another leaf or an empty subtree on the other side.
          const [aLeft, aLeftBytes, aRight, aRightBytes] = split(a, aNode, depth);
          const [bLeft, bLeftBytes, bRight, bRightBytes] = split(b, bNode, depth);
          stack.push({ a: aRight, aBytes: aRightBytes, b: bRight, bBytes: bRightBytes, depth: depth + 1 });
          stack.push({ a: aLeft, aBytes: aLeftBytes, b: bLeft, bBytes: bLeftBytes, depth: depth + 1 });
        }
      },
    };
  }

  return { update, get, prove, entries, diff };
}

/** A pair of subtrees at the same position, with each node's bytes when already loaded. */
type DiffFrame = { a: Uint8Array; aBytes: Uint8Array | undefined; b: Uint8Array; bBytes: Uint8Array | undefined; depth: number };

type Halves = [left: Uint8Array, leftBytes: Uint8Array | undefined, right: Uint8Array, rightBytes: Uint8Array | undefined];

/** The two children at `depth` of the subtree `hash` (node `bytes`, undefined when empty). */
function split(hash: Uint8Array, bytes: Uint8Array | undefined, depth: number): Halves {
  if (bytes === undefined) return [EMPTY_ROOT, undefined, EMPTY_ROOT, undefined];
  if (bytes[0] === INNER_PREFIX) return [bytes.subarray(1, 33), undefined, bytes.subarray(33, 65), undefined];
  // A leaf: its key starts at byte 1, hence +8 bits.
  return bitAt(bytes, depth + 8) === 0 ? [hash, bytes, EMPTY_ROOT, undefined] : [EMPTY_ROOT, undefined, hash, bytes];
}
