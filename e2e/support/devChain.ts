/**
 * What the specs need to act on the dev network like a wallet would: read the chain, build and
 * sign a transfer where the key is (chain/tx/buildTx.ts), and send its bytes to the hub's REST
 * API. The dev-1 account is funded by the hub at first start.
 */
import { expect, type APIRequestContext } from "@playwright/test";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { toHex } from "../../chain/crypto/hash.ts";
import { createKeyPair, devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { SignedTx } from "../../chain/tx/tx.ts";
import type { AccountJSON, ChainInfoJSON, ReceiptJSON } from "../../chain/types.ts";

export { AER_PER_AERGO, createKeyPair, devKeyPair, toHex };

export async function getJson<T>(request: APIRequestContext, path: string): Promise<T> {
  const res = await request.get(path);
  expect(res.status(), `${path} answers 200`).toBe(200);
  return (await res.json()) as T;
}

export const chainInfo = (request: APIRequestContext) => getJson<ChainInfoJSON>(request, "/v1/getChainInfo");

/** The account's latest state, answered transactions included: its next nonce is nonce + 1. */
export const accountState = (request: APIRequestContext, address: string) => getJson<AccountJSON>(request, `/v1/getState?account=${address}`);

/** A transfer signed by `key` with the next nonce of its account (or the one given). */
export async function signedTransfer(
  request: APIRequestContext,
  opts: { key?: KeyPair; to: string; amountAer: bigint; nonce?: number; chainIdHash?: string },
): Promise<SignedTx> {
  const key = opts.key ?? devKeyPair("dev-1");
  const info = await chainInfo(request);
  const nonce = opts.nonce ?? (await accountState(request, key.address)).nonce + 1;
  return buildTx({
    type: "transfer",
    key,
    chainIdHash: opts.chainIdHash ?? info.chainIdHash,
    nonce,
    to: opts.to,
    amount: opts.amountAer,
    gasPrice: BigInt(info.minGasPrice.aer),
  });
}

export function sendSignedTransaction(request: APIRequestContext, tx: SignedTx | string, wait: "receipt" | "block" | "final" = "receipt") {
  return request.post("/v1/sendSignedTransaction", { data: { tx: typeof tx === "string" ? tx : toHex(tx.bytes), wait } });
}

/** Sends `amountAer` from dev-1 to a fresh account and returns the receipt the hub answered with. */
export async function sendTransfer(request: APIRequestContext, amountAer: bigint, wait: "receipt" | "block" | "final" = "receipt") {
  const to = createKeyPair().address;
  const tx = await signedTransfer(request, { to, amountAer });
  const res = await sendSignedTransaction(request, tx, wait);
  expect(res.status(), await res.text()).toBe(200);
  return { tx, to, receipt: (await res.json()) as ReceiptJSON };
}

/**
 * Registers `name` for `key` on the root chain, resolving to `destination` (default: the key's
 * address), paying the price the hub answers; resolves when its block is sealed.
 */
export async function registerName(request: APIRequestContext, key: KeyPair, name: string, destination?: string): Promise<ReceiptJSON> {
  const info = await chainInfo(request);
  const price = await getJson<{ price: { aer: string }; nameAccount: string }>(request, "/v1/getNamePrice");
  const payload = { op: "register", name, ...(destination ? { destination } : {}) };
  const tx = buildTx({
    type: "name",
    key,
    chainIdHash: info.chainIdHash,
    nonce: (await accountState(request, key.address)).nonce + 1,
    to: price.nameAccount,
    amount: BigInt(price.price.aer),
    gasPrice: BigInt(info.minGasPrice.aer),
    payload: new TextEncoder().encode(JSON.stringify(payload)),
  });
  const res = await sendSignedTransaction(request, tx, "block");
  expect(res.status(), await res.text()).toBe(200);
  const receipt = (await res.json()) as ReceiptJSON;
  expect(receipt.status, JSON.stringify(receipt.error)).toBe("success");
  return receipt;
}

/** The hub's answer to a request it must refuse: the status and `{ error: { code, message } }`. */
export async function expectApiError(res: Awaited<ReturnType<APIRequestContext["get"]>>, status: number, code: string) {
  expect(res.status(), await res.text()).toBe(status);
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(body.error?.code).toBe(code);
  expect(typeof body.error?.message).toBe("string");
  expect(String(body.error?.message).length).toBeGreaterThan(10);
}

/**
 * A burst of transfers to fresh accounts: `perSender` from each of `senders` (funded dev
 * accounts), signed here first, then sent as fast as the hub answers, one pipeline per sender.
 * Returns the hashes and the height of the block holding most of them, with its tx count.
 */
export async function sendTransferBurst(request: APIRequestContext, senders: KeyPair[], perSender: number) {
  const info = await chainInfo(request);
  const pipelines = await Promise.all(
    senders.map(async (key) => {
      const first = (await accountState(request, key.address)).nonce + 1;
      return Array.from({ length: perSender }, (_, i) =>
        buildTx({ type: "transfer", key, chainIdHash: info.chainIdHash, nonce: first + i, to: createKeyPair().address, amount: AER_PER_AERGO / 100n, gasPrice: BigInt(info.minGasPrice.aer) }),
      );
    }),
  );
  await Promise.all(
    pipelines.map(async (txs) => {
      for (const tx of txs) {
        const res = await sendSignedTransaction(request, tx);
        expect(res.status(), await res.text()).toBe(200);
      }
    }),
  );
  const hashes = pipelines.flat().map((tx) => tx.hashText);
  const perBlock = new Map<number, number>();
  for (const hash of hashes) {
    let height: number | null = null;
    await expect.poll(async () => (height = (await getJson<{ receipt: ReceiptJSON }>(request, `/v1/getTx?hash=${hash}`)).receipt.blockHeight), { timeout: 30_000 }).not.toBeNull();
    perBlock.set(height!, (perBlock.get(height!) ?? 0) + 1);
  }
  const [busiest, count] = [...perBlock.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return { hashes, busiest, count };
}

/**
 * Bursts of transfers until one block holds more than `moreThan` of a burst. How many land in one
 * block depends on how fast this machine sends them (each sender's pipeline waits for its
 * answers), so the four demo accounts first fund twelve more senders, and a busy machine that
 * spreads a burst over more blocks gets another burst rather than a failure.
 * @throws Error when `bursts` bursts did not do it.
 */
export async function sendBurstsUntilABlockHolds(request: APIRequestContext, moreThan: number, bursts = 5) {
  const devs = ["dev-1", "dev-2", "dev-3", "dev-4"].map((name) => devKeyPair(name));
  const extra = Array.from({ length: 12 }, () => createKeyPair());
  for (const [i, key] of extra.entries()) {
    const res = await sendSignedTransaction(request, await signedTransfer(request, { key: devs[i % devs.length]!, to: key.address, amountAer: 100n * AER_PER_AERGO }));
    expect(res.status(), await res.text()).toBe(200);
  }
  const seen: number[] = [];
  for (let i = 0; i < bursts; i++) {
    const burst = await sendTransferBurst(request, [...devs, ...extra], 12);
    if (burst.count > moreThan) return burst;
    seen.push(burst.count);
  }
  throw new Error(`No block held more than ${moreThan} transfers of a burst (the busiest held ${seen.join(", ")}).`);
}
