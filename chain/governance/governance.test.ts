import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../amount.ts";
import { NAME_ACCOUNT } from "../names/names.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";
import { DEFAULT_HUB_FEE_BPS, readHubFeeBps } from "./params.ts";
import { PROPOSAL_QUORUM } from "./proposals.ts";

const alice = devKeyPair("gov-alice");
const bob = devKeyPair("gov-bob");
const carol = devKeyPair("gov-carol");
type Chain = Awaited<ReturnType<typeof createTestChain>>;

const send = (chain: Chain, key: typeof alice, type: "stake" | "unstake" | "govern" | "vote", fields: { amount?: bigint; payload?: unknown; to?: string } = {}) =>
  chain.node.submitTx(chain.tx(key, type, fields).bytes);
const propose = (chain: Chain, key: typeof alice, param: string, value: string | bigint, description = "") =>
  send(chain, key, "govern", { payload: { op: "propose", param, value: String(value), description } });
const voteOn = (chain: Chain, key: typeof alice, proposal: string, choice: "yes" | "no") => send(chain, key, "govern", { payload: { op: "vote", proposal, choice } });

/** Alice and Bob funded (1,000 AERGO each) and staked (300 / 50): epochs of 10 blocks, proposals open 10 blocks. */
async function staked(opts: Parameters<typeof createTestChain>[0] = {}) {
  const chain = await createTestChain(opts);
  await chain.fund(alice.address, 1000n);
  await chain.fund(bob.address, 1000n);
  await chain.fund(carol.address, 1000n);
  chain.next();
  await send(chain, alice, "stake", { amount: aergo(300) });
  await send(chain, bob, "stake", { amount: aergo(50) });
  chain.next();
  return chain;
}

/** Seals blocks until `height` is sealed. */
function sealThrough(chain: Chain, height: number) {
  while (chain.node.headHeight() < height) chain.next();
}

/** What a refusal must leave alone: the sender's account and the chain's proposals. */
const snapshot = (chain: Chain, key = alice) => ({ account: chain.node.getAccount(key.address), proposals: chain.node.getProposals() });

