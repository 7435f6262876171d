import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { createMemoryNodeStore, type NodeStore } from "./nodeStore.ts";
import { EMPTY_ROOT, createSparseMerkleTree, type SmtChange, type SmtDiffEntry } from "./smt.ts";

/** Deterministic 32-byte key/value derived from a label. */
function h(label: string | number): Uint8Array {
  return sha256(new TextEncoder().encode(String(label)));
}

function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index >> 3] = (copy[index >> 3] ?? 0) ^ (0x80 >> (index & 7));
  return copy;
}

/** A 32-byte key whose first byte is `first` and the rest zero: fixes where it sits in the tree. */
function keyStarting(first: number, last = 0): Uint8Array {
  const k = new Uint8Array(32);
  k[0] = first;
  k[31] = last;
  return k;
}

type Row = [key: string, before: string | undefined, after: string | undefined];

const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : bytesToHex(b));
const rows = (d: Iterable<SmtDiffEntry>): Row[] => [...d].map(([k, a, b]) => [bytesToHex(k), hex(a), hex(b)]);

/** The reference: both trees listed in full and compared as maps. */
function naiveDiff(smt: ReturnType<typeof createSparseMerkleTree>, rootA: Uint8Array, rootB: Uint8Array): Row[] {
  const a = new Map([...smt.entries(rootA)].map(([k, v]) => [bytesToHex(k), bytesToHex(v)]));
  const b = new Map([...smt.entries(rootB)].map(([k, v]) => [bytesToHex(k), bytesToHex(v)]));
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k): Row => [k, a.get(k), b.get(k)]);
}

/** A node store that counts reads, to show what a diff costs. */
function countingStore(): NodeStore & { loads: number } {
  const inner = createMemoryNodeStore();
  const store = {
    loads: 0,
    get(hash: Uint8Array) {
      store.loads++;
      return inner.get(hash);
    },
    put: (hash: Uint8Array, bytes: Uint8Array) => inner.put(hash, bytes),
  };
  return store;
}

