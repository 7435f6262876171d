import { concatBytes, sha256 } from "../crypto/hash.ts";

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
      next.push(right ? sha256(concatBytes(NODE, level[i]!, right)) : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}
