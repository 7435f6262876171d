import { sha256 } from "../crypto/hash.ts";

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);
export const EMPTY_MERKLE_ROOT = new Uint8Array(32);

/**
 * Binary Merkle root over ordered leaves (RFC 6962 shape: leaf/node prefixes, an odd node is
 * promoted), used for a block's tx root and receipts root.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  return merkleRootOfLeafHashes(leaves.map(merkleLeafHash));
}

/** A leaf's hash in the tree: a block's pending side computes these as transactions arrive. */
export const merkleLeafHash = (leaf: Uint8Array): Uint8Array => sha256(LEAF, leaf);

/** The root over leaves already hashed with `merkleLeafHash`. */
export function merkleRootOfLeafHashes(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) return EMPTY_MERKLE_ROOT;
  let level = leafHashes;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right ? sha256(NODE, level[i]!, right) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}

/**
 * A Merkle root built as leaves arrive: the perfect subtrees on the tree's left edge are final
 * once full (pairs are taken from the left, an odd node is promoted), so only they are kept, and
 * the root at any count is their fold from the right — the same root as
 * `merkleRootOfLeafHashes` over the same leaves, with ~2 hashes per leaf spread over the
 * arrivals and at most log2(n) left for `root()`: a block's seal no longer hashes its trees.
 */
export type MerkleFrontier = {
  /** Appends a leaf already hashed with `merkleLeafHash`. */
  push(leafHash: Uint8Array): void;
  /** The root over every leaf pushed so far (the frontier stays usable). */
  root(): Uint8Array;
  readonly size: number;
};

export function createMerkleFrontier(): MerkleFrontier {
  // Perfect subtrees, left to right, sizes strictly decreasing powers of two.
  const hashes: Uint8Array[] = [];
  const sizes: number[] = [];
  let size = 0;
  return {
    push(leafHash) {
      let h = leafHash;
      let n = 1;
      while (sizes.length && sizes[sizes.length - 1] === n) {
        h = sha256(NODE, hashes.pop()!, h);
        sizes.pop();
        n *= 2;
      }
      hashes.push(h);
      sizes.push(n);
      size++;
    },
    root() {
      if (hashes.length === 0) return EMPTY_MERKLE_ROOT;
      let acc = hashes[hashes.length - 1]!;
      for (let i = hashes.length - 2; i >= 0; i--) acc = sha256(NODE, hashes[i]!, acc);
      return acc;
    },
    get size() {
      return size;
    },
  };
}
