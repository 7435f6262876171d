/**
 * The tRPC routers through createCaller on a real in-process hub (engine on LMDB, PGlite index):
 * the shapes each procedure documents, and the tRPC code each kind of bad input gets.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { decodeHash, fromHex, toHex } from "../../chain/crypto/hash.ts";
import { callPayloadBytes, deployPayloadBytes } from "../../chain/exec/contractPayload.ts";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { ROOT_REPO } from "../../chain/repo/names.ts";
import { proofFromJSON, verifyProof } from "../../chain/state/proof.ts";
import { decodeAccount } from "../../chain/state/account.ts";
import { buildTx, contractGasLimit } from "../../chain/tx/buildTx.ts";
import { base64 } from "@scure/base";
import { createSqlEngine } from "../../chain/sql/index.ts";
import { simulate } from "../../chain/sql/simulate.ts";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import type { HubConfig } from "../config.ts";
import { createHub } from "../hub/createHub.ts";
import type { Hub } from "../hub/types.ts";
import { waitUntil } from "../testing/hubProcess.ts";
import { createCaller } from "./root.ts";
import { createTrpcContext } from "./trpc.ts";

const dev1 = devKeyPair("dev-1");
const dev2 = devKeyPair("dev-2");
const newcomer = devKeyPair("routers-test-newcomer").address;
const MALFORMED_ADDRESS = "AmNotAnAddressAtAll1111111111111111111111111";
const UNKNOWN_HASH = "4Yq2wpkCDHsXPsGmKLPjP5brwRw9xFxvaRrDQ2iPzKpd";

let dataDir: string;
let hub: Hub;
let caller: ReturnType<typeof createCaller>;

async function expectTrpcError(call: Promise<unknown>, code: TRPC_ERROR_CODE_KEY, message?: RegExp) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}, the call succeeded`).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  if (message) expect((error as TRPCError).message).toMatch(message);
}

function transfer(from = dev1, opts: { nonce?: number; amount?: bigint; to?: string } = {}) {
  return buildTx({
    type: "transfer",
    key: from,
    chainIdHash: hub.node.chainIdHash,
    nonce: opts.nonce ?? hub.node.getAccount(from.address).nonce + 1,
    to: opts.to ?? dev2.address,
    amount: opts.amount ?? AER_PER_AERGO,
    gasPrice: hub.node.genesis.minGasPrice,
  });
}

/**
 * What a refused transaction must leave as it was, read so that a block sealed in between changes
 * none of it (the hub seals every 200 ms): the sender's latest balance and nonce (answered
 * transactions included: a seal moves them into a block without changing them), and the head
 * height with the pool's size, read together.
 */
function chainAndSender() {
  const a = hub.node.getAccount(dev1.address);
  const info = hub.node.info();
  return { balance: a.balance.aer, nonce: a.nonce, height: info.height, pendingTxs: info.pendingTxs };
}

/** Nothing was accepted since `before`: the same sender state, and what was pending then is pending now or in a block sealed since, with nothing added. */
function expectNothingAccepted(before: ReturnType<typeof chainAndSender>) {
  const after = chainAndSender();
  expect({ balance: after.balance, nonce: after.nonce }).toEqual({ balance: before.balance, nonce: before.nonce });
  let sealedSince = 0;
  for (let h = before.height + 1; h <= after.height; h++) sealedSince += hub.node.getBlock(h)!.block.txCount;
  expect(after.pendingTxs + sealedSince, `pending at height ${before.height}: ${before.pendingTxs}; at ${after.height}: ${after.pendingTxs}, with ${sealedSince} sealed in between`).toBe(before.pendingTxs);
}

async function sealedAndIndexed(txHash: string): Promise<number> {
  const height = await waitUntil("the tx to be sealed", () => hub.node.getTx(txHash)?.receipt.blockHeight ?? undefined);
  await hub.indexer.whenIndexed(height);
  return height;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-routers-"));
  const config: HubConfig = { port: 0, host: "127.0.0.1", dataDir, databaseUrl: undefined, web: false, dev: false, blockIntervalMs: 200, devNetwork: true, publicUrl: undefined, trustedProxies: [] };
  hub = await createHub(config, () => {});
  caller = createCaller(createTrpcContext(hub));
  await waitUntil("dev-1 to be funded", () => (hub.node.getAccount(dev1.address).balance.aer !== "0" ? true : undefined));
});

