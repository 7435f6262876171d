import { expect, test } from "@playwright/test";
import type { BlockJSON, ReceiptJSON } from "../../chain/types.ts";
import type { TxLookup } from "../../chain/node/types.ts";
import {
  AER_PER_AERGO,
  accountState,
  chainInfo,
  createKeyPair,
  devKeyPair,
  expectApiError,
  getJson,
  sendSignedTransaction,
  sendTransfer,
  signedTransfer,
  toHex,
} from "../support/devChain.ts";

test.describe("Aergo REST API (/v1)", () => {
  test("describes the dev network: chain id, producers, supply and a moving head", async ({ request }) => {
    const info = await chainInfo(request);
    expect(info.chainId).toBe("aergo/main");
    expect(info.consensus).toBe("dpos");
    expect(info.devNetwork).toBe(true);
    expect(info.producers).toHaveLength(3);
    expect(info.candidates.length).toBeGreaterThanOrEqual(info.producers.length);
    expect(info.totalSupply).toEqual({ aer: (500_000_000n * AER_PER_AERGO).toString(), aergo: "500000000" });
    expect(info.lastIrreversible).toBeLessThanOrEqual(info.height);
    await expect.poll(async () => (await chainInfo(request)).height, { timeout: 20_000 }).toBeGreaterThan(info.height);
  });

  test("returns the same block by number and by hash", async ({ request }) => {
    const byNumber = await getJson<{ block: BlockJSON; receipts: ReceiptJSON[] }>(request, "/v1/getBlock?number=1");
    expect(byNumber.block.height).toBe(1);
    const byHash = await getJson<{ block: BlockJSON }>(request, `/v1/getBlock?hash=${byNumber.block.hash}`);
    expect(byHash.block).toEqual(byNumber.block);
    const genesis = await getJson<{ block: BlockJSON }>(request, "/v1/getBlock?number=0");
    expect(byNumber.block.prevHash).toBe(genesis.block.hash);
  });

  test("answers a signed transfer with its receipt at once, then seals it in a block", async ({ request }) => {
    const { tx, to, receipt } = await sendTransfer(request, 3n * AER_PER_AERGO);
    expect(receipt.txHash).toBe(tx.hashText);
    expect(receipt.status).toBe("success");
    expect(receipt.error).toBeNull();
    expect(BigInt(receipt.fee.aer)).toBe(BigInt(receipt.gasUsed) * tx.gasPrice);

    // The recipient's balance already counts the answered transfer.
    expect((await getJson<{ balance: { aergo: string } }>(request, `/v1/getBalance?account=${to}`)).balance.aergo).toBe("3");

    await expect
      .poll(async () => (await getJson<TxLookup>(request, `/v1/getTx?hash=${tx.hashText}`)).state, { timeout: 20_000 })
      .not.toBe("pending");
    const sealed = await getJson<ReceiptJSON>(request, `/v1/getReceipt?hash=${tx.hashText}`);
    expect(sealed.blockHeight).not.toBeNull();
    const { block } = await getJson<{ block: BlockJSON }>(request, `/v1/getBlock?number=${sealed.blockHeight}`);
    expect(block.txs.map((t) => t.hash)).toContain(tx.hashText);
  });

  test("waits for the block when asked to, and proves the account against the block's state root", async ({ request }) => {
    const { to, receipt } = await sendTransfer(request, AER_PER_AERGO / 2n, "block");
    expect(receipt.blockHeight).not.toBeNull();
    expect(receipt.blockHash).toBeTruthy();
    const proof = await getJson<{ account: { balance: { aergo: string } }; header: { stateRoot: string; height: number }; valueHash: string | null }>(
      request,
      `/v1/getState?account=${to}&proof=true&height=${receipt.blockHeight}`,
    );
    expect(proof.account.balance.aergo).toBe("0.5");
    expect(proof.header.height).toBe(receipt.blockHeight);
    expect(proof.valueHash).not.toBeNull();
  });

  test("refuses malformed, badly signed and replayed transactions with a 4xx error, and keeps answering", async ({ request }) => {
    const to = createKeyPair().address;

    await expectApiError(await sendSignedTransaction(request, "not hex at all"), 400, "BAD_REQUEST");
    await expectApiError(await sendSignedTransaction(request, "abc"), 400, "BAD_REQUEST");
    await expectApiError(await sendSignedTransaction(request, "00ff00ff"), 400, "MALFORMED_TX");
    await expectApiError(await request.post("/v1/sendSignedTransaction", { data: "{not json", headers: { "content-type": "application/json" } }), 400, "BAD_REQUEST");

    // A valid transaction whose signature is broken in its last byte.
    const good = await signedTransfer(request, { to, amountAer: 1n });
    const tampered = Uint8Array.from(good.bytes);
    tampered[tampered.length - 1]! ^= 0xff;
    await expectApiError(await sendSignedTransaction(request, toHex(tampered)), 400, "BAD_SIGNATURE");

    // Signed for another chain.
    const otherChain = await signedTransfer(request, { to, amountAer: 1n, chainIdHash: "11111111111111111111111111111111" });
    await expectApiError(await sendSignedTransaction(request, otherChain), 400, "WRONG_CHAIN");

    // Sent once: accepted. Sent again: known. A new tx reusing the nonce: too low. Skipping one: too high.
    expect((await sendSignedTransaction(request, good)).status()).toBe(200);
    await expectApiError(await sendSignedTransaction(request, good), 409, "KNOWN_TX");
    await expectApiError(await sendSignedTransaction(request, await signedTransfer(request, { to, amountAer: 2n, nonce: good.nonce })), 409, "NONCE_TOO_LOW");
    await expectApiError(await sendSignedTransaction(request, await signedTransfer(request, { to, amountAer: 2n, nonce: good.nonce + 5 })), 400, "NONCE_TOO_HIGH");

    // More than the sender holds.
    const poor = createKeyPair();
    await expectApiError(await sendSignedTransaction(request, await signedTransfer(request, { key: poor, to, amountAer: 1n, nonce: 1 })), 400, "INSUFFICIENT_BALANCE");

    // Only the accepted transfer changed the sender's state.
    const sender = await accountState(request, devKeyPair("dev-1").address);
    expect(sender.nonce).toBe(good.nonce);
    const health = await request.get("/healthz");
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true });
  });

  test("answers unknown hashes, bad addresses and wrong routes with a clear 4xx error", async ({ request }) => {
    const unknownHash = "7takNq1v8GKaLqX6YQzLEJuNEdZgdKfNBok2Qi7CdKAP";
    await expectApiError(await request.get(`/v1/getTx?hash=${unknownHash}`), 404, "NOT_FOUND");
    await expectApiError(await request.get(`/v1/getReceipt?hash=${unknownHash}`), 404, "NOT_FOUND");
    await expectApiError(await request.get(`/v1/getBlock?hash=${unknownHash}`), 404, "NOT_FOUND");
    await expectApiError(await request.get("/v1/getBlock?number=99999999"), 404, "NOT_FOUND");
    await expectApiError(await request.get("/v1/getBlock?number=-1"), 400, "BAD_REQUEST");
    await expectApiError(await request.get("/v1/getTx"), 400, "BAD_REQUEST");
    await expectApiError(await request.get("/v1/getBalance?account=Anotanaddress"), 400, "INVALID_ADDRESS");
    await expectApiError(await request.get("/v1/getState?account=AmMEeqgNYZqPRWL8Y7XpqjUEnWLNjEsL3iXnajW2rS6EL3LmttAx"), 400, "INVALID_ADDRESS");
    await expectApiError(await request.get("/v1/noSuchEndpoint"), 404, "NOT_FOUND");
    await expectApiError(await request.get("/v1/sendSignedTransaction"), 400, "BAD_REQUEST");
    await expectApiError(await request.post("/v1/faucet", { data: { address: "nope" } }), 400, "INVALID_ADDRESS");
    expect((await request.get("/healthz")).status()).toBe(200);
  });

  test("gives a fresh address AERGO from the dev faucet", async ({ request }) => {
    const address = createKeyPair().address;
    const res = await request.post("/v1/faucet", { data: { address, amount: "12.5aergo" } });
    expect(res.status(), await res.text()).toBe(200);
    expect(((await res.json()) as ReceiptJSON).status).toBe("success");
    expect((await getJson<{ balance: { aer: string } }>(request, `/v1/getBalance?account=${address}`)).balance.aer).toBe((125n * AER_PER_AERGO / 10n).toString());
    await expectApiError(await request.post("/v1/faucet", { data: { address, amount: "1000000aergo" } }), 400, "INVALID_AMOUNT");
  });
});
