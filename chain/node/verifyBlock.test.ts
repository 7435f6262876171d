/**
 * The block executor, through `node.verifyBlock`: every sealed block of a chain with contracts,
 * transfers, a branch and merges is re-executed from its parent's state and gives the roots its
 * header holds; a block altered after sealing does not; the chain's store is left as it was.
 */
import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import type { ChainStore } from "../store/types.ts";
import { createBlock, decodeBlock, encodeBlock } from "../block/block.ts";
import { merkleRoot } from "../block/merkle.ts";
import { sealHeader } from "../block/header.ts";
import { bytesEqual, decodeHash } from "../crypto/hash.ts";
import { receiptHash } from "../exec/receipt.ts";

const GAS = 5_000_000;
const [alice, bob, carol] = ["alice", "bob", "carol"].map((n) => devKeyPair(`verify-${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];

type Chain = Awaited<ReturnType<typeof createTestChain>>;
const call = (chain: Chain, key: typeof alice, nonce: number, to: string, procedure: string, args: unknown[]) => chain.tx(key, "call", { to, nonce, payload: { procedure, args }, gasLimit: GAS });

/** A store that counts state nodes written, to show verification writes none to it. */
function countingStore(): ChainStore & { puts: () => number } {
  const inner = createMemoryStore();
  let puts = 0;
  const nodes = { get: (k: Uint8Array) => inner.nodes.get(k), put: (k: Uint8Array, v: Uint8Array) => (puts++, inner.nodes.put(k, v)) };
  return new Proxy(inner, { get: (t, p, r) => (p === "nodes" ? nodes : p === "puts" ? () => puts : Reflect.get(t, p, r)) }) as ChainStore & { puts: () => number };
}

async function history(store?: ChainStore) {
  const chain = await createTestChain(store ? { store } : {});
  for (const k of [alice, bob, carol]) await chain.fund(k.address, 100n);
  const token = (await chain.node.submitTx(chain.tx(alice, "deploy", { nonce: 1, payload: { source: TOKEN_EXAMPLE, args: ["T", 1000] }, gasLimit: GAS }).bytes)).contractAddress!;
  chain.next();
  await chain.node.submitTx(call(chain, alice, 2, token, "transfer", [bob.address, 10]).bytes);
  await chain.node.submitTx(chain.tx(bob, "transfer", { to: carol.address, amount: aergo(3), nonce: 1 }).bytes);
  // A failing call is included with its receipt: re-execution must fail it the same way.
  await chain.node.submitTx(call(chain, carol, 1, token, "transfer", [alice.address, 1_000_000]).bytes);
  chain.next();
  chain.node.createBranch("feature");
  await chain.node.submitTx(call(chain, bob, 2, token, "transfer", [carol.address, 4]).bytes, { branch: "feature" });
  chain.next();
  chain.node.createBranch("rows", { mergeMode: "consistent" });
  // Rows main does not touch: alice's, and a new holder's.
  await chain.node.submitTx(call(chain, alice, 3, token, "transfer", [devKeyPair("verify-dave").address, 7]).bytes, { branch: "rows" });
  chain.next();
  await chain.node.merge("feature", "main");
  chain.next();
  await chain.node.merge("rows", "main");
  chain.next();
  return { chain, token };
}

describe("block executor (node.verifyBlock)", () => {
  it("re-executes every block of main and of a branch to the roots in its header", async () => {
    const { chain } = await history();
    const statuses = [];
    for (let h = 0; h <= chain.node.headHeight(); h++) {
      const v = chain.node.verifyBlock(h);
      statuses.push(v.status);
      if (v.status === "verified") expect(v.executed).toEqual(v.header);
    }
    expect(statuses[0]).toBe("genesis");
    // One block took a consistent merge's rows (signed, not transactions); every other one verifies.
    expect(statuses.filter((s) => s === "merge")).toHaveLength(1);
    expect(statuses.filter((s) => s === "mismatch")).toEqual([]);
    expect(statuses.filter((s) => s === "verified").length).toBe(statuses.length - 2);
    // The branch's own blocks: its transfer, then the empty blocks that made it final.
    const feature = chain.node.getBranch("feature");
    const own = [];
    for (let h = feature.base!.height + 1; h <= feature.head.height; h++) own.push(chain.node.verifyBlock(h, { branch: "feature" }));
    expect(own[0]).toMatchObject({ status: "verified", branch: "feature", txs: 1 });
    expect(own.slice(1).map((v) => [v.status, v.txs])).toEqual(own.slice(1).map(() => ["verified", 0]));
  });

  it("leaves the chain's store as it was", async () => {
    const store = countingStore();
    const { chain } = await history(store);
    const before = store.puts();
    for (let h = 1; h <= chain.node.headHeight(); h++) chain.node.verifyBlock(h);
    expect(store.puts()).toBe(before);
  });

  it("finds a block whose transactions do not give the roots its header claims", async () => {
    const store = createMemoryStore();
    const { chain } = await history(store);
    // Block 2 holds the token transfer, the native transfer and the failed call: a producer
    // claims another gas figure for the first one, and a receipts root to match its claim.
    const hash = decodeHash(chain.node.getBlock(2)!.block.hash);
    const block = decodeBlock(store.getBlockBytes(hash)!);
    const claimed = block.receipts.map((r, i) => (i === 0 ? { ...r, gasUsed: r.gasUsed + 1 } : r));
    const { signature: _s, signingBytes: _b, hash: _h, hashText: _t, ...fields } = block.header;
    const header = sealHeader({ ...fields, receiptsRoot: merkleRoot(claimed.map(receiptHash)) }, devKeyPair("verify-forger").privateKey);
    const forged = encodeBlock(createBlock(header, block.txs, claimed));
    const read = store.getBlockBytes.bind(store);
    store.getBlockBytes = (h) => (bytesEqual(h, hash) ? forged : read(h));
    await chain.node.close();
    const reopened = await createTestChain({ store, startAt: chain.now });
    const v = reopened.node.verifyBlock(2);
    expect(v.status).toBe("mismatch");
    expect(v.reason).toMatch(/^Transaction 0 .* gives another receipt/);
    expect(v.executed?.receiptsRoot).not.toBe(v.header.receiptsRoot);
    expect(v.executed?.stateRoot).toBe(v.header.stateRoot);
    expect(reopened.node.verifyBlock(1).status).toBe("verified");
    expect(v.txs).toBe(3);
  });

  it("refuses heights past the head and unknown branches", async () => {
    const { chain } = await history();
    const code = (f: () => unknown) => {
      try {
        f();
        return null;
      } catch (e) {
        return isChainError(e) ? ((e.meta.code as string | undefined) ?? e.code) : "?";
      }
    };
    expect(code(() => chain.node.verifyBlock(chain.node.headHeight() + 1))).toBe("NOT_FOUND");
    expect(code(() => chain.node.verifyBlock(-1))).toBe("NOT_FOUND");
    expect(code(() => chain.node.verifyBlock(1, { branch: "nope" }))).toBe("UNKNOWN_BRANCH");
  });
});
