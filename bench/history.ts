/**
 * A large contract's history: what each block that changes a few of its rows costs to seal and
 * to store, and what reading the contract at an older height costs. An in-process node (manual
 * clock, in-memory store whose writes are counted) holds a contract of BENCH_HISTORY_ROWS rows
 * (default 20,000, ~4.5 MiB of SQLite file); then BENCH_HISTORY_BLOCKS blocks (default 20) each
 * update 10 rows.
 *
 *   npx tsx bench/history.ts
 */
import { performance } from "node:perf_hooks";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { createMemoryStore } from "../chain/store/memoryStore.ts";
import { createTestChain } from "../chain/testing/testChain.ts";
import { ITEMS_CONTRACT } from "../chain/sql/testing/examples.ts";
import { fmt } from "./stats.ts";

useNodeCrypto();


export type HistoryFigures = {
  readonly rows: number;
  readonly databaseBytes: number;
  readonly blocks: number;
  /** Bytes the node wrote to its store per block (pages, trees, block), median. */
  readonly storedPerBlock: number;
  readonly sealMsPerBlock: number;
  /** A view at an older height (the contract reloaded from the store at that version), median ms. */
  readonly pastReadMs: number;
};

export async function benchHistory(opts: { rows?: number; blocks?: number } = {}): Promise<HistoryFigures> {
  const rows = opts.rows ?? Number(process.env.BENCH_HISTORY_ROWS ?? 20_000);
  const blocks = opts.blocks ?? Number(process.env.BENCH_HISTORY_BLOCKS ?? 20);
  const memory = createMemoryStore();
  let written = 0;
  const store = { ...memory, nodes: { get: memory.nodes.get, put: (h: Uint8Array, b: Uint8Array) => ((written += b.length), memory.nodes.put(h, b)) } };
  const chain = await createTestChain({ store, verify: () => true });
  const { node } = chain;
  try {
    const owner = devKeyPair("history:owner");
    await chain.fund(owner.address, 10_000_000n);
    chain.next();
    const deploy = await node.submitTx(chain.tx(owner, "deploy", { payload: { source: ITEMS_CONTRACT, args: [] }, gasLimit: 5_000_000 }).bytes);
    if (deploy.status !== "success") throw new Error(`deploy failed: ${JSON.stringify(deploy.error)}`);
    const items = deploy.contractAddress!;
    const submit = async (procedure: string, args: unknown[], gasLimit = 5_000_000) => {
      const r = await node.submitTx(chain.tx(owner, "call", { to: items, payload: { procedure, args }, gasLimit }).bytes);
      if (r.status !== "success") throw new Error(`${procedure} failed: ${JSON.stringify(r.error)}`);
    };
    for (let done = 0; done < rows; done += 1000) await submit("fill", [Math.min(1000, rows - done)], 500_000_000);
    chain.next();
    const databaseBytes = Buffer.from(node.contractState(items).snapshot, "base64").length;

    const stored: number[] = [];
    const seals: number[] = [];
    const heights: number[] = [];
    for (let b = 0; b < blocks; b++) {
      for (let k = 0; k < 10; k++) await submit("touch", [1 + ((b * 7919 + k * 104729) % rows), `block ${b} row ${k}`]);
      written = 0;
      const t0 = performance.now();
      if (!chain.next()) throw new Error("the node did not seal a block");
      seals.push(performance.now() - t0);
      stored.push(written);
      heights.push(node.headHeight());
    }
    // Alternate between two past heights, so every read reloads the contract's version.
    const reads: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      node.queryContract(items, "bodyOf", [1], { height: heights[i % 2 === 0 ? 0 : Math.floor(heights.length / 2)]! });
      reads.push(performance.now() - t0);
    }
    return { rows, databaseBytes, blocks, storedPerBlock: median(stored), sealMsPerBlock: median(seals), pastReadMs: median(reads) };
  } finally {
    await node.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function printHistory(r: HistoryFigures) {
  console.log(`A large contract's history: ${r.rows.toLocaleString("en-US")} rows (${fmt(r.databaseBytes / 1048576, 2)} MiB of database), ${r.blocks} blocks of 10 row updates`);
  console.log(`  stored per block (median):              ${fmt(r.storedPerBlock / 1024, 1)} KiB   (${fmt((100 * r.storedPerBlock) / r.databaseBytes, 2)}% of the database)`);
  console.log(`  sealing per block (median):             ${fmt(r.sealMsPerBlock, 2)} ms`);
  console.log(`  a view at a past height (median):       ${fmt(r.pastReadMs, 2)} ms   (the contract reloaded at that version)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printHistory(await benchHistory());
}
