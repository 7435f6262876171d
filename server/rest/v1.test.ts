/**
 * The Aergo-compatible REST API over real HTTP, against the hub process (API only): every
 * endpoint under its Aergo parameter names, and every kind of bad input answered with a 4xx
 * `{ error: { code, message } }` that changes nothing.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { decodeHash, fromHex, toHex } from "../../chain/crypto/hash.ts";
import { devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import type { SealedBlock, TxLookup } from "../../chain/node/types.ts";
import { proofFromJSON, verifyProof } from "../../chain/state/proof.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, AccountProofJSON, ChainInfoJSON, ReceiptJSON } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HttpAnswer, type HubProcess } from "../testing/hubProcess.ts";
import { sendTxBody } from "../testing/transfers.ts";

const PORT = 3192;
const dev1 = devKeyPair("dev-1");
const dev2 = devKeyPair("dev-2");
const pauper = devKeyPair("v1-test-pauper");
const UNKNOWN_HASH = "4Yq2wpkCDHsXPsGmKLPjP5brwRw9xFxvaRrDQ2iPzKpd";
const MALFORMED_ADDRESS = "AmNotAnAddressAtAll1111111111111111111111111";
const JSON_TYPE = { "content-type": "application/json" };

let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;

async function get<T>(pathAndQuery: string): Promise<T> {
  const answer = await hub.request(pathAndQuery);
  if (answer.status !== 200) throw new Error(`GET ${pathAndQuery} answered ${answer.status}: ${answer.text}`);
  return answer.json as T;
}

function postJson(pathAndQuery: string, body: string): Promise<HttpAnswer> {
  return hub.request(pathAndQuery, { method: "POST", body, headers: JSON_TYPE });
}

function transfer(opts: { key?: KeyPair; nonce?: number; amount?: bigint; chainIdHash?: string; to?: string } = {}) {
  const key = opts.key ?? dev1;
  return buildTx({
    type: "transfer",
    key,
    chainIdHash: opts.chainIdHash ?? info.chainIdHash,
    nonce: opts.nonce ?? 0,
    to: opts.to ?? dev2.address,
    amount: opts.amount ?? AER_PER_AERGO,
    gasPrice: BigInt(info.minGasPrice.aer),
  });
}

async function nextNonce(key: KeyPair = dev1): Promise<number> {
  return (await get<AccountJSON>(`/v1/getState?account=${key.address}`)).nonce + 1;
}

/**
 * What a refused request must leave as it was, read so that a block sealed between two reads
 * changes none of it (the hub keeps sealing every 200 ms): each account's latest balance and
 * nonce (answered transactions included, so a seal moves them from the pool into a block without
 * changing them), and the chain's head height with its pool size, read in one answer.
 */
async function chainAndAccounts(keys: readonly KeyPair[] = [dev1]) {
  const accounts: Record<string, { balance: string; nonce: number }> = {};
  for (const key of keys) {
    const account = await get<AccountJSON>(`/v1/getState?account=${key.address}`);
    accounts[key.address] = { balance: account.balance.aer, nonce: account.nonce };
  }
  const chain = await get<ChainInfoJSON>("/v1/getChainInfo");
  return { accounts, nonce: accounts[keys[0]!.address]!.nonce, balance: accounts[keys[0]!.address]!.balance, height: chain.height, pendingTxs: chain.pendingTxs };
}

/**
 * Nothing was accepted since `before`: the same balances and nonces, and every transaction pending
 * then is either still pending or in a block sealed since, with none added: pending now plus the
 * txs of the blocks sealed since equals what was pending then, whenever the blocks were sealed.
 */
async function expectNothingAccepted(before: Awaited<ReturnType<typeof chainAndAccounts>>, keys: readonly KeyPair[] = [dev1]) {
  const after = await chainAndAccounts(keys);
  expect(after.accounts).toEqual(before.accounts);
  let sealedSince = 0;
  for (let h = before.height + 1; h <= after.height; h++) sealedSince += (await get<SealedBlock>(`/v1/getBlock?number=${h}`)).block.txCount;
  expect(after.pendingTxs + sealedSince, `pending at height ${before.height}: ${before.pendingTxs}; at ${after.height}: ${after.pendingTxs}, with ${sealedSince} sealed in between`).toBe(before.pendingTxs);
}

