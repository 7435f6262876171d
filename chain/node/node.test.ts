import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { AER_PER_AERGO } from "../amount.ts";
import { headerFromJSON, verifyHeaderSignature } from "../block/header.ts";
import { fromHex, decodeHash, sha256 } from "../crypto/hash.ts";
import { decodeAccount } from "../state/account.ts";
import { proofFromJSON, verifyProof } from "../state/smt.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";
import { TOTAL_SUPPLY } from "./genesis.ts";
import { buildTx } from "../tx/buildTx.ts";
import { decodeTx, MAX_TX_BYTES } from "../tx/tx.ts";

const alice = devKeyPair("test-alice");
const bob = devKeyPair("test-bob");

describe("genesis", () => {
  it("allocates exactly 500,000,000 AERGO by the whitepaper's table", async () => {
    const { node, net } = await createTestChain();
    const total = net.genesis.allocations.reduce((s, a) => s + a.balance, 0n);
    expect(total).toBe(TOTAL_SUPPLY);
    const shares = net.genesis.allocations.map((a) => Number((a.balance * 100n) / TOTAL_SUPPLY));
    expect(shares).toEqual([30, 30, 25, 10, 5]);
    expect(node.getAccount(net.allocationKeys[0]!.address).balance.aergo).toBe("150000000");
    expect(node.headHeight()).toBe(0);
  });

  it("derives a different chain id from a different genesis", async () => {
    const a = await createTestChain();
    const b = await createTestChain({ epochLength: 12 });
    expect(a.node.chainIdHash).not.toBe(b.node.chainIdHash);
  });
});

describe("pool-level serialization", () => {
  it("answers a transfer with its receipt at once and seals exactly that result", async () => {
    const chain = await createTestChain();
    const receipt = await chain.fund(alice.address, 10n);
    expect(receipt.status).toBe("success");
    expect(receipt.blockHeight).toBeNull();
    expect(receipt.fee.aer).toBe((100_000n * chain.net.genesis.minGasPrice).toString());
    // The latest state already holds the answered transfer.
    expect(chain.node.getAccount(alice.address).balance.aergo).toBe("10");
    const sealed = chain.next();
    expect(sealed?.block.height).toBe(1);
    expect(sealed?.block.txs.map((t) => t.hash)).toEqual([receipt.txHash]);
    expect(sealed?.receipts[0]).toMatchObject({ ...receipt, blockHeight: 1, blockHash: sealed?.block.hash });
    expect(chain.node.getTx(receipt.txHash)?.state).toBe("sealed");
  });

  it("charges the fee to the sender and pays it to the producer", async () => {
    const chain = await createTestChain();
    await chain.fund(alice.address, 10n);
    chain.next();
    const before = BigInt(chain.node.getAccount(bob.address).balance.aer);
    const r = await chain.node.submitTx(chain.tx(alice, "transfer", { to: bob.address, amount: aergo(1) }).bytes);
    const sealed = chain.next()!;
    const producer = sealed.block.producer;
    expect(BigInt(chain.node.getAccount(bob.address).balance.aer) - before).toBe(aergo(1));
    expect(BigInt(chain.node.getAccount(alice.address).balance.aer)).toBe(aergo(9) - BigInt(r.fee.aer));
    expect(BigInt(chain.node.getAccount(producer).balance.aer)).toBeGreaterThanOrEqual(BigInt(r.fee.aer));
  });

  it("executes pipelined transactions in arrival order even when verification finishes out of order", async () => {
    const { verifyMessage } = await import("../crypto/signature.ts");
    // A verifier whose answers come back in random order, like a pool of worker threads.
    const chain = await createTestChain({
      verify: (sig, msg, pub) => new Promise((resolve) => setTimeout(() => resolve(verifyMessage(sig, msg, pub)), Math.random() * 20)),
    });
    await chain.fund(alice.address, 100n);
    const txs = Array.from({ length: 20 }, () => chain.tx(alice, "transfer", { to: bob.address, amount: aergo(1) }));
    const receipts = await Promise.all(txs.map((t) => chain.node.submitTx(t.bytes)));
    expect(receipts.map((r) => r.status)).toEqual(txs.map(() => "success"));
    expect(receipts.map((r) => r.txIndex)).toEqual(txs.map((_, i) => i + 1));
    expect(chain.node.getAccount(bob.address).balance.aergo).toBe("20");
  });

  it("waits for the sealing block when asked", async () => {
    const chain = await createTestChain();
    const tx = chain.tx(chain.net.faucetKey, "transfer", { to: alice.address, amount: aergo(1) });
    const p = chain.node.submitTx(tx.bytes, { wait: "block" });
    // In the pending block first (however long that takes here), then the block that seals it.
    await vi.waitFor(() => expect(chain.node.getTx(tx.hashText)?.state).toBe("pending"), { timeout: 10_000, interval: 5 });
    chain.next();
    const receipt = await p;
    expect(receipt.blockHeight).toBe(1);
  });
});

