import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import type { ChainStore } from "../store/types.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { RefBook } from "./refs.ts";

const base = { id: "main", branch: "main", height: 3, hash: "h3" };
const stored = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ name, id, base, createdAt: 1, createdBy: null, deleted: false, ...extra });

/** A store that records what each commitMeta wrote, so a test can count the ref records. */
function recording(store: ChainStore) {
  const writes: Array<Record<string, string>> = [];
  const wrapped: ChainStore = Object.assign(Object.create(store) as ChainStore, {
    commitMeta(meta: Readonly<Record<string, string>>) {
      writes.push({ ...meta });
      store.commitMeta(meta);
    },
  });
  return { store: wrapped, writes };
}

describe("RefBook", () => {
  it("reads the single-list format of older stores, and a ref's own record wins over the list", () => {
    const meta: Record<string, string> = {
      // Before merge modes and before per-ref records: one list with every ref, deleted ones too.
      refs: JSON.stringify([stored("b1-feature", "feature"), stored("b2-gone", "gone", { deleted: true })]),
      refSeq: "2",
    };
    const book = new RefBook((k) => meta[k]);
    expect(book.live().map((r) => [r.name, r.mergeMode])).toEqual([
      ["main", "automated"],
      ["feature", "automated"],
    ]);
    expect(book.get("b2-gone")?.deleted).toBe(true);

    // Deleting an old-format ref writes that ref's record only; reopening reads it over the list.
    book.markDeleted("b1-feature");
    Object.assign(meta, book.metaOf("b1-feature"));
    const added = book.add("next", base, 2, null, "consistent");
    const written = book.metaOf(added.id);
    expect(Object.keys(written).sort()).toEqual(["ref:3", "refSeq"]);
    Object.assign(meta, written);
    const reopened = new RefBook((k) => meta[k]);
    expect(reopened.live().map((r) => [r.name, r.id, r.mergeMode])).toEqual([
      ["main", "main", "automated"],
      ["next", "b3-next", "consistent"],
    ]);
    expect(reopened.get("b1-feature")?.deleted).toBe(true);
  });

  it("refuses a stored ref that does not parse as a corrupt store, and main is never a stored record", () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return isChainError(e) ? e.code : String(e);
      }
      return undefined;
    };
    expect(code(() => new RefBook((k) => ({ refSeq: "1", "ref:1": "{not json" })[k]))).toBe("STORE_CORRUPT");
    expect(code(() => new RefBook((k) => ({ refs: JSON.stringify([{ name: 1 }]) })[k]))).toBe("STORE_CORRUPT");
    expect(code(() => new RefBook(() => undefined).metaOf("main"))).toBe("INTERNAL");
  });
});

describe("refs in a node's store", () => {
  it("creating or deleting a branch writes one ref record, however many branches exist", async () => {
    const { store, writes } = recording(createMemoryStore());
    const chain = await createTestChain({ store });
    chain.next();
    for (const name of ["a", "b", "c", "d"]) chain.node.createBranch(name);
    chain.node.deleteBranch("b");
    const refKeys = writes.map((w) => Object.keys(w).filter((k) => k === "refs" || k.startsWith("ref:")));
    expect(refKeys).toEqual([["ref:1"], ["ref:2"], ["ref:3"], ["ref:4"], ["ref:2"]]);
    expect(writes.at(-1)).toEqual({ "ref:2": expect.stringContaining('"deleted":true'), refSeq: "4" });
    await chain.node.close();
  });

  it("a store written in the single-list format still opens with its branches, and takes new ones as records", async () => {
    const inner = createMemoryStore();
    const first = await createTestChain({ store: inner });
    first.next();
    const feature = first.node.createBranch("feature", { by: devKeyPair("refs-alice").address });
    first.node.createBranch("gone");
    first.node.deleteBranch("gone");
    first.next();
    await first.node.close();

    // The old layout: the same refs as one list under `refs`, no per-ref records.
    const legacyList = JSON.stringify([1, 2].map((n) => JSON.parse(inner.getMeta(`ref:${n}`)!) as unknown));
    const legacy: ChainStore = Object.assign(Object.create(inner) as ChainStore, {
      getMeta: (k: string) => (k === "refs" ? legacyList : k === "ref:1" || k === "ref:2" ? undefined : inner.getMeta(k)),
    });
    const reopened = await createTestChain({ store: legacy, startAt: first.now });
    expect(reopened.node.listBranches().map((b) => [b.name, b.head.hash, b.createdBy])).toEqual([
      ["main", reopened.node.getBranch("main").head.hash, null],
      ["feature", feature.head.hash, feature.createdBy],
    ]);
    expect(reopened.node.createBranch("later").name).toBe("later");
    expect(inner.getMeta("ref:3")).toContain('"name":"later"');
    expect(reopened.node.listBranches().map((b) => b.name)).toEqual(["main", "feature", "later"]);
    await reopened.node.close();
  });
});