function expectError(answer: HttpAnswer, status: number, code: string, message?: RegExp) {
  expect({ status: answer.status, code: (answer.json as { error?: { code?: string } } | undefined)?.error?.code }, answer.text).toEqual({ status, code });
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  const error = (answer.json as { error: { code: string; message: string } }).error;
  expect(Object.keys(error).sort()).toEqual(["code", "message"]);
  expect(error.message.length).toBeGreaterThan(10);
  if (message) expect(error.message).toMatch(message);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-v1-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "200" } });
  info = await get<ChainInfoJSON>("/v1/getChainInfo");
  await waitUntil("dev-1 to be funded", async () => ((await get<AccountJSON>(`/v1/getState?account=${dev1.address}`)).balance.aer !== "0" ? true : undefined));
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the /v1 endpoints, by their Aergo names", () => {
  it("getChainInfo describes the chain", async () => {
    expect(info).toMatchObject({ chainId: "aergo/main", consensus: "dpos", blockIntervalMs: 200, devNetwork: true, totalSupply: { aergo: "500000000" } });
    expect(decodeHash(info.chainIdHash)).toHaveLength(32);
  });

  it("sendSignedTransaction takes hex in JSON or raw bytes, answers the receipt, and getTx, getReceipt and getBlock?number|hash find it", async () => {
    const byJson = transfer({ nonce: await nextNonce() });
    const sent = await postJson("/v1/sendSignedTransaction", sendTxBody(byJson));
    expect(sent.status, sent.text).toBe(200);
    expect(sent.json).toMatchObject({ txHash: byJson.hashText, status: "success", blockHeight: null });

    const byBytes = transfer({ nonce: byJson.nonce + 1, amount: 2n * AER_PER_AERGO });
    const raw = await hub.request("/v1/sendSignedTransaction?wait=block", {
      method: "POST",
      body: Buffer.from(byBytes.bytes),
      headers: { "content-type": "application/octet-stream" },
    });
    expect(raw.status, raw.text).toBe(200);
    const sealedReceipt = raw.json as ReceiptJSON;
    expect(sealedReceipt).toMatchObject({ txHash: byBytes.hashText, status: "success" });
    expect(sealedReceipt.blockHeight).toBeGreaterThan(0);

    const lookup = await get<TxLookup>(`/v1/getTx?hash=${byBytes.hashText}`);
    expect(lookup.tx).toMatchObject({ hash: byBytes.hashText, from: dev1.address, to: dev2.address, amount: { aergo: "2" }, nonce: byBytes.nonce });
    expect(["sealed", "final"]).toContain(lookup.state);
    expect(await get<ReceiptJSON>(`/v1/getReceipt?hash=${byBytes.hashText}`)).toEqual(lookup.receipt);

    const byNumber = await get<SealedBlock>(`/v1/getBlock?number=${sealedReceipt.blockHeight}`);
    expect(byNumber.block.hash).toBe(sealedReceipt.blockHash);
    expect(byNumber.block.txs.map((t) => t.hash)).toContain(byBytes.hashText);
    expect(await get<SealedBlock>(`/v1/getBlock?hash=${byNumber.block.hash}`)).toEqual(byNumber);
  });

  it("getBalance and getState read an account now or at a height; getState&proof=true verifies against its header", async () => {
    const balance = await get<{ address: string; balance: { aer: string }; nonce: number; height: number }>(`/v1/getBalance?account=${dev1.address}`);
    expect(Object.keys(balance).sort()).toEqual(["address", "balance", "height", "nonce"]);
    expect(balance.address).toBe(dev1.address);
    expect(await get<AccountJSON>(`/v1/getState?account=${dev1.address}&height=0`)).toMatchObject({ balance: { aer: "0" }, nonce: 0, height: 0 });

    const proved = await get<AccountProofJSON>(`/v1/getState?account=${dev1.address}&proof=true&height=1`);
    expect(proved.header.height).toBe(1);
    expect(verifyProof(decodeHash(proved.header.stateRoot), fromHex(proved.key), proved.valueHash ? fromHex(proved.valueHash) : null, proofFromJSON(proved.proof))).toBe(true);
  });

  it("faucet sends AERGO to an address", async () => {
    const to = devKeyPair("v1-test-faucet").address;
    const answer = await postJson("/v1/faucet", JSON.stringify({ address: to, amount: "1.25" }));
    expect(answer.status, answer.text).toBe(200);
    expect((await get<AccountJSON>(`/v1/getState?account=${to}`)).balance.aergo).toBe("1.25");
  });

  it("faucet serves several requests arriving at once, each with its own nonce", async () => {
    const targets = [1, 2, 3, 4, 5].map((i) => devKeyPair(`v1-test-faucet-burst-${i}`).address);
    const answers = await Promise.all(targets.map((address) => postJson("/v1/faucet", JSON.stringify({ address, amount: "2" }))));
    expect(answers.map((a) => a.status)).toEqual(targets.map(() => 200));
    for (const address of targets) expect((await get<AccountJSON>(`/v1/getState?account=${address}`)).balance.aergo).toBe("2");
  });

  it("answers a malformed %-escape in a URL with 400, not a page error", async () => {
    expectError(await hub.request("/address/%ZZ"), 400, "BAD_REQUEST");
  });
});