describe("bad transactions change nothing", () => {
  async function expectRejected(chain: Awaited<ReturnType<typeof createTestChain>>, bytes: Uint8Array, code: string) {
    const before = chain.node.getAccount(chain.net.faucetKey.address);
    await expect(chain.node.submitTx(bytes)).rejects.toMatchObject({ code });
    expect(chain.node.getAccount(chain.net.faucetKey.address)).toEqual(before);
    expect(chain.node.info().pendingTxs).toBe(0);
  }

  it("refuses malformed bytes, a bad signature, another chain, wrong nonces, short balances and oversize", async () => {
    const chain = await createTestChain();
    const key = chain.net.faucetKey;
    await expectRejected(chain, Uint8Array.of(1, 2, 3), "MALFORMED_TX");
    const good = chain.tx(key, "transfer", { to: alice.address, amount: 1n, nonce: 1 });
    const tampered = Uint8Array.from(good.bytes);
    tampered[tampered.length - 70] = tampered[tampered.length - 70]! ^ 1;
    await expectRejected(chain, tampered, "BAD_SIGNATURE");
    const other = buildTx({ type: "transfer", key, chainIdHash: sha256(Uint8Array.of(9)), nonce: 1, to: alice.address, amount: 1n, gasPrice: chain.net.genesis.minGasPrice });
    await expectRejected(chain, other.bytes, "WRONG_CHAIN");
    await expectRejected(chain, chain.tx(key, "transfer", { to: alice.address, amount: 1n, nonce: 5 }).bytes, "NONCE_TOO_HIGH");
    await chain.node.submitTx(good.bytes);
    await expect(chain.node.submitTx(good.bytes)).rejects.toMatchObject({ code: "KNOWN_TX" });
    await expect(chain.node.submitTx(chain.tx(key, "transfer", { to: alice.address, amount: 2n, nonce: 1 }).bytes)).rejects.toMatchObject({ code: "NONCE_TOO_LOW" });
    const poor = devKeyPair("poor");
    await expect(chain.node.submitTx(chain.tx(poor, "transfer", { to: alice.address, amount: 1n }).bytes)).rejects.toMatchObject({ code: "INSUFFICIENT_BALANCE" });
    expect(() => chain.tx(key, "transfer", { to: alice.address, payload: "x".repeat(MAX_TX_BYTES), gasLimit: 10_000_000, nonce: 2 })).toThrow(/limit is/);
    await expect(chain.node.submitTx(new Uint8Array(MAX_TX_BYTES + 1))).rejects.toMatchObject({ code: "TX_TOO_LARGE" });
    await expect(chain.node.submitTx(chain.tx(key, "transfer", { to: alice.address, amount: 1n, gasLimit: 10, nonce: 2 }).bytes)).rejects.toMatchObject({ code: "GAS_TOO_LOW" });
  });

  it("round-trips transaction bytes exactly", async () => {
    const chain = await createTestChain();
    const tx = chain.tx(alice, "transfer", { to: bob.address, amount: 123n });
    const again = decodeTx(tx.bytes);
    expect(again.hashText).toBe(tx.hashText);
    expect(again.amount).toBe(123n);
    expect(() => decodeTx(Uint8Array.from([...tx.bytes, 0]))).toThrow(/malformed/);
  });
});

