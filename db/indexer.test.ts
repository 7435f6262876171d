import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { SealedBlock } from "../chain/node/types.ts";
import { ROOT_REPO as R } from "../chain/repo/names.ts";
import { createIndexDb, type IndexDb } from "./client.ts";
import { createIndexer } from "./indexer.ts";
import { getAccountRow } from "./queries/getAccountRow.ts";
import { indexStats } from "./queries/indexStats.ts";
import { accounts, blocks, txs } from "./schema.ts";
import { createFakeChain, type FakeChain } from "./testing/fakeChain.ts";
import { testBackends, type TestBackend } from "./testing/backends.ts";
import { snapshotIndex } from "./testing/snapshot.ts";
import { truncateIndex } from "./writeBlocks.ts";

/** Txs per address as the index should count them: sender, recipient or deployed contract, once per tx. */
function expectedTxCounts(chain: FakeChain): Map<string, number> {
  const counts = new Map<string, number>();
  for (let h = 0; h <= chain.head(); h++) {
    const sealed = chain.getBlock(h)!;
    counts.set(sealed.block.producer, counts.get(sealed.block.producer) ?? 0);
    sealed.block.txs.forEach((tx) => {
      const receipt = sealed.receipts.find((r) => r.txHash === tx.hash);
      for (const address of new Set([tx.from, tx.to, receipt?.contractAddress ?? null])) {
        if (address) counts.set(address, (counts.get(address) ?? 0) + 1);
      }
    });
  }
  return counts;
}

