import { expect, test, type APIRequestContext } from "@playwright/test";
import { AER_PER_AERGO, createKeyPair, sendTransfer } from "../support/devChain.ts";

type TrpcOk<T> = { result: { data: T } };
type TrpcErr = { error: { message: string; data: { code: string; httpStatus: number; domainCode: string | null } } };

/** A tRPC v11 query over HTTP, as the web app's httpBatchLink sends it (no transformer). */
function query(request: APIRequestContext, path: string, input?: unknown) {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return request.get(`/api/trpc/${path}${search}`);
}

async function data<T>(request: APIRequestContext, path: string, input?: unknown): Promise<T> {
  const res = await query(request, path, input);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as TrpcOk<T>).result.data;
}

test.describe("tRPC API (/api/trpc)", () => {
  test("lists blocks newest first and pages older with beforeHeight", async ({ request }) => {
    const first = await data<{ height: number }[]>(request, "blocks.list", { limit: 5 });
    expect(first).toHaveLength(5);
    expect(first.map((b) => b.height)).toEqual([...first.map((b) => b.height)].sort((a, b) => b - a));
    const older = await data<{ height: number }[]>(request, "blocks.list", { limit: 5, beforeHeight: first[4]!.height });
    expect(older[0]!.height).toBe(first[4]!.height - 1);
  });

  test("finds a sent transfer, its sender and recipient, and charts it in the throughput", async ({ request }) => {
    const { tx, to } = await sendTransfer(request, 2n * AER_PER_AERGO, "block");
    const found = await data<{ tx: { hash: string; amount: { aergo: string } }; receipt: { status: string }; state: string }>(request, "transactions.get", { hash: tx.hashText });
    expect(found.tx.amount.aergo).toBe("2");
    expect(found.receipt.status).toBe("success");
    expect(["sealed", "final"]).toContain(found.state);

    // The index follows the chain within a block or two.
    await expect.poll(async () => (await data<{ kind: string; id: string } | null>(request, "accounts.search", { q: tx.hashText }))?.kind, { timeout: 20_000 }).toBe("tx");
    expect(await data(request, "accounts.search", { q: to })).toEqual({ kind: "address", id: to, repo: "aergo/main" });
    await expect.poll(async () => (await data<{ hash: string }[]>(request, "accounts.txs", { address: to, limit: 5 })).map((t) => t.hash), { timeout: 20_000 }).toContain(tx.hashText);
    const series = await data<{ height: number; txCount: number }[]>(request, "chain.throughput", { blocks: 60 });
    expect(series.reduce((s, p) => s + p.txCount, 0)).toBeGreaterThan(0);
    expect(await data(request, "accounts.search", { q: "no such thing" })).toBeNull();
  });

  test("reads a block's header and its txs a page at a time, as the block page does", async ({ request }) => {
    const { tx, receipt } = await sendTransfer(request, AER_PER_AERGO, "block");
    const height = receipt.blockHeight!;
    const header = await data<{ height: number; hash: string; txCount: number; txs?: unknown }>(request, "blocks.header", { id: height });
    expect(header).toMatchObject({ height, hash: receipt.blockHash });
    expect(header).not.toHaveProperty("txs");
    const page = await data<{ hash: string; txIndex: number }[]>(request, "blocks.txs", { height, afterTxIndex: receipt.txIndex - 1, limit: 1 });
    expect(page).toEqual([expect.objectContaining({ hash: tx.hashText, txIndex: receipt.txIndex })]);
    expect(await data(request, "blocks.txs", { height, afterTxIndex: header.txCount - 1 })).toEqual([]);
    expect((await query(request, "blocks.txs", { height, limit: 500 })).status()).toBe(400);
  });

  test("batches queries in one request, as the web app does", async ({ request }) => {
    const res = await request.get(`/api/trpc/chain.info,blocks.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 1: { limit: 2 } }))}`);
    expect(res.status()).toBe(200);
    const [info, blocks] = (await res.json()) as [TrpcOk<{ chainId: string }>, TrpcOk<unknown[]>];
    expect(info.result.data.chainId).toBe("aergo/main");
    expect(blocks.result.data).toHaveLength(2);
  });

  test("reports unknown ids and bad input with tRPC error codes and the domain code", async ({ request }) => {
    const missing = await query(request, "blocks.get", { id: 99_999_999 });
    expect(missing.status()).toBe(404);
    expect(((await missing.json()) as TrpcErr).error.data).toMatchObject({ code: "NOT_FOUND", domainCode: "NOT_FOUND" });

    const badAddress = await query(request, "accounts.get", { address: "Anope" });
    expect(badAddress.status()).toBe(400);
    const badAddressError = ((await badAddress.json()) as TrpcErr).error;
    expect(badAddressError.data.code).toBe("BAD_REQUEST");
    expect(badAddressError.message).toMatch(/address/i);

    const badInput = await query(request, "blocks.list", { limit: 0 });
    expect(badInput.status()).toBe(400);
    expect(((await badInput.json()) as TrpcErr).error.message).toMatch(/Invalid input/);

    const fresh = await data<{ balance: { aer: string }; nonce: number }>(request, "accounts.get", { address: createKeyPair().address });
    expect(fresh).toMatchObject({ balance: { aer: "0" }, nonce: 0 });
  });
});
