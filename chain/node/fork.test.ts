import { describe, expect, it } from "vitest";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import { withReadThrough } from "../store/readThrough.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";

const GAS = 5_000_000;
const [alice, bob] = ["alice", "bob"].map((n) => devKeyPair(`fork-${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];

describe("a fork of a chain at a block (another repository)", () => {
  it("starts from the origin's state at that block without copying it, and the two chains go their own ways", async () => {
    const origin = await createTestChain();
    await origin.fund(alice.address, 100n);
    const token = (await origin.node.submitTx(origin.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["T", 1000] }, gasLimit: GAS }).bytes)).contractAddress!;
    await origin.node.submitTx(origin.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 10] }, gasLimit: GAS }).bytes);
    origin.next();
    const at = origin.node.headHeight();
    // the origin moves on after the fork point
    await origin.node.submitTx(origin.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 5] }, gasLimit: GAS }).bytes);
    origin.next();

    const point = origin.node.forkPoint("main", at);
    const own = createMemoryStore();
    const fork = await createTestChain({ genesis: { ...origin.net.genesis, chainId: "fork-of-origin" }, store: withReadThrough(own, origin.node.nodes), fork: point });
    expect(fork.node.chainIdHash).not.toBe(origin.node.chainIdHash);
    expect(point.origin).toMatchObject({ branch: "main", height: at });
    // the fork's genesis state is the origin's at `at`: balances, nonces, contracts and rows
    expect(fork.node.stateRoot(0)).toBe(origin.node.stateRoot(at));
    expect(fork.node.listContracts()).toEqual([token]);
    expect(fork.node.genesisContracts()).toEqual([{ address: token, creator: alice.address }]);
    expect(origin.node.genesisContracts()).toEqual([]);
    expect(fork.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(10);
    expect(fork.node.getAccount(alice.address).nonce).toBe(origin.node.getAccount(alice.address, { height: at }).nonce);
    // nothing was copied: the fork's own store holds only its genesis block's records
    expect(own.nodes.get(point.stateRoot)).toBeUndefined();
    expect(origin.node.nodes.get(point.stateRoot)).toBeDefined();

    // each side writes on its own
    fork.resetNonces();
    const onFork = await fork.node.submitTx(fork.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 100] }, gasLimit: GAS }).bytes);
    expect(onFork.status).toBe("success");
    fork.next();
    expect(fork.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(110);
    expect(origin.node.queryContract(token, "balanceOf", [bob.address]).result).toBe(15);
    // a transaction signed for the origin does not run on the fork (another chain id)
    const forOrigin = origin.tx(alice, "transfer", { to: bob.address, amount: 1n });
    await expect(fork.node.submitTx(forOrigin.bytes)).rejects.toMatchObject({ code: expect.any(String) });
    await fork.node.close();
    await origin.node.close();
  });
});
