/**
 * The two hooks a repository chain adds to a node: pool admission (only its writers' signed
 * transactions run) and PoA authorities chosen outside the chain (its admins' producer set),
 * taking effect at the next epoch and surviving a restart from the store.
 */
import { describe, expect, it } from "vitest";
import { ChainError, ErrorCode } from "../errors.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";

describe("repository chain hooks", () => {
  it("admit refuses a transaction before it runs, and changes nothing", async () => {
    const blocked = devKeyPair("not-a-writer");
    const chain = await createTestChain({
      consensus: "poa",
      admit: (tx) => {
        if (tx.from === blocked.address) throw new ChainError(ErrorCode.Forbidden, "not a writer");
      },
    });
    await chain.fund(blocked.address, 10n);
    const before = chain.node.getAccount(blocked.address);
    const tx = chain.tx(blocked, "transfer", { to: devKeyPair("someone").address, amount: 1n });
    await expect(chain.node.submitTx(tx.bytes)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    expect(chain.node.getAccount(blocked.address)).toEqual(before);
    expect(chain.node.getTx(tx.hashText)).toBeUndefined();
  });

  it("a new PoA authority set takes effect at the next epoch and is replayed after a restart", async () => {
    const store = createMemoryStore();
    let authorities: string[] | null = null;
    const chain = await createTestChain({ consensus: "poa", producerCount: 3, epochLength: 5, store, nextAuthorities: () => authorities ?? chain.net.producerKeys.slice(0, 3).map((k) => k.address) });
    const only = chain.net.producerKeys[4]!.address;
    const producersOf = (from: number, to: number) => new Set(Array.from({ length: to - from + 1 }, (_, i) => chain.node.getBlock(from + i)!.block.producer));
    for (let i = 0; i < 3; i++) chain.next();
    authorities = [only];
    while (chain.node.headHeight() < 12) chain.next();
    // Blocks 1–4 (epoch 0) by the genesis set; from block 5 (epoch 1) only the new authority.
    expect(producersOf(1, 4).has(only)).toBe(false);
    expect([...producersOf(5, 12)]).toEqual([only]);

    await chain.node.close();
    const reopened = await createTestChain({ consensus: "poa", producerCount: 3, epochLength: 5, store, startAt: chain.now, nextAuthorities: () => [only] });
    for (let i = 0; i < 3; i++) reopened.next();
    expect(reopened.node.headHeight()).toBeGreaterThan(12);
    expect(reopened.node.getBlock(reopened.node.headHeight())!.block.producer).toBe(only);
  });
});
