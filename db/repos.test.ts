/**
 * Many repositories in one index: two chains used by the same people (same addresses, heights
 * and contract addresses on both, distinct blocks and txs) indexed side by side by two indexers
 * at once. Every query answers from the repository it is asked about, search never leaves the
 * repositories it is given, and rebuilding one repository leaves the other's rows alone.
 */
import type { ContractInfoJSON } from "../chain/node/types.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IndexDb } from "./client.ts";
import { createIndexer, type Indexer } from "./indexer.ts";
import {
  getAccountRow,
  getBlockSummary,
  getContractRow,
  getTxRow,
  indexStats,
  listAddressTxs,
  listBlocks,
  listBlockTxs,
  listContractEvents,
  listContracts,
  listRecentTxs,
  search,
  throughputSeries,
} from "./queries/index.ts";
import { createFakeChain, type FakeChain } from "./testing/fakeChain.ts";
import { testBackends, type TestBackend } from "./testing/backends.ts";
import { snapshotIndex } from "./testing/snapshot.ts";
import { truncateIndex } from "./writeBlocks.ts";

const A = "alice/ledger";
const B = "bob/ledger";
const NOT_INDEXED = "carol/ledger";

/** A fake chain that also names its contracts (after its repository), so the contracts table fills. */
function repoChain(repo: string, seed: string, blocks: number): FakeChain {
  const chain = createFakeChain({ seed, accountsSeed: "the same people", blocks, txsPerBlock: 8 });
  const getContract = (address: string): ContractInfoJSON => ({ address, name: `${repo} contract`, abi: { views: [] } as never, source: "" });
  return Object.assign(chain, { getContract });
}

function allSealed(chain: FakeChain) {
  return Array.from({ length: chain.head() + 1 }, (_, h) => chain.getBlock(h)!);
}
const txHashesOf = (chain: FakeChain) => new Set(allSealed(chain).flatMap((s) => s.block.txs.map((t) => t.hash)));
const contractsOf = (chain: FakeChain) => allSealed(chain).flatMap((s) => s.receipts.flatMap((r) => (r.contractAddress ? [r.contractAddress] : [])));

/** Hashes of the txs touching `address` on `chain`, newest first. */
function chainTxsOf(chain: FakeChain, address: string): string[] {
  return allSealed(chain)
    .reverse()
    .flatMap(({ block, receipts }) =>
      block.txs.flatMap((tx, i) => (tx.from === address || tx.to === address || receipts[i]?.contractAddress === address ? [tx.hash] : [])).reverse(),
    );
}

