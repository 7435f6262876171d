import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_REPO as R } from "../../chain/repo/names.ts";
import type { IndexDb } from "../client.ts";
import { createIndexer } from "../indexer.ts";
import { createFakeChain } from "../testing/fakeChain.ts";
import { testBackends, type TestBackend } from "../testing/backends.ts";
import { listBlockTxs } from "./listBlockTxs.ts";
import { txSummariesOfBlock } from "./shapes.ts";

describe.each(await testBackends())("tx summaries on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  const chain = createFakeChain({ seed: "summaries", blocks: 12, txsPerBlock: 9 });

  beforeAll(async () => {
    index = await backend.open();
    const indexer = createIndexer({ index, chain });
    await indexer.start();
    await indexer.stop();
  });
  afterAll(async () => {
    await index?.close();
    await backend.dispose();
  });

  it("summarizes a sealed block's txs exactly as the index lists them, genesis allocations included", async () => {
    for (let height = 0; height <= chain.head(); height++) {
      const sealed = chain.getBlock(height)!;
      const all = { afterTxIndex: -1, limit: 1_000 };
      expect(txSummariesOfBlock(sealed, all)).toEqual(await listBlockTxs(index.db, R, height, all));
      const page = { afterTxIndex: 3, limit: 4 };
      expect(txSummariesOfBlock(sealed, page)).toEqual(await listBlockTxs(index.db, R, height, page));
    }
    expect(txSummariesOfBlock(chain.getBlock(5)!, { afterTxIndex: 3, limit: 4 }).map((t) => t.txIndex)).toEqual([4, 5, 6, 7]);
  });
});
