import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { MAX_BLOCKS_SCANNED } from "./rowHistory.ts";

const GAS = 5_000_000;
const alice = devKeyPair("blame-alice");
const bob = devKeyPair("blame-bob");

const NOTES = `CONTRACT Notes;
CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT);
PROCEDURE put (id INTEGER, title TEXT, body TEXT) AS
BEGIN
  INSERT INTO notes VALUES (:id, :title, :body) ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body;
END;
PROCEDURE setBody (id INTEGER, body TEXT) AS
BEGIN
  UPDATE notes SET body = :body WHERE id = :id;
END;
PROCEDURE remove (id INTEGER) AS
BEGIN
  DELETE FROM notes WHERE id = :id;
END;
`;

async function notesChain() {
  const chain = await createTestChain();
  await chain.fund(alice.address, 100n);
  await chain.fund(bob.address, 100n);
  const notes = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: NOTES }, gasLimit: GAS }).bytes)).contractAddress!;
  chain.next();
  /** Sends a call and answers its hash (the receipt is awaited: durable, in the pending block). */
  const call = async (key: typeof alice, procedure: string, args: unknown[], branch?: string) => {
    const tx = chain.tx(key, "call", { to: notes, payload: { procedure, args }, gasLimit: GAS });
    const receipt = await chain.node.submitTx(tx.bytes, { branch });
    expect(receipt.status).toBe("success");
    return tx.hashText;
  };
  return { chain, notes, call };
}

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isChainError(e) ? ((e.meta.code as string | undefined) ?? e.code) : String(e);
  }
  return "none";
};

