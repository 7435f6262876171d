/**
 * The index per branch, against a real node on a manual clock (no block is sealed unless the test
 * says so, so every answer compared is fixed): a token deployed on main, a branch `feature` with a
 * token transfer, a native transfer on main, an automated merge that replays feature's transfer on
 * main (one tx hash on two branches), a branch of the branch, and deletions. On both backends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOKEN_EXAMPLE } from "../chain/sql/testing/examples.ts";
import { createTestChain, devKeyPair } from "../chain/testing/testChain.ts";
import type { IndexDb } from "./client.ts";
import { createIndexer, type Indexer } from "./indexer.ts";
import { indexLineage, MAIN_LINEAGE } from "./lineage.ts";
import { getAccountRow, getBlockSummary, getContractRow, getTxRow, listAddressTxs, listBlocks, listBlockTxs, listContractEvents, listContracts, listRecentTxs, search } from "./queries/index.ts";
import { blocks, txs } from "./schema.ts";
import { testBackends, type TestBackend } from "./testing/backends.ts";
import { pruneBranches } from "./writeBlocks.ts";

const REPO = "alice/shop";
const alice = devKeyPair("index-branch-alice");
const bob = devKeyPair("index-branch-bob");
const carol = devKeyPair("index-branch-carol");
const GAS = 5_000_000;

describe.each(await testBackends())("the index per branch on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  let chain: Awaited<ReturnType<typeof createTestChain>>;
  let token: string;
  let base: number;
  let featureTx: string;
  let mainTx: string;
  let feature2Tx: string;
  const indexers = new Map<string, Indexer>();

  const nonceOn = (who: typeof alice, branch: string) => chain.node.getAccount(who.address, { branch }).nonce + 1;
  const txRows = async () => (await index.db.select().from(txs)).filter((r) => r.repo === REPO);
  const blockRows = async () => (await index.db.select().from(blocks)).filter((r) => r.repo === REPO);
  const caughtUp = () => Promise.all([...indexers].map(([name, ix]) => ix.whenIndexed(chain.node.getBranch(name).head.height)));
  async function follow(branch: string) {
    const ix = createIndexer({ index, chain: chain.node, repo: REPO, branch });
    indexers.set(branch, ix);
    await ix.start();
    return ix;
  }

  beforeAll(async () => {
    index = await backend.open();
    chain = await createTestChain();
    await chain.fund(alice.address, 100n);
    await chain.fund(bob.address, 100n);
    const deployed = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Shop Token", 1000] }, gasLimit: GAS, nonce: 1 }).bytes);
    token = deployed.contractAddress!;
    chain.next();
    await follow("main");
    base = chain.node.getBranch("main").head.height;
    chain.node.createBranch("feature", { height: base });
    await follow("feature");

    const onFeature = chain.tx(alice, "call", { to: token, nonce: nonceOn(alice, "feature"), payload: { procedure: "transfer", args: [carol.address, 7] }, gasLimit: GAS });
    featureTx = (await chain.node.submitTx(onFeature.bytes, { branch: "feature" })).txHash;
    const onMain = chain.tx(bob, "transfer", { to: carol.address, amount: 1n, nonce: nonceOn(bob, "main") });
    mainTx = (await chain.node.submitTx(onMain.bytes)).txHash;
    chain.next();
    await caughtUp();
  }, 120_000);

  afterAll(async () => {
    for (const ix of indexers.values()) await ix.stop();
    await chain?.node.close();
    await index?.close();
  });

  it("writes a branch's own blocks and txs under its store id, and nothing below its base", async () => {
    const [own] = chain.node.branchLineage("feature");
    expect(own!.id).not.toBe("main");
    const featureBlocks = (await blockRows()).filter((b) => b.branch === own!.id);
    expect(featureBlocks.map((b) => b.height)).toEqual([chain.node.getBranch("feature").head.height]);
    expect(featureBlocks.every((b) => b.height > base)).toBe(true);
    expect((await txRows()).filter((t) => t.branch === own!.id).map((t) => t.hash)).toEqual([featureTx]);
    expect((await txRows()).find((t) => t.hash === mainTx)?.branch).toBe("main");
  });

  it("reads a branch as its own rows plus its base's up to the base height, as the node does", async () => {
    const lineage = indexLineage(chain.node, "feature");
    const head = chain.node.getBranch("feature").head.height;
    const listed = await listBlocks(index.db, { repo: REPO, limit: 100, lineage });
    expect(listed.map((b) => b.height)).toEqual(Array.from({ length: head + 1 }, (_, i) => head - i));
    expect(listed.map((b) => b.hash)).toEqual(listed.map((b) => chain.node.getBlock(b.height, { branch: "feature" })!.block.hash));
    expect(listed[0]!.branch).toBe("feature");
    expect(listed.at(-1)!.branch).toBe("main");
    expect((await getBlockSummary(index.db, REPO, head, lineage))?.hash).toBe(chain.node.getBlock(head, { branch: "feature" })!.block.hash);
    expect((await listBlockTxs(index.db, REPO, head, {}, lineage)).map((t) => t.hash)).toEqual([featureTx]);

    const recent = (await listRecentTxs(index.db, { repo: REPO, limit: 100, lineage })).map((t) => t.hash);
    expect(recent[0]).toBe(featureTx);
    expect(recent).not.toContain(mainTx);
    expect((await listRecentTxs(index.db, { repo: REPO, limit: 100 })).map((t) => t.hash)).not.toContain(featureTx);

    // The deploy on main is in feature's history; the transfer on feature is not in main's.
    expect((await listContracts(index.db, { repo: REPO, lineage })).map((c) => c.address)).toEqual([token]);
    expect(await getContractRow(index.db, REPO, token, lineage)).toMatchObject({ address: token, creator: alice.address });
    const eventsOnFeature = await listContractEvents(index.db, { repo: REPO, contract: token, lineage, limit: 100 });
    expect(eventsOnFeature.map((e) => e.txHash)).toContain(featureTx);
    expect((await listContractEvents(index.db, { repo: REPO, contract: token, limit: 100 })).map((e) => e.txHash)).not.toContain(featureTx);

    const aliceOnFeature = await listAddressTxs(index.db, { repo: REPO, address: alice.address, limit: 100, lineage });
    expect(aliceOnFeature[0]!.hash).toBe(featureTx);
    expect(aliceOnFeature.map((t) => t.hash)).toContain((await listAddressTxs(index.db, { repo: REPO, address: alice.address, limit: 100 })).at(-1)!.hash);

    // carol: untouched on feature, first touched on main after the base: main's row says nothing of
    // her at the base, so the branch has no row (its page reads her state from the node).
    expect(await getAccountRow(index.db, REPO, carol.address, lineage)).toBeNull();
    expect((await getAccountRow(index.db, REPO, carol.address))?.balance).toEqual(chain.node.getAccount(carol.address).balance);
    // the token: called on feature, its own row there.
    expect((await getAccountRow(index.db, REPO, token, lineage))?.lastSeenHeight).toBe(chain.node.getBranch("feature").head.height);
    // alice: state from feature's row, counts summed with main's history before the base.
    const aliceFeature = await getAccountRow(index.db, REPO, alice.address, lineage);
    const aliceMain = await getAccountRow(index.db, REPO, alice.address);
    expect(aliceFeature!.txCount).toBe(aliceMain!.txCount + 1);
    expect(aliceFeature!.nonce).toBe(chain.node.getAccount(alice.address, { branch: "feature" }).nonce);
  });

  it("keeps a merge's replayed tx on both branches, each at its own block", async () => {
    await chain.node.merge("feature", "main");
    chain.next();
    await caughtUp();
    const onMain = await getTxRow(index.db, REPO, featureTx);
    const onFeature = await getTxRow(index.db, REPO, featureTx, indexLineage(chain.node, "feature"));
    expect(onMain?.receipt.blockHeight).toBe(chain.node.getTx(featureTx)!.receipt!.blockHeight);
    expect(onFeature?.receipt.blockHeight).toBe(chain.node.getTx(featureTx, { branch: "feature" })!.receipt!.blockHeight);
    expect(onMain!.receipt.blockHeight).not.toBe(onFeature!.receipt.blockHeight);
    expect(onMain!.receipt.events.map((e) => e.name)).toEqual(["Transfer"]);
    expect((await listContractEvents(index.db, { repo: REPO, contract: token, limit: 100 })).map((e) => e.txHash)).toContain(featureTx);
    // Search prefers main's row of a hash both branches hold.
    expect(await search(index.db, [REPO], featureTx)).toEqual({ kind: "tx", id: featureTx, repo: REPO });
  });

  it("keeps a deleted branch's rows while a live branch's history reaches them, and drops them after", async () => {
    const featureHead = chain.node.getBranch("feature").head.height;
    chain.node.createBranch("feature2", { from: "feature", height: featureHead });
    await follow("feature2");
    const on2 = chain.tx(alice, "call", { to: token, nonce: nonceOn(alice, "feature2"), payload: { procedure: "transfer", args: [bob.address, 1] }, gasLimit: GAS });
    feature2Tx = (await chain.node.submitTx(on2.bytes, { branch: "feature2" })).txHash;
    chain.next();
    await caughtUp();
    const feature2Id = chain.node.branchLineage("feature2")[0]!.id;
    expect(await search(index.db, [REPO], feature2Tx)).toEqual({ kind: "tx", id: feature2Tx, repo: REPO, branch: feature2Id });

    const featureId = chain.node.branchLineage("feature")[0]!.id;
    await indexers.get("feature")!.stop();
    indexers.delete("feature");
    chain.node.deleteBranch("feature");
    const keep = () => [...new Set(chain.node.listBranches().flatMap((b) => chain.node.branchLineage(b.name).map((s) => s.id)))];
    await pruneBranches(index.db, REPO, keep());
    // feature2's history still holds feature's transfer.
    const lineage2 = indexLineage(chain.node, "feature2");
    expect(lineage2.map((s) => s.branch)).toEqual([feature2Id, featureId, "main"]);
    const recent2 = (await listRecentTxs(index.db, { repo: REPO, limit: 100, lineage: lineage2 })).map((t) => t.hash);
    expect(recent2.slice(0, 2)).toEqual([feature2Tx, featureTx]);

    // A name made again starts clean: its rows are under a new store id.
    chain.node.createBranch("feature");
    expect(chain.node.branchLineage("feature")[0]!.id).not.toBe(featureId);

    await indexers.get("feature2")!.stop();
    indexers.delete("feature2");
    chain.node.deleteBranch("feature2");
    chain.node.deleteBranch("feature");
    await pruneBranches(index.db, REPO, keep());
    expect(new Set((await txRows()).map((t) => t.branch))).toEqual(new Set(["main"]));
    expect(new Set((await blockRows()).map((b) => b.branch))).toEqual(new Set(["main"]));
    expect(await search(index.db, [REPO], feature2Tx)).toBeNull();
    // Main's rows are untouched (the replayed transfer included).
    expect((await listRecentTxs(index.db, { repo: REPO, limit: 100, lineage: MAIN_LINEAGE })).map((t) => t.hash)).toContain(featureTx);
  });
});
