import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_REPO as R } from "../chain/repo/names.ts";
import type { IndexDb } from "./client.ts";
import { createIndexer } from "./indexer.ts";
import {
  getAccountRow,
  getBlockSummary,
  getTxRow,
  indexStats,
  listAddressTxs,
  listBlocks,
  listBlockTxs,
  listRecentTxs,
  search,
  throughputSeries,
} from "./queries/index.ts";
import { pgliteMemoryBackend, postgresBackend } from "./testing/backends.ts";
import { createFakeChain } from "./testing/fakeChain.ts";
import { snapshotIndex } from "./testing/snapshot.ts";

/** Every read the explorer makes, over a spread of inputs, as one comparable object. */
async function everyAnswer(index: IndexDb, chain: ReturnType<typeof createFakeChain>) {
  const { db } = index;
  const head = chain.head();
  const someTxs = [1, 7, 19, head].flatMap((h) => chain.getBlock(h)!.block.txs.map((t) => t.hash));
  const someAddresses = [...chain.addresses, ...chain.producers, ...chain.touchedAddresses().slice(0, 20)];
  return {
    blocks: await listBlocks(db, { repo: R, limit: 25 }),
    olderBlocks: await listBlocks(db, { repo: R, beforeHeight: 10, limit: 25 }),
    summaries: await Promise.all([0, 5, head, chain.getBlock(9)!.block.hash].map((id) => getBlockSummary(db, R, id))),
    blockTxs: await Promise.all([0, 3, head].map((h) => listBlockTxs(db, R, h))),
    txRows: await Promise.all(someTxs.map((hash) => getTxRow(db, R, hash))),
    recent: await listRecentTxs(db, { repo: R, limit: 50 }),
    addressTxs: await Promise.all(someAddresses.map((address) => listAddressTxs(db, { repo: R, address, limit: 20 }))),
    accounts: await Promise.all(someAddresses.map((address) => getAccountRow(db, R, address))),
    throughput: await throughputSeries(db, { repo: R, blocks: 60 }),
    searches: await Promise.all(["0", String(head), chain.getBlock(4)!.block.hash, someTxs[0]!, chain.addresses[0]!, "nothing"].map((q) => search(db, [R], q))),
    stats: await indexStats(db, R),
    rows: await snapshotIndex(db),
  };
}

describe("the two backends", () => {
  const pglite = pgliteMemoryBackend();
  const postgres = postgresBackend();
  const chain = createFakeChain({ seed: "two backends", blocks: 70, txsPerBlock: 9 });
  let embedded: IndexDb;
  let server: IndexDb;

  beforeAll(async () => {
    [embedded, server] = await Promise.all([pglite.open(), postgres.open()]);
    for (const index of [embedded, server]) {
      const indexer = createIndexer({ index, chain, maxBlocksPerBatch: 13 });
      await indexer.start();
      await indexer.stop();
    }
  });
  afterAll(async () => {
    await embedded?.close();
    await server?.close();
    await postgres.dispose();
  });

  it("give identical query results and rows for the same chain", async () => {
    const [fromPglite, fromPostgres] = [await everyAnswer(embedded, chain), await everyAnswer(server, chain)];
    expect(fromPglite.txRows.every((row) => row !== null)).toBe(true);
    expect(fromPostgres).toEqual(fromPglite);
  });
});