afterAll(async () => {
  await hub?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("chain", () => {
  it("info describes the dev network: chain id, head, producers, supply and minimum gas price", async () => {
    const info = await caller.chain.info();
    expect(info).toMatchObject({ chainId: "aergo/main", chainIdHash: hub.node.chainIdHash, consensus: "dpos", blockIntervalMs: 200, devNetwork: true });
    expect(info.height).toBeGreaterThanOrEqual(1);
    expect(decodeHash(info.headHash)).toHaveLength(32);
    expect(info.producers).toHaveLength(3);
    expect(info.producers[0]).toMatchObject({ address: expect.stringMatching(/^A/), online: true, label: expect.stringMatching(/^producer-/) });
    expect(info.totalSupply).toEqual({ aer: (500_000_000n * AER_PER_AERGO).toString(), aergo: "500000000" });
    expect(info.minGasPrice.aer).toBe(hub.node.genesis.minGasPrice.toString());
  });

  it("indexStats, throughput and blocks.list read the index: counts, oldest-first series, newest-first pages", async () => {
    const head = hub.node.headHeight();
    await hub.indexer.whenIndexed(head);
    const stats = await caller.chain.indexStats();
    expect(stats.lastIndexedHeight).toBeGreaterThanOrEqual(head);
    expect(stats.blocks).toBe(stats.lastIndexedHeight + 1);
    expect(stats.lastIndexedHash).toBe(hub.node.getBlock(stats.lastIndexedHeight)!.block.hash);

    // The indexer goes on with new blocks between these reads: each answer ends at the newest
    // block indexed when it was read, at or past the one the stats named.
    const series = await caller.chain.throughput({ blocks: 3 });
    expect(series).toHaveLength(3);
    const newest = series[2]!.height;
    expect(newest).toBeGreaterThanOrEqual(stats.lastIndexedHeight);
    expect(series.map((p) => p.height)).toEqual([newest - 2, newest - 1, newest]);
    expect(series[0]).toEqual({ height: expect.any(Number), timestamp: expect.any(Number), txCount: expect.any(Number) });

    const page = await caller.blocks.list({ limit: 2 });
    const top = page[0]!.height;
    expect(top).toBeGreaterThanOrEqual(newest);
    expect(page.map((b) => b.height)).toEqual([top, top - 1]);
    expect(page[0]).toMatchObject({ hash: hub.node.getBlock(top)!.block.hash, txCount: expect.any(Number), fees: { aer: expect.any(String), aergo: expect.any(String) } });
    expect(page[0]).not.toHaveProperty("txs");
    const next = await caller.blocks.list({ beforeHeight: page[1]!.height, limit: 2 });
    expect(next[0]!.height).toBe(page[1]!.height - 1);
    await expectTrpcError(caller.blocks.list({ limit: 0 }), "BAD_REQUEST");
  });
});

describe("blocks.get", () => {
  it("returns a sealed block with its receipts by height, by a height string and by hash", async () => {
    const byHeight = await caller.blocks.get({ id: 1 });
    expect(byHeight.block.height).toBe(1);
    expect(byHeight.receipts).toHaveLength(byHeight.block.txs.length);
    expect(await caller.blocks.get({ id: "1" })).toEqual(byHeight);
    expect(await caller.blocks.get({ id: byHeight.block.hash })).toEqual(byHeight);
  });

  it("answers NOT_FOUND for a height beyond the head and for an unknown or malformed hash", async () => {
    await expectTrpcError(caller.blocks.get({ id: 10 ** 9 }), "NOT_FOUND", /No block 1000000000/);
    await expectTrpcError(caller.blocks.get({ id: UNKNOWN_HASH }), "NOT_FOUND");
    await expectTrpcError(caller.blocks.get({ id: "not-a-hash" }), "NOT_FOUND");
    await expectTrpcError(caller.blocks.get({ id: -1 }), "BAD_REQUEST");
  });
});

describe("transactions", () => {
  // How fast the receipt comes is a benchmark figure (npm run bench: "receipt latency"), not a test.
  it("send answers a signed transfer with its receipt before its block; then blocks.get, get, recent and the account's txs show it", async () => {
    const tx = transfer(dev1, { to: newcomer, amount: 3n * AER_PER_AERGO });
    const receipt = await caller.transactions.send({ tx: toHex(tx.bytes) });
    // No block in the answer: it was given before the block. A block may seal it any moment after.
    expect(receipt).toMatchObject({ txHash: tx.hashText, status: "success", error: null, gasUsed: 100_000, blockHeight: null, blockHash: null });
    const justAfter = await caller.transactions.get({ hash: tx.hashText });
    expect(["pending", "sealed", "final"]).toContain(justAfter.state);
    if (justAfter.state === "pending") expect(justAfter.receipt).toEqual(receipt);

    const height = await sealedAndIndexed(tx.hashText);
    const sealed = await caller.blocks.get({ id: height });
    const index = sealed.block.txs.findIndex((t) => t.hash === tx.hashText);
    expect(index).toBeGreaterThanOrEqual(0);
    expect(sealed.receipts[index]).toEqual({ ...receipt, blockHeight: height, blockHash: sealed.block.hash, txIndex: index });
    const found = await caller.transactions.get({ hash: tx.hashText });
    expect(found.state === "sealed" || found.state === "final").toBe(true);
    expect(found.tx).toMatchObject({ hash: tx.hashText, from: dev1.address, to: newcomer, amount: { aergo: "3" }, type: "transfer" });

    const recent = await caller.transactions.recent({ limit: 50 });
    expect(recent.map((t) => t.hash)).toContain(tx.hashText);
    const [mine] = await caller.accounts.txs({ address: newcomer });
    expect(mine).toMatchObject({ hash: tx.hashText, blockHeight: height, status: "success", amount: { aergo: "3" }, from: dev1.address, to: newcomer });
    expect(await caller.accounts.activity({ address: newcomer })).toMatchObject({ address: newcomer, balance: { aergo: "3" }, txCount: 1, firstSeenHeight: height });
    expect(await caller.accounts.search({ q: tx.hashText })).toEqual({ kind: "tx", id: tx.hashText, repo: ROOT_REPO });
    expect(await caller.accounts.search({ q: String(height) })).toEqual({ kind: "block", id: String(height), repo: ROOT_REPO });
  });

  it("send with wait: block answers once the block is sealed, with its height", async () => {
    const receipt = await caller.transactions.send({ tx: toHex(transfer().bytes), wait: "block" });
    expect(receipt.blockHeight).toBeGreaterThan(0);
    expect((await caller.blocks.get({ id: receipt.blockHeight! })).block.hash).toBe(receipt.blockHash);
  });

  it("send refuses a replay and a used nonce with CONFLICT, and changes nothing", async () => {
    const tx = transfer();
    await caller.transactions.send({ tx: toHex(tx.bytes) });
    const before = chainAndSender();
    await expectTrpcError(caller.transactions.send({ tx: toHex(tx.bytes) }), "CONFLICT", /already accepted/);
    const sameNonce = transfer(dev1, { nonce: tx.nonce, amount: 2n * AER_PER_AERGO });
    await expectTrpcError(caller.transactions.send({ tx: toHex(sameNonce.bytes) }), "CONFLICT", /nonce/);
    expect(hub.node.getTx(sameNonce.hashText)).toBeUndefined();
    expectNothingAccepted(before);
  });

  it("send refuses non-hex, odd-length hex, truncated bytes, a bad signature and a nonce ahead with BAD_REQUEST, and changes nothing", async () => {
    const before = chainAndSender();
    const bytes = transfer().bytes;
    const forged = bytes.slice();
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 1;
    await expectTrpcError(caller.transactions.send({ tx: "not hex" }), "BAD_REQUEST");
    await expectTrpcError(caller.transactions.send({ tx: "abc" }), "BAD_REQUEST");
    await expectTrpcError(caller.transactions.send({ tx: toHex(bytes.subarray(0, bytes.length - 10)) }), "BAD_REQUEST", /malformed/);
    await expectTrpcError(caller.transactions.send({ tx: toHex(forged) }), "BAD_REQUEST", /signature/);
    const ahead = transfer(dev1, { nonce: before.nonce + 5 });
    await expectTrpcError(caller.transactions.send({ tx: toHex(ahead.bytes) }), "BAD_REQUEST", /ahead/);
    expect(hub.node.getTx(ahead.hashText)).toBeUndefined();
    expectNothingAccepted(before);
  });

  it("get answers NOT_FOUND for an unknown hash and BAD_REQUEST for a malformed one", async () => {
    await expectTrpcError(caller.transactions.get({ hash: UNKNOWN_HASH }), "NOT_FOUND");
    await expectTrpcError(caller.transactions.get({ hash: "abc" }), "BAD_REQUEST");
  });
});

describe("accounts", () => {
  it("get reads the latest state (answered transactions included) or the state after a past block", async () => {
    const latest = await caller.accounts.get({ address: dev1.address });
    expect(latest).toMatchObject({ address: dev1.address, staked: { aer: "0" }, votes: [] });
    expect(BigInt(latest.balance.aer)).toBeGreaterThan(0n);
    const genesis = await caller.accounts.get({ address: dev1.address, height: 0 });
    expect(genesis).toMatchObject({ balance: { aer: "0" }, nonce: 0, height: 0, pending: false });
    await expectTrpcError(caller.accounts.get({ address: dev1.address, height: 10 ** 9 }), "NOT_FOUND");
  });

  it("proof returns an account with a Merkle proof that verifies against its header's state root", async () => {
    const p = await caller.accounts.proof({ address: dev1.address });
    expect(p.account.address).toBe(dev1.address);
    expect(p.header.stateRoot).toBe(hub.node.getBlock(p.header.height)!.block.stateRoot);
    const proof = proofFromJSON(p.proof);
    expect(verifyProof(decodeHash(p.header.stateRoot), fromHex(p.key), fromHex(p.valueHash!), proof)).toBe(true);
    expect(decodeAccount(fromHex(p.value!)).balance.toString()).toBe(p.account.balance.aer);
  });

  it("get, proof, activity and txs refuse a malformed address with BAD_REQUEST", async () => {
    await expectTrpcError(caller.accounts.get({ address: MALFORMED_ADDRESS }), "BAD_REQUEST");
    await expectTrpcError(caller.accounts.proof({ address: MALFORMED_ADDRESS }), "BAD_REQUEST");
    await expectTrpcError(caller.accounts.activity({ address: MALFORMED_ADDRESS }), "BAD_REQUEST");
    await expectTrpcError(caller.accounts.txs({ address: MALFORMED_ADDRESS }), "BAD_REQUEST");
  });

  it("activity of a valid address never seen is null, and search names an address", async () => {
    const stranger = devKeyPair("routers-test-never-seen").address;
    expect(await caller.accounts.activity({ address: stranger })).toBeNull();
    expect(await caller.accounts.txs({ address: stranger })).toEqual([]);
    expect(await caller.accounts.search({ q: stranger })).toEqual({ kind: "address", id: stranger, repo: ROOT_REPO });
    expect(await caller.accounts.search({ q: "nothing like a hash" })).toBeNull();
  });
});

describe("faucet.request", () => {
  it("sends AERGO from the community allocation and refuses an amount out of range or malformed with BAD_REQUEST", async () => {
    const to = devKeyPair("routers-test-faucet").address;
    const receipt = await caller.faucet.request({ address: to, amount: "2.5" });
    expect(receipt.status).toBe("success");
    expect((await caller.accounts.get({ address: to })).balance.aergo).toBe("2.5");
    await expectTrpcError(caller.faucet.request({ address: to, amount: "0" }), "BAD_REQUEST");
    await expectTrpcError(caller.faucet.request({ address: to, amount: "100001" }), "BAD_REQUEST");
    await expectTrpcError(caller.faucet.request({ address: to, amount: "lots" }), "BAD_REQUEST");
    await expectTrpcError(caller.faucet.request({ address: MALFORMED_ADDRESS }), "BAD_REQUEST");
    expect((await caller.accounts.get({ address: to })).balance.aergo).toBe("2.5");
  });
});

describe("contracts.simulationState", () => {
  it("hands the simulator a contract's source, database and balance at the head; a simulated call then matches the chain's receipt", async () => {
    const deployPayload = deployPayloadBytes(TOKEN_EXAMPLE, ["Sim Token", 1000]);
    const nonce = hub.node.getAccount(dev1.address).nonce + 1;
    const deployTx = buildTx({ type: "deploy", key: dev1, chainIdHash: hub.node.chainIdHash, nonce, gasLimit: contractGasLimit(deployPayload.length), gasPrice: hub.node.genesis.minGasPrice, payload: deployPayload });
    const deployed = await caller.transactions.send({ tx: toHex(deployTx.bytes), wait: "block" });
    const address = deployed.contractAddress!;

    const state = await caller.contracts.simulationState({ address });
    expect(state).toMatchObject({ address, source: TOKEN_EXAMPLE, balanceAer: "0" });
    expect(state.height).toBeGreaterThanOrEqual(deployed.blockHeight!);
    expect(state.nextHeight).toBe(state.height + 1);
    expect(state.timestamp).toBe((await caller.blocks.get({ id: state.height })).block.timestamp);

    const engine = await createSqlEngine();
    const target = { kind: "deployed" as const, address, snapshot: base64.decode(state.snapshot), balanceAer: state.balanceAer };
    const block = { height: state.nextHeight, timestamp: Date.now(), branch: "main" };
    const call = { kind: "procedure" as const, name: "transfer", args: [dev2.address, 250] };
    const sim = await simulate(engine, { source: state.source, target, sender: dev1.address, call, block });
    const callPayload = callPayloadBytes("transfer", call.args);
    const callTx = buildTx({ type: "call", key: dev1, chainIdHash: hub.node.chainIdHash, nonce: nonce + 1, to: address, gasLimit: contractGasLimit(callPayload.length), gasPrice: hub.node.genesis.minGasPrice, payload: callPayload });
    const receipt = await caller.transactions.send({ tx: toHex(callTx.bytes) });
    expect(sim).toMatchObject({ status: "success", gasUsed: receipt.gasUsed, events: [{ name: "Transfer", args: { from: dev1.address, to: dev2.address, amount: 250 } }] });
    expect(sim.diff.map((d) => [d.op, d.key])).toEqual(expect.arrayContaining([["update", dev1.address], ["insert", dev2.address]]));
    engine.close();

    await expectTrpcError(caller.contracts.simulationState({ address: MALFORMED_ADDRESS }), "BAD_REQUEST");
    await expectTrpcError(caller.contracts.simulationState({ address: newcomer }), "NOT_FOUND");
  });
});
