import { describe, expect, it } from "vitest";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { turnsWhile } from "../testing/turns.ts";

describe("a freshly sealed block's JSON form", () => {
  it("is built in slices across later turns (prepare), the same as built at once", async () => {
    const chain = await createTestChain();
    const to = devKeyPair("lane-test-recipient").address;
    for (let i = 0; i < 600; i++) await chain.node.submitTx(chain.tx(chain.net.faucetKey, "transfer", { to, amount: 1n }).bytes);
    const sealed = chain.next()!;
    expect(sealed.prepare).toBeTypeOf("function");

    // A turn counter running beside it: a build held in one turn would leave it at 0 or 1.
    const { turns } = await turnsWhile(() => sealed.prepare!());
    // 600 transactions and 600 receipts, 256 conversions per slice: 5 slices, a turn each.
    expect(turns).toBeGreaterThanOrEqual(5);

    const stored = chain.node.getBlock(sealed.block.height)!;
    expect(sealed.block.txs).toHaveLength(600);
    expect(sealed.block).toEqual(stored.block);
    expect(sealed.receipts).toEqual(stored.receipts);
    await chain.node.close();
  });
});