describe("sparse Merkle tree diff", () => {
  it("is empty between equal roots and lists every key against the empty tree", () => {
    const smt = createSparseMerkleTree(createMemoryNodeStore());
    expect([...smt.diff(EMPTY_ROOT, EMPTY_ROOT)]).toEqual([]);
    const root = smt.update(EMPTY_ROOT, [[h("a"), h(1)], [h("b"), h(2)], [h("c"), h(3)]]);
    expect([...smt.diff(root, root)]).toEqual([]);
    const all = [...smt.entries(root)];
    expect(rows(smt.diff(EMPTY_ROOT, root))).toEqual(all.map(([k, v]): Row => [bytesToHex(k), undefined, bytesToHex(v)]));
    expect(rows(smt.diff(root, EMPTY_ROOT))).toEqual(all.map(([k, v]): Row => [bytesToHex(k), bytesToHex(v), undefined]));
  });

  it("compares one-key trees: same key changed, or two different keys in key order", () => {
    const smt = createSparseMerkleTree(createMemoryNodeStore());
    const lo = keyStarting(0x10);
    const hi = keyStarting(0xf0);
    const a = smt.update(EMPTY_ROOT, [[lo, h(1)]]);
    expect(rows(smt.diff(a, smt.update(EMPTY_ROOT, [[lo, h(2)]])))).toEqual([[bytesToHex(lo), bytesToHex(h(1)), bytesToHex(h(2))]]);
    const b = smt.update(EMPTY_ROOT, [[hi, h(2)]]);
    expect(rows(smt.diff(a, b))).toEqual([
      [bytesToHex(lo), bytesToHex(h(1)), undefined],
      [bytesToHex(hi), undefined, bytesToHex(h(2))],
    ]);
    expect(rows(smt.diff(b, a))).toEqual([
      [bytesToHex(lo), undefined, bytesToHex(h(1))],
      [bytesToHex(hi), bytesToHex(h(2)), undefined],
    ]);
  });

  it("compares a leaf with an inner node at the same height, whether the leaf's key is inside it or not", () => {
    const smt = createSparseMerkleTree(createMemoryNodeStore());
    // Three keys sharing 7 bits; the one-key tree of k1 is a leaf at the root, the others inner.
    const k1 = keyStarting(0b0000_0000);
    const k2 = keyStarting(0b0000_0001);
    const k3 = keyStarting(0b0000_0001, 1);
    const leaf = smt.update(EMPTY_ROOT, [[k1, h(1)]]);
    const same = smt.update(EMPTY_ROOT, [[k1, h(1)], [k2, h(2)], [k3, h(3)]]);
    const changed = smt.update(EMPTY_ROOT, [[k1, h(9)], [k2, h(2)], [k3, h(3)]]);
    const without = smt.update(EMPTY_ROOT, [[k2, h(2)], [k3, h(3)]]);
    for (const [a, b] of [
      [leaf, same],
      [leaf, changed],
      [leaf, without],
      [same, changed],
      [same, without],
      [changed, without],
    ] as const) {
      expect(rows(smt.diff(a, b))).toEqual(naiveDiff(smt, a, b));
      expect(rows(smt.diff(b, a))).toEqual(naiveDiff(smt, b, a));
    }
    expect(rows(smt.diff(leaf, same)).map(([k]) => k)).toEqual([bytesToHex(k2), bytesToHex(k3)]);
  });

  it("handles keys that differ only in their last bit", () => {
    const smt = createSparseMerkleTree(createMemoryNodeStore());
    const a = h("deep");
    const b = flipBit(a, 255);
    const r1 = smt.update(EMPTY_ROOT, [[a, h(1)], [b, h(2)]]);
    const r2 = smt.update(r1, [[b, h(3)]]);
    expect(rows(smt.diff(r1, r2))).toEqual([[bytesToHex(b), bytesToHex(h(2)), bytesToHex(h(3))]]);
    const r3 = smt.update(r1, [[a, null]]);
    expect(rows(smt.diff(r1, r3))).toEqual(naiveDiff(smt, r1, r3));
  });

  it("matches a naive diff of entries() on random trees (add, remove and change mixes, 0 to many keys)", () => {
    // Random keys plus near-copies sharing long prefixes: deep paths, shortcut leaves meeting
    // inner nodes, and collapses on either side.
    const scenario = fc
      .tuple(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
      )
      .map(([bases, variants]) => {
        const pool: Uint8Array[] = [...bases];
        for (const [which, bitIndex] of variants) pool.push(flipBit(pool[which % pool.length] as Uint8Array, bitIndex));
        return pool;
      })
      .chain((pool) =>
        fc.record({
          pool: fc.constant(pool),
          // Values 0..3 so that a "change" sometimes rewrites the same value.
          start: fc.array(fc.tuple(fc.nat({ max: pool.length - 1 }), fc.integer({ min: 0, max: 3 })), { maxLength: 30 }),
          edits: fc.array(fc.tuple(fc.nat({ max: pool.length - 1 }), fc.option(fc.integer({ min: 0, max: 3 }), { freq: 3 })), { maxLength: 12 }),
        }),
      );
    fc.assert(
      fc.property(scenario, ({ pool, start, edits }) => {
        const smt = createSparseMerkleTree(createMemoryNodeStore());
        const a = smt.update(EMPTY_ROOT, start.map(([i, v]): SmtChange => [pool[i] as Uint8Array, h(`v${v}`)]));
        const b = smt.update(a, edits.map(([i, v]): SmtChange => [pool[i] as Uint8Array, v === null ? null : h(`v${v}`)]));
        const forward = rows(smt.diff(a, b));
        expect(forward).toEqual(naiveDiff(smt, a, b));
        // The reverse diff is the mirror image.
        expect(rows(smt.diff(b, a))).toEqual(forward.map(([k, x, y]): Row => [k, y, x]));
      }),
      { numRuns: 500 },
    );
  });

  it("loads a number of nodes proportional to the change, not to the tree (10 keys in a 100,000-key tree)", () => {
    const store = countingStore();
    const smt = createSparseMerkleTree(store);
    const n = 100_000;
    let root = EMPTY_ROOT;
    for (let from = 0; from < n; from += 10_000) {
      root = smt.update(root, Array.from({ length: 10_000 }, (_, i): SmtChange => [h(`key-${from + i}`), h(`value-${from + i}`)]));
    }
    // 4 values changed, 3 keys removed, 3 keys added.
    const edits: SmtChange[] = [
      ...[11, 2_222, 33_333, 99_999].map((i): SmtChange => [h(`key-${i}`), h(`new-${i}`)]),
      ...[5, 50_005, 77_777].map((i): SmtChange => [h(`key-${i}`), null]),
      ...[1, 2, 3].map((i): SmtChange => [h(`added-${i}`), h(i)]),
    ];
    const next = smt.update(root, edits);

    const depths = edits.map(([k]) => Math.max(smt.prove(root, k).siblings.length, smt.prove(next, k).siblings.length) + 1);
    const depth = Math.max(...depths);
    store.loads = 0;
    const found = [...smt.diff(root, next)];
    const loads = store.loads;
    expect(found).toHaveLength(10);
    expect(found.filter(([, a, b]) => a && b)).toHaveLength(4);
    expect(found.filter(([, , b]) => !b)).toHaveLength(3);
    expect(found.filter(([, a]) => !a)).toHaveLength(3);
    // Both sides of each changed path, at most: never near the 200,000-odd nodes of the trees.
    expect(loads).toBeLessThan(edits.length * 2 * depth);
    console.log(`SMT diff: 10 changed keys in a ${n}-key tree (depth ≤ ${depth}): ${loads} node loads (bound ${edits.length * 2 * depth})`);
  });
});