describe("bad input to /v1", () => {
  it("gets a 4xx error and changes nothing: malformed JSON, non-hex, truncated bytes, bad signature, wrong chain, nonce, funds, size", async () => {
    const touched = [dev1, dev2, pauper];
    const before = await chainAndAccounts(touched);
    const nonce = before.nonce + 1;
    const good = transfer({ nonce });
    const wrongChain = buildTx({ type: "transfer", key: dev1, chainIdHash: fromHex(toHex(new Uint8Array(32).fill(7))), nonce, to: dev2.address, amount: 1n, gasPrice: BigInt(info.minGasPrice.aer) });
    const used = transfer({ nonce: nonce - 1, amount: 7n }); // an amount no tx of this file sends: a hash of its own
    const ahead = transfer({ nonce: nonce + 1 });
    const tooMuch = transfer({ nonce, amount: BigInt(before.balance) });
    const fromPauper = transfer({ key: pauper, nonce: 1 });
    const forged = good.bytes.slice();
    forged[forged.length - 1] = forged[forged.length - 1]! ^ 1;
    const send = (body: string) => postJson("/v1/sendSignedTransaction", body);

    expectError(await send("{ not json"), 400, "BAD_REQUEST", /not valid JSON/);
    expectError(await send(JSON.stringify({ transaction: toHex(good.bytes) })), 400, "BAD_REQUEST");
    expectError(await send(JSON.stringify({ tx: "zz-not-hex" })), 400, "BAD_REQUEST");
    expectError(await send(JSON.stringify({ tx: "abc" })), 400, "BAD_REQUEST");
    expectError(await send(sendTxBody(good.bytes.subarray(0, good.bytes.length - 7))), 400, "MALFORMED_TX");
    expectError(await send(sendTxBody(forged)), 400, "BAD_SIGNATURE");
    expectError(await send(sendTxBody(wrongChain)), 400, "WRONG_CHAIN");
    expectError(await send(sendTxBody(used)), 409, "NONCE_TOO_LOW");
    expectError(await send(sendTxBody(ahead)), 400, "NONCE_TOO_HIGH");
    expectError(await send(sendTxBody(tooMuch)), 400, "INSUFFICIENT_BALANCE", /short of amount \+ fee/);
    expectError(await send(sendTxBody(fromPauper)), 400, "INSUFFICIENT_BALANCE");
    expectError(await send(JSON.stringify({ tx: toHex(good.bytes), wait: "forever" })), 400, "BAD_REQUEST");

    // Over 200 KiB, as hex in JSON and as raw bytes.
    const oversized = new Uint8Array(200 * 1024 + 1).fill(1);
    expectError(await send(sendTxBody(oversized)), 413, "TX_TOO_LARGE");
    const rawOversized = await hub.request("/v1/sendSignedTransaction", { method: "POST", body: Buffer.from(oversized), headers: { "content-type": "application/octet-stream" } });
    expectError(rawOversized, 413, "TX_TOO_LARGE");
    // Past the body limit too: the answer is a 413, not a reset connection.
    const overBodyLimit = await hub.request("/v1/sendSignedTransaction", { method: "POST", body: Buffer.alloc(600 * 1024, 1), headers: { "content-type": "application/octet-stream" } });
    expectError(overBodyLimit, 413, "TX_TOO_LARGE", /request body is over/);

    // Compared so that blocks sealed meanwhile do not matter: no refused tx is known, no account
    // moved, and no tx joined the pool.
    for (const tx of [good, wrongChain, used, ahead, tooMuch, fromPauper]) expectError(await hub.request(`/v1/getTx?hash=${tx.hashText}`), 404, "NOT_FOUND");
    await expectNothingAccepted(before, touched);
    // The hub keeps answering: the good transaction still goes through.
    const accepted = await send(sendTxBody(good));
    expect(accepted.status, accepted.text).toBe(200);
    expect((await chainAndAccounts()).nonce).toBe(nonce);
  });

  it("gets 404 for an unknown hash, height or endpoint, and 400 for a malformed address, height or a missing parameter", async () => {
    expectError(await hub.request(`/v1/getTx?hash=${UNKNOWN_HASH}`), 404, "NOT_FOUND");
    expectError(await hub.request(`/v1/getReceipt?hash=${UNKNOWN_HASH}`), 404, "NOT_FOUND");
    expectError(await hub.request(`/v1/getBlock?hash=${UNKNOWN_HASH}`), 404, "NOT_FOUND");
    expectError(await hub.request("/v1/getBlock?number=999999999"), 404, "NOT_FOUND");
    expectError(await hub.request(`/v1/getState?account=${dev1.address}&height=999999999`), 404, "NOT_FOUND");
    expectError(await hub.request("/v1/getBlocks"), 404, "NOT_FOUND", /no endpoint/);
    expectError(await hub.request("/v1/"), 404, "NOT_FOUND");

    // A malformed hash is a 400 that names the rule, never a 404 that echoes the input (a fuzzed
    // 5,000-character hash came back whole in the message).
    for (const endpoint of ["getTx", "getReceipt", "getBlock"]) {
      for (const bad of ["A".repeat(5000), "0OIl", `${UNKNOWN_HASH}1`]) {
        const answer = await hub.request(`/v1/${endpoint}?hash=${bad}`);
        expectError(answer, 400, "BAD_REQUEST", /"hash" must be a hash: base58 of 32 bytes/);
        expect(answer.text.length).toBeLessThan(300);
      }
    }

    expectError(await hub.request(`/v1/getBalance?account=${MALFORMED_ADDRESS}`), 400, "INVALID_ADDRESS");
    expectError(await hub.request(`/v1/getState?account=${MALFORMED_ADDRESS}&proof=true`), 400, "INVALID_ADDRESS");
    expectError(await hub.request("/v1/getBlock?number=-1"), 400, "BAD_REQUEST");
    expectError(await hub.request("/v1/getBlock?number=12abc"), 400, "BAD_REQUEST");
    expectError(await hub.request("/v1/getBlock"), 400, "BAD_REQUEST", /"hash" is required/);
    expectError(await hub.request("/v1/getTx"), 400, "BAD_REQUEST", /"hash" is required/);
    expectError(await hub.request("/v1/getBalance"), 400, "BAD_REQUEST", /"account" is required/);
    expectError(await postJson("/v1/faucet", JSON.stringify({ address: MALFORMED_ADDRESS })), 400, "INVALID_ADDRESS");
    expectError(await postJson("/v1/faucet", JSON.stringify({ address: dev2.address, amount: "1000000" })), 400, "INVALID_AMOUNT");
  });

  it("gets 400 for the wrong method, and the hub keeps answering", async () => {
    expectError(await hub.request("/v1/getChainInfo", { method: "POST", body: "{}", headers: JSON_TYPE }), 400, "BAD_REQUEST", /Use GET/);
    expectError(await hub.request("/v1/sendSignedTransaction"), 400, "BAD_REQUEST", /Use POST/);
    expectError(await hub.request("/v1/faucet", { method: "PUT", body: "{}", headers: JSON_TYPE }), 400, "BAD_REQUEST", /Use POST/);
    expect((await hub.request("/healthz")).status).toBe(200);
    expect((await hub.request("/v1/getChainInfo")).status).toBe(200);
  });
});