describe("DPoS", () => {
  it("rotates the producers round-robin by slot", async () => {
    const chain = await createTestChain();
    const producers: string[] = [];
    for (let i = 0; i < 6; i++) producers.push(chain.next()!.block.producer);
    const active = chain.node.info().producers.map((p) => p.address);
    expect(active).toHaveLength(3);
    expect(new Set(producers.slice(0, 3))).toEqual(new Set(active));
    expect(producers.slice(3)).toEqual(producers.slice(0, 3));
  });

  it("makes a block irreversible once 2/3 of the producers built on it", async () => {
    const chain = await createTestChain();
    chain.next();
    expect(chain.node.lastIrreversible()).toBe(0);
    chain.next(); // a second distinct producer confirms block 1 (quorum ceil(2*3/3) = 2)
    expect(chain.node.lastIrreversible()).toBe(1);
    for (let i = 0; i < 5; i++) chain.next();
    expect(chain.node.lastIrreversible()).toBe(chain.node.headHeight() - 1);
  });

  it("goes on when a producer stops, keeps finality and replaces it after missed slots", async () => {
    const chain = await createTestChain({ epochLength: 1000 });
    const stopped = chain.node.info().producers[1]!.address;
    chain.node.setProducerOnline(stopped, false);
    const made: string[] = [];
    for (let i = 0; i < 30; i++) {
      const b = chain.next();
      if (b) made.push(b.block.producer);
    }
    expect(made).not.toContain(stopped);
    expect(made.length).toBeGreaterThan(20);
    const info = chain.node.info();
    // Score-based delegation: the next candidate took the stopped producer's place.
    expect(info.producers.map((p) => p.address)).not.toContain(stopped);
    expect(info.producers.map((p) => p.address)).toContain(chain.net.producerKeys[3]!.address);
    expect(info.lastIrreversible).toBeGreaterThan(info.height - 3);
  });

  it("elects the voted candidates at the next epoch", async () => {
    const chain = await createTestChain({ epochLength: 10 });
    const standby = chain.net.producerKeys[4]!.address;
    expect(chain.node.info().producers.map((p) => p.address)).not.toContain(standby);
    await chain.fund(alice.address, 1000n);
    await chain.node.submitTx(chain.tx(alice, "stake", { amount: aergo(500) }).bytes);
    await chain.node.submitTx(chain.tx(alice, "vote", { payload: [standby] }).bytes);
    chain.next();
    expect(chain.node.getAccount(alice.address).staked.aergo).toBe("500");
    expect(chain.node.info().candidates[0]).toMatchObject({ address: standby, votes: { aergo: "500" } });
    while (chain.node.headHeight() < 10) chain.next();
    const producers = chain.node.info().producers.map((p) => p.address);
    expect(producers[0]).toBe(standby);
    expect(chain.node.info().epoch).toBe(1);
    // Unstaking takes the weight away at the next election.
    await chain.node.submitTx(chain.tx(alice, "unstake", { amount: aergo(500) }).bytes);
    while (chain.node.headHeight() < 20) chain.next();
    expect(chain.node.info().producers.map((p) => p.address)).not.toContain(standby);
  });

  it("refuses votes that are not candidate addresses", async () => {
    const chain = await createTestChain();
    await chain.fund(alice.address, 10n);
    await expect(chain.node.submitTx(chain.tx(alice, "vote", { payload: ["nobody"] }).bytes)).rejects.toMatchObject({ code: "INVALID_ADDRESS" });
    chain.resetNonces();
    await expect(chain.node.submitTx(chain.tx(alice, "vote", { payload: {} }).bytes)).rejects.toMatchObject({ code: "INVALID_PAYLOAD" });
  });
});

describe("PoA", () => {
  it("keeps its fixed producers in turn whatever the votes, and a single producer makes every block final at once", async () => {
    const chain = await createTestChain({ consensus: "poa", epochLength: 5 });
    const standby = chain.net.producerKeys[4]!.address;
    await chain.fund(alice.address, 100n);
    await chain.node.submitTx(chain.tx(alice, "stake", { amount: aergo(50) }).bytes);
    await chain.node.submitTx(chain.tx(alice, "vote", { payload: [standby] }).bytes);
    const producers = new Set<string>();
    for (let i = 0; i < 12; i++) producers.add(chain.next()!.block.producer);
    expect(chain.node.info().consensus).toBe("poa");
    expect([...producers].sort()).toEqual(chain.net.producerKeys.slice(0, 3).map((k) => k.address).sort());
    expect(chain.node.getBlock(12)!.block.consensus.kind).toBe("poa");

    const single = await createTestChain({ consensus: "poa", producerCount: 1 });
    single.next();
    single.next();
    expect(single.node.lastIrreversible()).toBe(2);
  });
});