describe.each(await testBackends())("two repositories in one index on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  const chains: Record<string, FakeChain> = { [A]: repoChain(A, "repo a", 40), [B]: repoChain(B, "repo b", 25) };
  const indexers: Record<string, Indexer> = {};

  beforeAll(async () => {
    index = await backend.open();
    for (const repo of [A, B]) indexers[repo] = createIndexer({ index, chain: chains[repo]!, repo, maxBlocksPerBatch: 3 });
    // Both catch up at once, in small interleaved batches, then follow live blocks at once.
    await Promise.all([indexers[A]!.start(), indexers[B]!.start()]);
    for (let i = 0; i < 5; i++) for (const repo of [A, B]) chains[repo]!.seal();
    await Promise.all([A, B].map((repo) => indexers[repo]!.whenIndexed(chains[repo]!.head())));
    await Promise.all([indexers[A]!.stop(), indexers[B]!.stop()]);
  });
  afterAll(async () => {
    await index?.close();
    await backend.dispose();
  });

  it("holds chains that overlap in heights, addresses and contract addresses", () => {
    const [a, b] = [chains[A]!, chains[B]!];
    expect(a.addresses).toEqual(b.addresses);
    expect(contractsOf(a).filter((c) => contractsOf(b).includes(c)).length).toBeGreaterThan(0);
    expect([...txHashesOf(a)].filter((h) => txHashesOf(b).has(h))).toEqual([]);
    expect(a.getBlock(3)!.block.hash).not.toBe(b.getBlock(3)!.block.hash);
  });

  it.each([A, B])("answers every query about %s from its own chain only", async (repo) => {
    const { db } = index;
    const chain = chains[repo]!;
    const other = chains[repo === A ? B : A]!;
    const head = chain.head();
    const ownTxs = txHashesOf(chain);

    const listed = await listBlocks(db, { repo, limit: 1_000 });
    expect(listed.map((b) => b.hash)).toEqual(allSealed(chain).map((s) => s.block.hash).reverse());
    const { txs: _txs, ...header } = chain.getBlock(7)!.block;
    expect(await getBlockSummary(db, repo, 7)).toEqual(header);
    expect(await getBlockSummary(db, repo, header.hash)).toEqual(header);
    expect(await getBlockSummary(db, repo, other.getBlock(7)!.block.hash)).toBeNull();
    expect(await getBlockSummary(db, repo, head + 1)).toBeNull();

    for (const height of [0, 5, head]) {
      expect((await listBlockTxs(db, repo, height)).map((t) => t.hash)).toEqual(chain.getBlock(height)!.block.txs.map((t) => t.hash));
    }
    const { block, receipts } = chain.getBlock(9)!;
    expect(await getTxRow(db, repo, block.txs[0]!.hash)).toEqual({ tx: block.txs[0], receipt: receipts[0], timestamp: block.timestamp });
    expect(await getTxRow(db, repo, other.getBlock(9)!.block.txs[0]!.hash)).toBeNull();

    const recent = await listRecentTxs(db, { repo, limit: 1_000 });
    expect(recent).toHaveLength(Math.min(1_000, ownTxs.size));
    expect(recent.every((t) => ownTxs.has(t.hash))).toBe(true);

    for (const address of chain.addresses.slice(0, 5)) {
      expect((await listAddressTxs(db, { repo, address, limit: 1_000 })).map((t) => t.hash)).toEqual(chainTxsOf(chain, address));
      const account = await getAccountRow(db, repo, address);
      const onChain = chain.getAccount(address, { height: account!.lastSeenHeight });
      expect({ balance: account!.balance, nonce: account!.nonce, txCount: account!.txCount }).toEqual({
        balance: onChain.balance,
        nonce: onChain.nonce,
        txCount: chainTxsOf(chain, address).length,
      });
    }

    const series = await throughputSeries(db, { repo, blocks: 1_000 });
    expect(series.map((p) => p.timestamp)).toEqual(allSealed(chain).map((s) => s.block.timestamp));

    expect(await indexStats(db, repo)).toMatchObject({ blocks: head + 1, txs: ownTxs.size, lastIndexedHeight: head, lastIndexedHash: chain.getBlock(head)!.block.hash });

    const deployed = contractsOf(chain);
    const contracts = await listContracts(db, { repo, limit: 1_000 });
    expect(contracts.map((c) => c.address).sort()).toEqual([...deployed].sort());
    expect(contracts.every((c) => c.repo === repo && c.name === `${repo} contract` && ownTxs.has(c.deployTx))).toBe(true);
    const shared = deployed.find((c) => contractsOf(other).includes(c))!;
    expect(await getContractRow(db, repo, shared)).toMatchObject({ repo, name: `${repo} contract` });
    const events = await listContractEvents(db, { repo, contract: shared, limit: 1_000 });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => ownTxs.has(e.txHash))).toBe(true);
  });

  it("answers nothing about a repository it has not indexed or a malformed one", async () => {
    const { db } = index;
    const address = chains[A]!.addresses[0]!;
    const txHash = chains[A]!.getBlock(3)!.block.txs[0]!.hash;
    for (const repo of [NOT_INDEXED, "", "not a repo", "a/b/c", 42 as never]) {
      expect(await listBlocks(db, { repo, limit: 10 })).toEqual([]);
      expect(await getBlockSummary(db, repo, 3)).toBeNull();
      expect(await listBlockTxs(db, repo, 3)).toEqual([]);
      expect(await getTxRow(db, repo, txHash)).toBeNull();
      expect(await listRecentTxs(db, { repo, limit: 10 })).toEqual([]);
      expect(await listAddressTxs(db, { repo, address, limit: 10 })).toEqual([]);
      expect(await getAccountRow(db, repo, address)).toBeNull();
      expect(await throughputSeries(db, { repo, blocks: 10 })).toEqual([]);
      expect(await listContracts(db, { repo })).toEqual([]);
      expect(await listContractEvents(db, { repo, contract: contractsOf(chains[A]!)[0]! })).toEqual([]);
      expect(await indexStats(db, repo)).toMatchObject({ blocks: 0, txs: 0, lastIndexedHeight: -1, lastIndexedHash: null });
      expect(await search(db, [repo], txHash)).toBeNull();
    }
  });

  it("searches only the repositories it is given, and says which one answered", async () => {
    const { db } = index;
    const [a, b] = [chains[A]!, chains[B]!];
    const blockOfB = b.getBlock(4)!.block;
    const txOfB = blockOfB.txs[1]!.hash;
    const deepHeight = String(b.head() + 3); // only A is that tall

    expect(await search(db, [A], blockOfB.hash)).toBeNull();
    expect(await search(db, [A, NOT_INDEXED], txOfB)).toBeNull();
    expect(await search(db, [B], blockOfB.hash)).toEqual({ kind: "block", id: "4", repo: B });
    expect(await search(db, [A, B], txOfB)).toEqual({ kind: "tx", id: txOfB, repo: B });
    expect(await search(db, [B], deepHeight)).toBeNull();
    expect(await search(db, [B, A], deepHeight)).toEqual({ kind: "block", id: deepHeight, repo: A });
    // A height both chains have answers from the first repository the caller lists.
    expect(await search(db, [B, A], "4")).toEqual({ kind: "block", id: "4", repo: B });
    expect(await search(db, [A, B], "4")).toEqual({ kind: "block", id: "4", repo: A });
    // An address both chains know: the first listed; one the first does not know: where it is known.
    expect(await search(db, [B, A], a.addresses[0]!)).toEqual({ kind: "address", id: a.addresses[0], repo: B });
    expect(await search(db, [NOT_INDEXED, A], a.addresses[0]!)).toEqual({ kind: "address", id: a.addresses[0], repo: A });
    // No readable repositories: nothing at all, not even a well-formed address.
    for (const q of ["4", blockOfB.hash, txOfB, a.addresses[0]!]) expect(await search(db, [], q)).toBeNull();
  });

  it("rebuilds one repository while leaving the other's rows, position and counters untouched", async () => {
    const { db } = index;
    const [beforeA, beforeB] = [await snapshotIndex(db, A), await snapshotIndex(db, B)];
    expect(beforeB.blocks.length).toBe(chains[B]!.head() + 1);

    await truncateIndex(db, A);
    expect((await snapshotIndex(db, A)).blocks).toEqual([]);
    expect(await indexStats(db, A)).toMatchObject({ blocks: 0, lastIndexedHeight: -1 });
    expect(await snapshotIndex(db, B)).toEqual(beforeB);

    // While A rebuilds, B's indexer keeps writing its new blocks.
    const rebuildA = createIndexer({ index, chain: chains[A]!, repo: A, maxBlocksPerBatch: 4 });
    const followB = createIndexer({ index, chain: chains[B]!, repo: B });
    await followB.start();
    const rebuilt = rebuildA.reindex();
    for (let i = 0; i < 3; i++) chains[B]!.seal();
    await Promise.all([rebuilt, followB.whenIndexed(chains[B]!.head())]);
    await followB.stop();
    await rebuildA.stop();

    expect(await snapshotIndex(db, A)).toEqual(beforeA);
    const afterB = await snapshotIndex(db, B);
    expect(afterB.blocks.slice(0, beforeB.blocks.length)).toEqual(beforeB.blocks);
    expect(afterB.blocks.length).toBe(chains[B]!.head() + 1);
    expect(await indexStats(db, B)).toMatchObject({ lastIndexedHeight: chains[B]!.head() });
  });

  it("rebuilds only its own repository when its chain no longer holds what it indexed", async () => {
    const { db } = index;
    const beforeB = await snapshotIndex(db, B);
    const resetA = repoChain(A, "repo a after a reset", 6);
    const indexer = createIndexer({ index, chain: resetA, repo: A });
    await indexer.start();
    await indexer.stop();

    expect((await listBlocks(db, { repo: A, limit: 100 })).map((b) => b.hash)).toEqual(allSealed(resetA).map((s) => s.block.hash).reverse());
    expect(await indexStats(db, A)).toMatchObject({ blocks: 7, lastIndexedHeight: 6 });
    expect(await snapshotIndex(db, B)).toEqual(beforeB);
  });

  it("refuses a repository name that is not OWNER/NAME", () => {
    expect(() => createIndexer({ index, chain: chains[A]!, repo: "no-slash" })).toThrow();
  });
});
