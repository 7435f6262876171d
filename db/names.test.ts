/** Names in the index (reverse display): written from successful name transactions, per branch, read along a lineage. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NAME_ACCOUNT } from "../chain/names/names.ts";
import { aergo, createTestChain, devKeyPair } from "../chain/testing/testChain.ts";
import type { IndexDb } from "./client.ts";
import { createIndexer, type Indexer } from "./indexer.ts";
import { indexLineage } from "./lineage.ts";
import { listNamesOf } from "./queries/index.ts";
import { testBackends, type TestBackend } from "./testing/backends.ts";
import { truncateIndex } from "./writeBlocks.ts";

const REPO = "alice/names";
const alice = devKeyPair("index-names-alice");
const bob = devKeyPair("index-names-bob");

describe.each(await testBackends())("names in the index on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  let chain: Awaited<ReturnType<typeof createTestChain>>;
  const indexers: Indexer[] = [];
  const nameTx = (key: typeof alice, payload: unknown, branch = "main", amount = aergo(1)) =>
    chain.node.submitTx(chain.tx(key, "name", { to: NAME_ACCOUNT, amount, payload, nonce: chain.node.getAccount(key.address, { branch }).nonce + 1 }).bytes, { branch });
  const caughtUp = () => Promise.all(indexers.map((ix, i) => ix.whenIndexed(chain.node.getBranch(i === 0 ? "main" : "feature").head.height)));

  beforeAll(async () => {
    index = await backend.open();
    chain = await createTestChain();
    await chain.fund(alice.address, 10n);
    await chain.fund(bob.address, 10n);
    chain.next();
    await nameTx(alice, { op: "register", name: "alice.shop" });
    await nameTx(alice, { op: "register", name: "moved" });
    await nameTx(alice, { op: "update", name: "moved", owner: bob.address }, "main", 0n);
    // Refused: never included, never indexed.
    await expect(nameTx(bob, { op: "register", name: "alice.shop" })).rejects.toMatchObject({ code: "NAME_TAKEN" });
    chain.next();
    const ix = createIndexer({ index, chain: chain.node, repo: REPO });
    indexers.push(ix);
    await ix.start();
    chain.node.createBranch("feature", { height: chain.node.headHeight() });
    const fx = createIndexer({ index, chain: chain.node, repo: REPO, branch: "feature" });
    indexers.push(fx);
    await fx.start();
    await nameTx(bob, { op: "register", name: "bob.feature" }, "feature");
    await nameTx(bob, { op: "update", name: "moved", owner: alice.address }, "feature", 0n);
    chain.next();
    await caughtUp();
  }, 120_000);

  afterAll(async () => {
    for (const ix of indexers) await ix.stop();
    await chain?.node.close();
    await index?.close();
    await backend.dispose();
  });

  it("lists the names resolving to an address, the latest write winning, per branch along its lineage", async () => {
    expect(await listNamesOf(index.db, REPO, alice.address)).toEqual(["alice.shop"]);
    expect(await listNamesOf(index.db, REPO, bob.address)).toEqual(["moved"]);
    const feature = indexLineage(chain.node, "feature");
    // On the branch, its own update of "moved" hides main's, and its own registration shows.
    expect(await listNamesOf(index.db, REPO, alice.address, feature)).toEqual(["alice.shop", "moved"]);
    expect(await listNamesOf(index.db, REPO, bob.address, feature)).toEqual(["bob.feature"]);
    expect(await listNamesOf(index.db, REPO, "not an address")).toEqual([]);
  });

  it("is dropped with the repository's other rows", async () => {
    await truncateIndex(index.db, REPO, "main");
    expect(await listNamesOf(index.db, REPO, alice.address)).toEqual([]);
  });
});