describe("state proofs and history", () => {
  it("proves a balance against a block header alone, and fails when tampered with", async () => {
    const chain = await createTestChain();
    await chain.fund(alice.address, 7n);
    chain.next();
    const p = chain.node.getAccountProof(alice.address);
    const header = p.header;
    const stateRoot = decodeHash(header.stateRoot);
    const proof = proofFromJSON(p.proof as never);
    expect(verifyProof(stateRoot, fromHex(p.key), fromHex(p.valueHash!), proof)).toBe(true);
    expect(decodeAccount(fromHex(p.value!)).balance).toBe(7n * AER_PER_AERGO);
    expect(sha256(fromHex(p.value!))).toEqual(fromHex(p.valueHash!));
    const forged = fromHex(p.valueHash!);
    forged[0] = forged[0]! ^ 1;
    expect(verifyProof(stateRoot, fromHex(p.key), forged, proof)).toBe(false);
    // The header itself is signed by its producer over the exact bytes that carry the root.
    const block = chain.node.getBlock(header.height)!;
    expect(block.block.stateRoot).toBe(header.stateRoot);
    // An absent account is proven absent.
    const q = chain.node.getAccountProof(bob.address);
    expect(q.valueHash).toBeNull();
    expect(verifyProof(stateRoot, fromHex(q.key), null, proofFromJSON(q.proof as never))).toBe(true);
  });

  it("reads an account at any past height", async () => {
    const chain = await createTestChain();
    await chain.fund(alice.address, 1n);
    chain.next();
    await chain.fund(alice.address, 2n);
    chain.next();
    expect(chain.node.getAccount(alice.address, { height: 0 }).balance.aergo).toBe("0");
    expect(chain.node.getAccount(alice.address, { height: 1 }).balance.aergo).toBe("1");
    expect(chain.node.getAccount(alice.address, { height: 2 }).balance.aergo).toBe("3");
    expect(() => chain.node.getAccount(alice.address, { height: 99 })).toThrow(/no block at height 99/);
  });
});

describe("durable store", () => {
  it("restarts into the same head and state root, and restores answered transactions", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-node-"));
    try {
      const first = await createTestChain({ store: createLmdbStore(dir) });
      await first.fund(alice.address, 5n);
      first.next();
      const sealedRoot = first.node.stateRoot();
      const answered = await first.fund(bob.address, 3n); // answered, not sealed
      const head = first.node.headHeight();
      await first.node.close();

      const second = await createTestChain({ store: createLmdbStore(dir), startAt: first.now });
      expect(second.node.headHeight()).toBe(head);
      expect(second.node.stateRoot()).toBe(sealedRoot);
      expect(second.node.getTx(answered.txHash)?.state).toBe("pending");
      const sealed = second.next()!;
      expect(sealed.receipts.find((r) => r.txHash === answered.txHash)).toMatchObject({ status: "success", fee: answered.fee, gasUsed: answered.gasUsed });
      expect(second.node.getAccount(bob.address).balance.aergo).toBe("3");
      await second.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("signs every header so a light client can check who produced it", async () => {
    const chain = await createTestChain();
    const sealed = chain.next()!;
    const header = chain.node.getBlock(sealed.block.height)!.block;
    expect(header.signature).toHaveLength(128);
    const stored = chain.node.getBlock(header.hash)!;
    expect(stored.block.height).toBe(1);
    const rebuilt = headerFromJSON(header);
    expect(rebuilt.hashText).toBe(header.hash);
    expect(verifyHeaderSignature(rebuilt)).toBe(true);
    expect(verifyHeaderSignature(headerFromJSON({ ...header, stateRoot: header.txRoot === header.stateRoot ? header.prevHash : header.prevHash }))).toBe(false);
  });
});
