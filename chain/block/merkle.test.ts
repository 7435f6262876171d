import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { concatBytes, sha256 } from "../crypto/hash.ts";
import { createMerkleFrontier, EMPTY_MERKLE_ROOT, merkleLeafHash, merkleRoot, merkleRootOfLeafHashes } from "./merkle.ts";

const leaf = (i: number) => merkleLeafHash(Uint8Array.of(i & 255, i >> 8));
const node = (l: Uint8Array, r: Uint8Array) => sha256(concatBytes(Uint8Array.of(1), l, r));

describe("Merkle roots", () => {
  it("pairs from the left and promotes an odd node (RFC 6962 shape)", () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map(leaf) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expect(merkleRootOfLeafHashes([a, b, c])).toEqual(node(node(a, b), c));
    expect(merkleRootOfLeafHashes([a, b, c, d, e])).toEqual(node(node(node(a, b), node(c, d)), e));
    expect(merkleRoot([])).toEqual(EMPTY_MERKLE_ROOT);
  });

  it("a frontier grown leaf by leaf gives the level-by-level root at every count", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 1000 }), (count, salt) => {
        const leaves = Array.from({ length: count }, (_, i) => leaf(i + salt));
        const frontier = createMerkleFrontier();
        expect(frontier.root()).toEqual(EMPTY_MERKLE_ROOT);
        leaves.forEach((l, i) => {
          frontier.push(l);
          // Asked midway too: root() must not disturb what comes after.
          if (i % 7 === 3) expect(frontier.root()).toEqual(merkleRootOfLeafHashes(leaves.slice(0, i + 1)));
        });
        expect(frontier.size).toBe(count);
        expect(frontier.root()).toEqual(merkleRootOfLeafHashes(leaves));
      }),
      { numRuns: 60 },
    );
  });
});