describe("node.rowHistory", () => {
  it("lists a row's versions newest first: created, updated, deleted, created again, with the transaction and the changed cells", async () => {
    const { chain, notes, call } = await notesChain();
    const created = await call(alice, "put", [1, "first", "x"]);
    const other = await call(alice, "put", [2, "other", "o"]);
    chain.next();
    const h1 = chain.node.headHeight();
    chain.next(); // an empty block between versions is skipped
    chain.next();
    await call(bob, "setBody", [1, "draft"]);
    const edited = await call(alice, "setBody", [1, "y"]); // same block: the last writer wins
    chain.next();
    const h2 = chain.node.headHeight();
    const removed = await call(bob, "remove", [1]);
    chain.next();
    const h3 = chain.node.headHeight();
    const again = await call(alice, "put", [1, "second", "y"]);
    chain.next();
    const h4 = chain.node.headHeight();

    const history = chain.node.rowHistory(notes, "NOTES", [1]);
    expect(history.table).toBe("notes");
    expect(history.columns).toEqual(["id", "title", "body"]);
    expect(history.primaryKey).toEqual(["id"]);
    expect(history.versions.map((v) => [v.height, v.kind, v.txHash, v.changed])).toEqual([
      [h4, "created", again, ["id", "title", "body"]],
      [h3, "deleted", removed, ["id", "title", "body"]],
      [h2, "updated", edited, ["body"]],
      [h1, "created", created, ["id", "title", "body"]],
    ]);
    expect(history.versions[0]!.values).toEqual({ id: 1, title: "second", body: "y" });
    expect(history.versions[1]!.values).toBeNull();
    expect(history.versions[2]!.previous).toEqual({ id: 1, title: "first", body: "x" });
    expect(history.versions[2]!.values).toEqual({ id: 1, title: "first", body: "y" });
    expect(history.versions.every((v) => v.blockHash === chain.node.getBlock(v.height)!.block.hash)).toBe(true);
    // every cell of the current row came from the re-creation
    expect(history.cells).toEqual({ id: { height: h4, txHash: again }, title: { height: h4, txHash: again }, body: { height: h4, txHash: again } });
    expect(history.scan.complete).toBe(true);
    expect(history.nextBefore).toBeNull();

    // the other row has its own history
    expect(chain.node.rowHistory(notes, "notes", [2]).versions.map((v) => v.txHash)).toEqual([other]);
    // a key nobody wrote: no versions, and the walk still ends at the contract's deployment
    const none = chain.node.rowHistory(notes, "notes", [99]);
    expect(none.versions).toEqual([]);
    expect(none.scan.complete).toBe(true);
  });

  it("pages with limit and before, and says who wrote each cell as of that point", async () => {
    const { chain, notes, call } = await notesChain();
    const created = await call(alice, "put", [1, "t", "a"]);
    chain.next();
    const h1 = chain.node.headHeight();
    const b = await call(alice, "setBody", [1, "b"]);
    chain.next();
    const c = await call(alice, "setBody", [1, "c"]);
    chain.next();
    const h3 = chain.node.headHeight();

    const page1 = chain.node.rowHistory(notes, "notes", [1], { limit: 2 });
    expect(page1.versions.map((v) => v.txHash)).toEqual([c, b]);
    // the title was not changed within these two versions: unknown on this page
    expect(page1.cells).toEqual({ id: null, title: null, body: { height: h3, txHash: c } });
    expect(page1.nextBefore).toBe(h3 - 1);
    const page2 = chain.node.rowHistory(notes, "notes", [1], { limit: 2, before: page1.nextBefore! });
    expect(page2.versions.map((v) => v.txHash)).toEqual([created]);
    expect(page2.nextBefore).toBeNull();
    // as of block h1, the whole row came from its creation
    const atH1 = chain.node.rowHistory(notes, "notes", [1], { before: h1 + 1 });
    expect(atH1.cells).toEqual({ id: { height: h1, txHash: created }, title: { height: h1, txHash: created }, body: { height: h1, txHash: created } });
  });

  it("follows a branch into its base's history and leaves main's history alone; an automated merge keeps the source transaction", async () => {
    const { chain, notes, call } = await notesChain();
    const created = await call(alice, "put", [1, "t", "a"]);
    chain.next();
    chain.node.createBranch("feature");
    const onFeature = await call(alice, "setBody", [1, "feature"], "feature");
    const onMain = await call(bob, "put", [5, "main only", null]);
    chain.next();
    const featureHead = chain.node.headHeight("feature");

    const feature = chain.node.rowHistory(notes, "notes", [1], { branch: "feature" });
    expect(feature.branch).toBe("feature");
    expect(feature.versions.map((v) => [v.height, v.txHash])).toEqual([
      [featureHead, onFeature],
      [feature.versions[1]!.height, created],
    ]);
    expect(chain.node.rowHistory(notes, "notes", [1]).versions.map((v) => v.txHash)).toEqual([created]);
    expect(chain.node.rowHistory(notes, "notes", [5], { branch: "feature" }).versions).toEqual([]);
    expect(chain.node.rowHistory(notes, "notes", [5]).versions.map((v) => v.txHash)).toEqual([onMain]);

    await chain.node.merge("feature", "main");
    chain.next();
    const merged = chain.node.rowHistory(notes, "notes", [1]);
    expect(merged.versions[0]).toMatchObject({ height: chain.node.headHeight(), kind: "updated", txHash: onFeature, changed: ["body"], merge: { source: "feature", mode: "automated" } });
  });

  it("names no transaction for rows a consistent merge wrote", async () => {
    const { chain, notes, call } = await notesChain();
    await call(alice, "put", [1, "t", "a"]);
    chain.next();
    chain.node.createBranch("feature", { mergeMode: "consistent" });
    await call(alice, "setBody", [1, "feature"], "feature");
    chain.next();
    const preview = chain.node.previewMerge("feature", "main");
    expect(preview.mergeable).toBe(true);
    await chain.node.merge("feature", "main", { expectDigest: preview.digest });
    chain.next();
    const v = chain.node.rowHistory(notes, "notes", [1]).versions[0]!;
    expect(v).toMatchObject({ kind: "updated", txHash: null, merge: { source: "feature", mode: "consistent" }, values: { id: 1, title: "t", body: "feature" } });
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const { chain, notes } = await notesChain();
    const root = chain.node.stateRoot();
    expect(codeOf(() => chain.node.rowHistory(notes, "notes", [1, 2]))).toBe("BAD_KEY");
    expect(codeOf(() => chain.node.rowHistory(notes, "notes", ["not a number"]))).toBe("BAD_KEY");
    expect(codeOf(() => chain.node.rowHistory(notes, "notes", []))).toBe("BAD_REQUEST");
    expect(codeOf(() => chain.node.rowHistory(notes, "notes", [1], { limit: 101 }))).toBe("BAD_REQUEST");
    expect(codeOf(() => chain.node.rowHistory(notes, "notes", [1], { before: 0 }))).toBe("BAD_REQUEST");
    expect(codeOf(() => chain.node.rowHistory(notes, "nope", [1]))).toBe("NOT_FOUND");
    expect(codeOf(() => chain.node.rowHistory(notes, "notes", [1], { branch: "missing" }))).toBe("UNKNOWN_BRANCH");
    expect(codeOf(() => chain.node.rowHistory(alice.address, "notes", [1]))).toBe("NOT_FOUND");
    expect(codeOf(() => chain.node.rowHistory("not an address", "notes", [1]))).not.toBe("none");
    expect(chain.node.stateRoot()).toBe(root);
  });
  it("stops after MAX_BLOCKS_SCANNED blocks and says where to go on", async () => {
    const { chain, notes, call } = await notesChain();
    const created = await call(alice, "put", [1, "t", "a"]);
    chain.next();
    for (let i = 0; i < MAX_BLOCKS_SCANNED + 5; i++) chain.next();
    const edited = await call(alice, "setBody", [1, "b"]);
    chain.next();
    const head = chain.node.headHeight();
    const first = chain.node.rowHistory(notes, "notes", [1]);
    expect(first.versions.map((v) => v.txHash)).toEqual([edited]);
    expect(first.scan).toEqual({ fromHeight: head, toHeight: head - MAX_BLOCKS_SCANNED, blocksScanned: MAX_BLOCKS_SCANNED, complete: false });
    expect(first.nextBefore).toBe(head - MAX_BLOCKS_SCANNED + 1);
    expect(first.cells.title).toBeNull();
    const rest = chain.node.rowHistory(notes, "notes", [1], { before: first.nextBefore! });
    expect(rest.versions.map((v) => v.txHash)).toEqual([created]);
    expect(rest.nextBefore).toBeNull();
  }, 60_000);
});