describe("chain-parameter proposals", () => {
  it("enacts a proposal with quorum and more yes than no at its end block; the new name price applies after it", async () => {
    const chain = await staked();
    const receipt = await propose(chain, alice, "namePrice", aergo(2), "Names at 2 AERGO");
    expect(receipt.status).toBe("success");
    const id = receipt.txHash;
    const created = chain.node.getProposal(id)!;
    expect(created).toMatchObject({ number: 1, proposer: alice.address, param: "namePrice", value: aergo(2).toString(), status: "open", description: "Names at 2 AERGO", voters: 0 });
    expect(created.endHeight).toBe(created.createdAt + 9);
    await voteOn(chain, alice, id, "yes");
    await voteOn(chain, bob, id, "no");
    chain.next();
    expect(chain.node.getProposal(id)).toMatchObject({ yes: { aergo: "300" }, no: { aergo: "50" }, voters: 2, status: "open" });
    expect(chain.node.getBallot(id, bob.address)).toMatchObject({ choice: "no", weight: { aergo: "50" } });
    sealThrough(chain, created.endHeight - 1);
    expect(chain.node.getProposal(id)!.status).toBe("open");
    sealThrough(chain, created.endHeight);
    const closed = chain.node.getProposal(id)!;
    expect(closed).toMatchObject({ status: "enacted", reason: null, closedAt: created.endHeight });
    expect(chain.node.getNamePrice({ height: created.endHeight }).price.aergo).toBe("2");
    expect(chain.node.getNamePrice({ height: created.endHeight - 1 }).price.aergo).toBe("1");
    expect(chain.node.getProposal(id, { height: created.endHeight - 1 })!.status).toBe("open");
    // The enacted price is the one the name transaction must pay.
    await expect(chain.node.submitTx(chain.tx(carol, "name", { to: NAME_ACCOUNT, amount: aergo(1), payload: { op: "register", name: "carol.gov" } }).bytes)).rejects.toMatchObject({ code: "INVALID_AMOUNT" });
    chain.resetNonces();
    expect((await chain.node.submitTx(chain.tx(carol, "name", { to: NAME_ACCOUNT, amount: aergo(2), payload: { op: "register", name: "carol.gov" } }).bytes)).status).toBe("success");
    // The end block re-executes to the same roots: enactment is part of the block executor.
    expect(chain.node.verifyBlock(created.endHeight).status).toBe("verified");
    await chain.node.close();
  });

  it("rejects a proposal without quorum or without a majority, and sets the hub fee when enacted", async () => {
    const chain = await staked();
    const lowTurnout = (await propose(chain, bob, "hubFeeBps", 100n)).txHash;
    await voteOn(chain, bob, lowTurnout, "yes"); // 50 AERGO < the quorum of 100
    const against = (await propose(chain, alice, "hubFeeBps", 300n)).txHash;
    await voteOn(chain, alice, against, "no");
    await voteOn(chain, bob, against, "yes");
    const passes = (await propose(chain, alice, "hubFeeBps", 150n)).txHash;
    await voteOn(chain, alice, passes, "yes");
    chain.next();
    const end = chain.node.getProposal(passes)!.endHeight;
    sealThrough(chain, end);
    expect(chain.node.getProposal(lowTurnout)).toMatchObject({ status: "rejected", reason: "NO_QUORUM" });
    expect(chain.node.getProposal(against)).toMatchObject({ status: "rejected", reason: "MAJORITY_AGAINST" });
    expect(chain.node.getProposal(passes)).toMatchObject({ status: "enacted" });
    expect(chain.node.getGovernanceParams()).toMatchObject({ hubFeeBps: 150 });
    expect(chain.node.getGovernanceParams({ height: end - 1 })).toMatchObject({ hubFeeBps: DEFAULT_HUB_FEE_BPS });
    expect(readHubFeeBps(() => null)).toBe(DEFAULT_HUB_FEE_BPS);
    expect(PROPOSAL_QUORUM).toBe(100n * AER_PER_AERGO);
    // Listed newest first with their numbers.
    expect(chain.node.getProposals().proposals.map((p) => p.number)).toEqual([3, 2, 1]);
    expect(chain.node.getProposals({ offset: 1, limit: 1 }).proposals.map((p) => p.id)).toEqual([against]);
    await chain.node.close();
  });

  it("counts a voter once: a new ballot replaces the earlier one, weighted by the stake at the time", async () => {
    const chain = await staked();
    const id = (await propose(chain, alice, "namePrice", 0n)).txHash;
    await voteOn(chain, bob, id, "yes");
    await send(chain, bob, "stake", { amount: aergo(25) });
    await voteOn(chain, bob, id, "no");
    expect(chain.node.getProposal(id)).toMatchObject({ yes: { aergo: "0" }, no: { aergo: "75" }, voters: 1 });
    await chain.node.close();
  });

  it("refuses bad govern transactions and locked unstakes with a clear code: not included, no fee, nothing changed", async () => {
    const chain = await staked();
    const id = (await propose(chain, alice, "namePrice", aergo(3))).txHash;
    await voteOn(chain, alice, id, "yes");
    chain.next();
    const refusals: [() => Promise<unknown>, string, typeof alice][] = [
      [() => propose(chain, carol, "namePrice", 1n), "FORBIDDEN", carol], // no stake
      [() => voteOn(chain, carol, id, "yes"), "FORBIDDEN", carol],
      [() => propose(chain, alice, "gasPrice", 1n), "INVALID_PAYLOAD", alice],
      [() => propose(chain, alice, "hubFeeBps", 501n), "INVALID_PAYLOAD", alice],
      [() => propose(chain, alice, "namePrice", aergo(1_000_001)), "INVALID_PAYLOAD", alice],
      [() => send(chain, alice, "govern", { payload: { op: "propose", param: "namePrice", value: "-1" } }), "INVALID_PAYLOAD", alice],
      [() => send(chain, alice, "govern", { payload: { op: "vote", proposal: id, choice: "maybe" } }), "INVALID_PAYLOAD", alice],
      [() => send(chain, alice, "govern", { payload: "not an object" }), "INVALID_PAYLOAD", alice],
      [() => send(chain, alice, "govern", { amount: 1n, payload: { op: "vote", proposal: id, choice: "no" } }), "INVALID_AMOUNT", alice],
      [() => send(chain, alice, "govern", { to: bob.address, payload: { op: "vote", proposal: id, choice: "no" } }), "INVALID_ADDRESS", alice],
      [() => voteOn(chain, alice, "4kZ6ZzfXNLrYpUqjWqxNFa2Kj2rmeqVtszXnBp7NVNkx", "yes"), "NOT_FOUND", alice],
      [() => send(chain, alice, "unstake", { amount: aergo(1) }), "STAKE_LOCKED", alice],
    ];
    for (const [attempt, code, key] of refusals) {
      const before = snapshot(chain, key);
      await expect(attempt(), code).rejects.toMatchObject({ code });
      chain.resetNonces();
      expect(snapshot(chain, key)).toEqual(before);
    }
    // After the end block the stake is free again, and votes are refused.
    sealThrough(chain, chain.node.getProposal(id)!.endHeight);
    const before = snapshot(chain);
    await expect(voteOn(chain, alice, id, "no")).rejects.toMatchObject({ code: "PROPOSAL_CLOSED" });
    chain.resetNonces();
    expect(snapshot(chain)).toEqual(before);
    expect((await send(chain, alice, "unstake", { amount: aergo(1) })).status).toBe("success");
    await chain.node.close();
  });

  it("is refused on a PoA chain: a repository's parameters are its admins'", async () => {
    const chain = await staked({ consensus: "poa" });
    await expect(propose(chain, alice, "namePrice", 1n)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await chain.node.close();
  });

  it("survives a restart: sealed and journaled votes come back, and the enacting block re-executes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-gov-"));
    try {
      const first = await staked({ store: createLmdbStore(dir) });
      const id = (await propose(first, alice, "namePrice", aergo(5))).txHash;
      await voteOn(first, bob, id, "yes");
      first.next();
      await voteOn(first, alice, id, "yes"); // answered, in the journal only
      await first.node.close();
      const second = await createTestChain({ store: createLmdbStore(dir), startAt: first.now });
      expect(second.node.getProposal(id)).toMatchObject({ yes: { aergo: "350" }, voters: 2 });
      const end = second.node.getProposal(id)!.endHeight;
      sealThrough(second, end);
      expect(second.node.getProposal(id)).toMatchObject({ status: "enacted", closedAt: end });
      expect(second.node.getNamePrice().price.aergo).toBe("5");
      for (let h = end - 2; h <= end; h++) expect(second.node.verifyBlock(h).status).toBe("verified");
      await second.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is deterministic: twin chains fed the same govern transactions agree on every root, enactment included", async () => {
    const [a, b] = [await staked(), await staked()];
    for (const c of [a, b]) {
      const id = (await propose(c, alice, "hubFeeBps", 42n)).txHash;
      await voteOn(c, alice, id, "yes");
      await voteOn(c, bob, id, "no");
    }
    for (let i = 0; i < 12; i++) expect(a.next()!.block.stateRoot).toBe(b.next()!.block.stateRoot);
    expect(a.node.getGovernanceParams().hubFeeBps).toBe(42);
    await Promise.all([a.node.close(), b.node.close()]);
  });
});

describe("producer elections", () => {
  it("a vote for a standby candidate makes it a producer at the next epoch, and the change is reported", async () => {
    const chain = await staked();
    const standby = chain.net.producerKeys[3]!.address;
    expect(chain.node.info().producers.map((p) => p.address)).not.toContain(standby);
    await send(chain, alice, "vote", { payload: [standby] });
    chain.next();
    expect(chain.node.info().candidates[0]).toMatchObject({ address: standby, votes: { aergo: "300" } });
    const epochLength = chain.net.genesis.consensus.epochLength;
    sealThrough(chain, (chain.node.info().epoch + 1) * epochLength);
    expect(chain.node.info().producers.map((p) => p.address)).toContain(standby);
    const [latest] = chain.node.producerChanges({ epochs: 2 });
    expect(latest).toMatchObject({ joined: [standby] });
    expect(latest!.left).toHaveLength(1);
    expect(chain.node.getStaking(alice.address)).toMatchObject({ staked: { aergo: "300" }, votes: [standby], lockedUntil: 0 });
    await chain.node.close();
  });
});