async function indexedHeights(index: IndexDb): Promise<number[]> {
  const rows = await index.db.select({ height: blocks.height }).from(blocks).orderBy(asc(blocks.height));
  return rows.map((r) => r.height);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe.each(await testBackends())("the indexer on $kind", (backend: TestBackend) => {
  let index: IndexDb;

  beforeAll(async () => {
    index = await backend.open();
  });
  afterAll(async () => {
    await index?.close();
    await backend.dispose();
  });
  beforeEach(async () => {
    await truncateIndex(index.db, R);
  });

  it(`indexes every block from genesis to the head, with genesis allocations as accounts`, async () => {
    const chain = createFakeChain({ blocks: 40 });
    const indexer = createIndexer({ index, chain });
    await indexer.start();
    await indexer.stop();

    expect(indexer.indexedHeight()).toBe(40);
    expect(await indexedHeights(index)).toEqual(range(41));
    const genesisAccount = await getAccountRow(index.db, R, chain.addresses[0]!);
    expect(genesisAccount?.firstSeenHeight).toBe(0);
    const stats = await indexStats(index.db, R);
    const allTxs = range(41).reduce((n, h) => n + chain.getBlock(h)!.block.txs.length, 0);
    expect(stats).toMatchObject({ blocks: 41, txs: allTxs, lastIndexedHeight: 40, lastIndexedHash: chain.getBlock(40)!.block.hash });
    const [accountCount] = await index.db.select({ n: count() }).from(accounts);
    expect(stats.accounts).toBe(accountCount!.n);
  });

  it("resumes after a restart from the last indexed height without indexing a block twice", async () => {
    const chain = createFakeChain({ blocks: 120 });
    const first = createIndexer({ index, chain, maxBlocksPerBatch: 7 });
    await first.start();
    await first.stop();
    for (let i = 0; i < 30; i++) chain.seal(); // sealed while the hub was down

    const second = createIndexer({ index, chain, maxBlocksPerBatch: 7 });
    const batches: number[] = [];
    second.onIndexed((h) => batches.push(h));
    await second.start();
    await second.stop();

    expect(batches[0]).toBe(127); // resumed at 121, not at 0
    expect(await indexedHeights(index)).toEqual(range(151));
    const [txCount] = await index.db.select({ n: count() }).from(txs);
    expect(txCount!.n).toBe(range(151).reduce((n, h) => n + chain.getBlock(h)!.block.txs.length, 0));
    for (const [address, expected] of expectedTxCounts(chain)) {
      expect((await getAccountRow(index.db, R, address))?.txCount, address).toBe(expected);
    }
  });

  it("follows live blocks as the chain seals them", async () => {
    const chain = createFakeChain({ blocks: 3 });
    const indexer = createIndexer({ index, chain });
    const seen: number[] = [];
    indexer.onIndexed((h) => seen.push(h));
    await indexer.start();
    for (let i = 0; i < 5; i++) {
      chain.seal();
      await indexer.whenIndexed(chain.head());
    }
    await indexer.stop();

    expect(seen).toEqual([3, 4, 5, 6, 7, 8]);
    expect(await indexedHeights(index)).toEqual(range(9));
  });

  it("reads nothing of a block in the turn that sealed it (its JSON and rows are built a turn later)", async () => {
    const chain = createFakeChain({ blocks: 2 });
    // Blocks reach the indexer as the node hands them over: a JSON form built when first read.
    let reads = 0;
    const lazy = (s: SealedBlock): SealedBlock => ({
      get block() {
        reads++;
        return s.block;
      },
      get receipts() {
        reads++;
        return s.receipts;
      },
    });
    const watched: typeof chain = { ...chain, onBlock: (listener) => chain.onBlock((s) => listener(lazy(s))) };
    const indexer = createIndexer({ index, chain: watched });
    await indexer.start();
    const sealed = chain.seal();
    expect(reads).toBe(0);
    await indexer.whenIndexed(sealed.block.height);
    expect(reads).toBeGreaterThan(0);
    await indexer.stop();
    expect(await indexedHeights(index)).toEqual(range(4));
  });

  it("makes a big block's statement texts in slices: no JSON text of more than 128 rows at once on the calling thread", async () => {
    const chain = createFakeChain({ blocks: 2, txsPerBlock: 1_000 });
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      const indexer = createIndexer({ index, chain });
      await indexer.start();
      await indexer.stop();
      // Arrays of rows (objects with a tx hash) stringified: the block's 1,000 tx rows went 128 at a time.
      const rowArrays = stringify.mock.calls.map(([v]) => v).filter((v): v is Array<{ txHash?: unknown; hash?: unknown }> => Array.isArray(v) && typeof v[0] === "object" && v[0] !== null && ("hash" in v[0] || "txHash" in v[0]));
      expect(rowArrays.length).toBeGreaterThan(8);
      expect(Math.max(...rowArrays.map((a) => a.length))).toBeLessThanOrEqual(128);
    } finally {
      stringify.mockRestore();
    }
    const heights = range(chain.head() + 1);
    expect(await indexedHeights(index)).toEqual(heights);
    const [indexed] = await index.db.select({ n: count() }).from(txs);
    expect(indexed!.n).toBe(heights.reduce((n, h) => n + chain.getBlock(h)!.block.txs.length, 0));
    expect(indexed!.n).toBeGreaterThanOrEqual(1_000);
  });

  it("indexes blocks that arrive while it catches up exactly once, in order", async () => {
    const chain = createFakeChain({ blocks: 300 });
    const indexer = createIndexer({ index, chain, maxBlocksPerBatch: 20 });
    const seen: number[] = [];
    indexer.onIndexed((h) => seen.push(h));
    const started = indexer.start();
    for (let i = 0; i < 40; i++) {
      chain.seal();
      await tick();
    }
    await started;
    await indexer.whenIndexed(chain.head());
    await indexer.stop();

    expect(await indexedHeights(index)).toEqual(range(chain.head() + 1));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("keeps each account's balance, nonce and stake as the chain reports them after its last block", async () => {
    const chain = createFakeChain({ blocks: 60 });
    const indexer = createIndexer({ index, chain });
    await indexer.start();
    await indexer.stop();

    for (const address of chain.touchedAddresses()) {
      const row = await getAccountRow(index.db, R, address);
      const onChain = chain.getAccount(address, { height: row!.lastSeenHeight });
      expect({ balance: row!.balance, nonce: row!.nonce, staked: row!.staked }).toEqual({ balance: onChain.balance, nonce: onChain.nonce, staked: onChain.staked });
    }
  });

  it("rebuilds identical rows on reindex", async () => {
    const chain = createFakeChain({ blocks: 90 });
    const live = createIndexer({ index, chain, maxBlocksPerBatch: 1 });
    await live.start();
    for (let i = 0; i < 10; i++) chain.seal();
    await live.whenIndexed(chain.head());
    await live.stop();
    const before = await snapshotIndex(index.db);

    await createIndexer({ index, chain }).reindex();

    expect(await snapshotIndex(index.db)).toEqual(before);
  });

  it("rebuilds from scratch when the chain no longer holds the block it indexed last", async () => {
    const oldChain = createFakeChain({ seed: "before reset", blocks: 30 });
    const old = createIndexer({ index, chain: oldChain });
    await old.start();
    await old.stop();

    const chain = createFakeChain({ seed: "after reset", blocks: 10 });
    const indexer = createIndexer({ index, chain });
    await indexer.start();
    await indexer.stop();

    const rows = await index.db.select({ hash: blocks.hash }).from(blocks).orderBy(asc(blocks.height));
    expect(rows.map((r) => r.hash)).toEqual(range(11).map((h) => chain.getBlock(h)!.block.hash));
  });

  it("indexes a block of 5,000 transactions (time printed, not asserted)", async () => {
    const chain = createFakeChain({ blocks: 1, syntheticAddresses: 8_000 });
    const indexer = createIndexer({ index, chain });
    await indexer.start();
    chain.seal({ txs: 5_000 });
    const started = performance.now();
    await indexer.whenIndexed(chain.head());
    const elapsed = performance.now() - started;
    await indexer.stop();

    const [txCount] = await index.db.select({ n: count() }).from(txs);
    expect(txCount!.n).toBe(5_000 + chain.getBlock(0)!.block.txs.length + chain.getBlock(1)!.block.txs.length);
    console.log(`[index bench] ${index.kind}: a 5,000-tx block indexed in ${elapsed.toFixed(0)} ms (live, one transaction)`);
  });

  it("catches up on a backlog of 5,000-tx blocks (rate printed, not asserted)", async () => {
    const chain = createFakeChain({ blocks: 0, syntheticAddresses: 8_000 });
    for (let i = 0; i < 8; i++) chain.seal({ txs: 5_000 });
    const indexer = createIndexer({ index, chain });
    const started = performance.now();
    await indexer.start();
    const elapsed = performance.now() - started;
    await indexer.stop();

    expect(indexer.indexedHeight()).toBe(8);
    console.log(`[index bench] ${index.kind}: caught up 8 blocks × 5,000 txs in ${elapsed.toFixed(0)} ms (${Math.round(40_000 / (elapsed / 1000))} txs/s)`);
  });
});

describe("the embedded index in a data folder", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "aergo-index-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("keeps its rows across a close and reopen and resumes from them", async () => {
    const chain = createFakeChain({ blocks: 25 });
    const first = await createIndexDb({ dataDir });
    const before = createIndexer({ index: first, chain });
    await before.start();
    await before.stop();
    await first.close();
    for (let i = 0; i < 5; i++) chain.seal();

    const reopened = await createIndexDb({ dataDir });
    try {
      const indexer = createIndexer({ index: reopened, chain });
      const batches: number[] = [];
      indexer.onIndexed((h) => batches.push(h));
      await indexer.start();
      await indexer.stop();
      expect(batches).toEqual([30]);
      expect(await indexedHeights(reopened)).toEqual(range(31));
    } finally {
      await reopened.close();
    }
  });
});

describe("index options", () => {
  it("rejects options that name no backend", async () => {
    await expect(createIndexDb({})).rejects.toThrow(/url, a dataDir/);
    await expect(createIndexDb({ url: "mysql://nope" })).rejects.toThrow(/postgres:\/\//);
  });
});
