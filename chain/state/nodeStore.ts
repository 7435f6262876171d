import { bytesKey } from "../crypto/hash.ts";

/**
 * Content-addressed storage for sparse Merkle tree nodes.
 *
 * Nodes are immutable and keyed by their own hash, so a store never needs to
 * overwrite an entry: writing a tree version only adds nodes, and every older
 * root stays readable for as long as its nodes are kept. That is what makes a
 * branch of the state O(1) (it is just another root) and lets historical
 * heights be queried without copying anything.
 */
export interface NodeStore {
  /** Returns the encoded node whose hash is `hash`, or `undefined` if it is not stored. */
  get(hash: Uint8Array): Uint8Array | undefined;
  /**
   * Stores `bytes` under `hash`. Implementations may ignore the call when the
   * hash is already present (the bytes are then identical by construction).
   * The store takes ownership of `bytes`: callers must not mutate them later.
   * `bytes` may be a view into a larger buffer, so persist exactly
   * `byteOffset`..`byteOffset + byteLength` of `bytes.buffer`.
   */
  put(hash: Uint8Array, bytes: Uint8Array): void;
}

const keyOf = bytesKey;

/**
 * Creates an in-memory {@link NodeStore} backed by a `Map`, for tests, tools
 * and ephemeral nodes.
 *
 * Stored byte arrays are kept by reference and handed back by `get`; the tree
 * never mutates them, and other callers must not either.
 *
 * @returns A store whose `size` is the number of distinct nodes held.
 * @throws Never.
 * @example
 * ```ts
 * const store = createMemoryNodeStore();
 * const smt = createSparseMerkleTree(store);
 * const root = smt.update(EMPTY_ROOT, [[key, valueHash]]);
 * console.log(store.size); // 1 (a single leaf)
 * ```
 */
export function createMemoryNodeStore(): NodeStore & { readonly size: number } {
  const nodes = new Map<string, Uint8Array>();
  return {
    get(hash: Uint8Array): Uint8Array | undefined {
      return nodes.get(keyOf(hash));
    },
    put(hash: Uint8Array, bytes: Uint8Array): void {
      const key = keyOf(hash);
      // Never overwrite: content addressing means an existing entry is already correct.
      if (!nodes.has(key)) nodes.set(key, bytes);
    },
    get size(): number {
      return nodes.size;
    },
  };
}

/**
 * A layer over `below` that reads through to it and keeps its own writes in memory: a run whose
 * new nodes must not reach the chain's store (a block's re-execution, a merge's resulting root).
 */
export function createScratchLayer(below: NodeStore): NodeStore {
  const own = createMemoryNodeStore();
  return { get: (hash) => own.get(hash) ?? below.get(hash), put: (hash, bytes) => own.put(hash, bytes) };
}
