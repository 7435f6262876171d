import { concatBytes, sha256 } from "../crypto/hash.ts";

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);
export const EMPTY_MERKLE_ROOT = new Uint8Array(32);

/**
 * Binary Merkle root over ordered leaves (RFC 6962 shape: leaf/node prefixes, an odd node is
 * promoted), used for a block's tx root and receipts root.
 */
export function merkleRoot(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_MERKLE_ROOT;
  let level = leaves.map((l) => sha256(LEAF, l));
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
