import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../chain/crypto/keys.ts";
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
import type { TxSummaryJSON } from "./queries/shapes.ts";
import { createFakeChain, type FakeChain } from "./testing/fakeChain.ts";
import { testBackends, type TestBackend } from "./testing/backends.ts";

const HEAD = 80;

/** [height, txIndex] of every tx touching `address`, newest first, straight from the chain. */
function chainTxsOf(chain: FakeChain, address: string): string[] {
  const found: string[] = [];
  for (let h = chain.head(); h >= 0; h--) {
    const { block, receipts } = chain.getBlock(h)!;
    for (let i = block.txs.length - 1; i >= 0; i--) {
      const tx = block.txs[i]!;
      if (tx.from === address || tx.to === address || receipts[i]?.contractAddress === address) found.push(tx.hash);
    }
  }
  return found;
}

describe.each(await testBackends())("index queries on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  const chain = createFakeChain({ seed: "queries", blocks: HEAD });

  beforeAll(async () => {
    index = await backend.open();
    const indexer = createIndexer({ index, chain, maxBlocksPerBatch: 16 });
    await indexer.start();
    await indexer.stop();
  });
  afterAll(async () => {
    await index?.close();
    await backend.dispose();
  });

  it("lists blocks newest first and pages by height", async () => {
    const first = await listBlocks(index.db, { repo: R, limit: 10 });
    const second = await listBlocks(index.db, { repo: R, beforeHeight: first.at(-1)!.height, limit: 10 });
    expect(first.map((b) => b.height)).toEqual([80, 79, 78, 77, 76, 75, 74, 73, 72, 71]);
    expect(second.map((b) => b.height)).toEqual([70, 69, 68, 67, 66, 65, 64, 63, 62, 61]);
    const { txs: _txs, ...header } = chain.getBlock(80)!.block;
    expect(first[0]).toEqual(header);
  });

  it("finds a block by height, by decimal string and by hash", async () => {
    const { txs: _txs, ...header } = chain.getBlock(42)!.block;
    expect(await getBlockSummary(index.db, R, 42)).toEqual(header);
    expect(await getBlockSummary(index.db, R, "42")).toEqual(header);
    expect(await getBlockSummary(index.db, R, header.hash)).toEqual(header);
    expect(await getBlockSummary(index.db, R, HEAD + 1)).toBeNull();
  });

  it("lists a block's txs in block order, in pages", async () => {
    const { block, receipts } = chain.getBlock(30)!;
    const all = await listBlockTxs(index.db, R, 30);
    expect(all.map((t) => t.hash)).toEqual(block.txs.map((t) => t.hash));
    expect(all[0]).toMatchObject({ blockHeight: 30, blockHash: block.hash, timestamp: block.timestamp, txIndex: 0, fee: receipts[0]!.fee, status: receipts[0]!.status });
    const page = await listBlockTxs(index.db, R, "30", { afterTxIndex: 1, limit: 2 });
    expect(page.map((t) => t.txIndex)).toEqual([2, 3]);
  });

  it("returns a sealed tx and its receipt exactly as the chain sealed them", async () => {
    for (let h = 1; h <= HEAD; h++) {
      const { block, receipts } = chain.getBlock(h)!;
      for (const [i, tx] of block.txs.entries()) {
        const row = await getTxRow(index.db, R, tx.hash);
        expect(row).toEqual({ tx, receipt: receipts[i], timestamp: block.timestamp });
      }
    }
  });

  it("returns genesis allocations as successful txs without fees", async () => {
    const genesisTx = chain.getBlock(0)!.block.txs[0]!;
    const row = await getTxRow(index.db, R, genesisTx.hash);
    expect(row?.tx).toEqual(genesisTx);
    expect(row?.receipt).toMatchObject({ status: "success", gasUsed: 0, fee: { aer: "0", aergo: "0" }, blockHeight: 0, events: [] });
  });

  it("lists the newest txs first", async () => {
    const recent = await listRecentTxs(index.db, { repo: R, limit: 8 });
    const { block } = chain.getBlock(HEAD)!;
    expect(recent.slice(0, block.txs.length).map((t) => t.hash)).toEqual(block.txs.map((t) => t.hash).reverse());
    expect(recent).toHaveLength(8);
  });

  it("pages through an address's txs sent, received and deployed without gaps or repeats", async () => {
    const address = chain.addresses[0]!;
    const expected = chainTxsOf(chain, address);
    const seen: TxSummaryJSON[] = [];
    for (let page = await listAddressTxs(index.db, { repo: R, address, limit: 7 }); page.length > 0; ) {
      seen.push(...page);
      const last = page.at(-1)!;
      page = await listAddressTxs(index.db, { repo: R, address, beforeHeight: last.blockHeight, beforeTxIndex: last.txIndex, limit: 7 });
    }
    expect(seen.map((t) => t.hash)).toEqual(expected);
  });

  it("lists a contract's deploy and calls under its address", async () => {
    const deploy = [...Array(HEAD + 1).keys()].flatMap((h) => chain.getBlock(h)!.receipts).find((r) => r.contractAddress !== null)!;
    const contract = deploy.contractAddress!;
    const listed = await listAddressTxs(index.db, { repo: R, address: contract, limit: 1000 });
    expect(listed.map((t) => t.hash)).toEqual(chainTxsOf(chain, contract));
    expect(listed.at(-1)!.hash).toBe(deploy.txHash);
    const olderOnly = await listAddressTxs(index.db, { repo: R, address: contract, beforeHeight: deploy.blockHeight!, limit: 1000 });
    expect(olderOnly).toEqual([]);
  });

  it("reads an account as of its last indexed block", async () => {
    const address = chain.addresses[1]!;
    const row = await getAccountRow(index.db, R, address);
    const onChain = chain.getAccount(address, { height: row!.lastSeenHeight });
    expect(row).toMatchObject({ address, balance: onChain.balance, nonce: onChain.nonce, staked: onChain.staked, firstSeenHeight: 0, height: row!.lastSeenHeight, pending: false });
    expect(row!.txCount).toBe(chainTxsOf(chain, address).length);
    expect(await getAccountRow(index.db, R, devKeyPair("never used").address)).toBeNull();
  });

  it("charts height, time and tx count of the last blocks, oldest first", async () => {
    const series = await throughputSeries(index.db, { repo: R, blocks: 60 });
    expect(series).toHaveLength(60);
    expect(series[0]!.height).toBe(HEAD - 59);
    expect(series.at(-1)).toEqual({ height: HEAD, timestamp: chain.getBlock(HEAD)!.block.timestamp, txCount: chain.getBlock(HEAD)!.block.txs.length });
  });

  it("tells heights, block hashes, tx hashes and addresses apart in search", async () => {
    const { block } = chain.getBlock(12)!;
    expect(await search(index.db, [R], "12")).toEqual({ kind: "block", id: "12", repo: R });
    expect(await search(index.db, [R], ` ${block.hash} `)).toEqual({ kind: "block", id: "12", repo: R });
    expect(await search(index.db, [R], block.txs[0]!.hash)).toEqual({ kind: "tx", id: block.txs[0]!.hash, repo: R });
    expect(await search(index.db, [R], chain.addresses[2]!)).toEqual({ kind: "address", id: chain.addresses[2], repo: R });
    const fresh = devKeyPair("fresh account").address;
    expect(await search(index.db, [R], fresh)).toEqual({ kind: "address", id: fresh, repo: R });
    expect(await search(index.db, [R], String(HEAD + 1))).toBeNull();
    expect(await search(index.db, [R], chain.getBlock(12)!.block.txRoot)).toBeNull(); // a well-formed hash nobody has
    expect(await search(index.db, [R], "hello world")).toBeNull();
  });

  it("counts what it indexed without scanning tables", async () => {
    let txs = 0;
    let events = 0;
    for (let h = 0; h <= HEAD; h++) {
      const sealed = chain.getBlock(h)!;
      txs += sealed.block.txs.length;
      events += sealed.receipts.reduce((n, r) => n + r.events.length, 0);
    }
    expect(await indexStats(index.db, R)).toEqual({
      blocks: HEAD + 1,
      txs,
      events,
      accounts: chain.touchedAddresses().length,
      lastIndexedHeight: HEAD,
      lastIndexedHash: chain.getBlock(HEAD)!.block.hash,
    });
  });

  it("answers malformed input with null or an empty list, never a database error", async () => {
    const bad: unknown[] = ["", "   ", "abc\u0000def", "-1", "1e3", "12.5", "99999999999999999999", "'; drop table txs; --", "0x1234", "A".repeat(10_000), "🙂", -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 63, null, undefined, {}, []];
    for (const input of bad) {
      const anyInput = input as never;
      expect(await getBlockSummary(index.db, R, anyInput), String(input)).toBeNull();
      expect(await getTxRow(index.db, R, anyInput)).toBeNull();
      expect(await getAccountRow(index.db, R, anyInput)).toBeNull();
      expect(await search(index.db, [R], anyInput)).toBeNull();
      expect(await listBlockTxs(index.db, R, anyInput)).toEqual([]);
      if (input !== undefined) {
        // undefined is a legal value for the optional cursors, so only the others must fail.
        expect(await listBlockTxs(index.db, R, 3, { afterTxIndex: anyInput })).toEqual([]);
        expect(await listBlockTxs(index.db, R, 3, { limit: anyInput })).toEqual([]);
        expect(await listBlocks(index.db, { repo: R, beforeHeight: anyInput, limit: 10 })).toEqual([]);
        expect(await listAddressTxs(index.db, { repo: R, address: chain.addresses[0]!, beforeHeight: anyInput, limit: 10 })).toEqual([]);
      }
      expect(await listBlocks(index.db, { repo: R, limit: anyInput })).toEqual([]);
      expect(await listRecentTxs(index.db, { repo: R, limit: anyInput })).toEqual([]);
      expect(await listAddressTxs(index.db, { repo: R, address: anyInput, limit: 10 })).toEqual([]);
      expect(await throughputSeries(index.db, { repo: R, blocks: anyInput })).toEqual([]);
    }
  });

  it("caps page sizes instead of failing on large ones", async () => {
    expect(await listBlocks(index.db, { repo: R, limit: 1_000_000 })).toHaveLength(HEAD + 1);
  });
});
