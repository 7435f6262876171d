import { describe, expect, it } from "vitest";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";

describe("a block as the API answers it: the header and one bounded page of its transactions", () => {
  it("pages by transactions and by bytes, and the header always describes the whole block", async () => {
    const chain = await createTestChain();
    const to = devKeyPair("block-page-to").address;
    const hashes: string[] = [];
    for (let i = 0; i < 5; i++) hashes.push((await chain.node.submitTx(chain.tx(chain.net.faucetKey, "transfer", { to, amount: aergo(1) }).bytes)).txHash);
    chain.next();
    const height = chain.node.headHeight();
    const whole = chain.node.getBlock(height)!;
    expect(whole.block.txs.map((t) => t.hash)).toEqual(hashes);

    const first = chain.node.getBlockPage(height, { txLimit: 2 })!;
    expect(first.block.txs.map((t) => t.hash)).toEqual(hashes.slice(0, 2));
    expect(first.receipts.map((r) => r.txHash)).toEqual(hashes.slice(0, 2));
    expect(first).toMatchObject({ txOffset: 0, nextTxOffset: 2, truncated: false });
    const { txs: _a, ...header } = whole.block;
    const { txs: _b, ...pageHeader } = first.block;
    expect(pageHeader).toEqual(header);
    expect(first.receipts[1]).toEqual(whole.receipts[1]);

    const last = chain.node.getBlockPage(whole.block.hash, { txOffset: 4, txLimit: 2 })!;
    expect(last.block.txs.map((t) => t.hash)).toEqual([hashes[4]]);
    expect(last).toMatchObject({ txOffset: 4, nextTxOffset: null, truncated: false });

    // A byte budget smaller than one transaction: the first still comes (paging always moves on), then the page ends.
    const tight = chain.node.getBlockPage(height, { maxBytes: 10 })!;
    expect(tight.block.txs).toHaveLength(1);
    expect(tight).toMatchObject({ nextTxOffset: 1, truncated: true });
    expect(chain.node.getBlockPage(height + 100)).toBeUndefined();
  });
});
