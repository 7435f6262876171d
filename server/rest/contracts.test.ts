/**
 * Contracts over the REST API: deploy and call as signed transactions, then getContract,
 * queryContract (latest and at a height), getContractTable and getEvents, with clear 4xx errors.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, ChainInfoJSON, ReceiptJSON, TxTypeName } from "../../chain/types.ts";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { sendTxBody } from "../testing/transfers.ts";

const PORT = 3198;
const dev4 = devKeyPair("dev-4");
const bob = devKeyPair("rest-contracts-bob").address;
let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;

async function get(pathAndQuery: string) {
  const a = await hub.request(pathAndQuery);
  return { status: a.status, json: a.json as Record<string, unknown> & { error?: { code: string; message: string } } };
}

async function send(type: TxTypeName, payload: unknown, to: string | null = null, wait: "receipt" | "block" = "receipt") {
  const nonce = ((await get(`/v1/getState?account=${dev4.address}`)).json as unknown as AccountJSON).nonce + 1;
  const tx = buildTx({ type, key: dev4, chainIdHash: info.chainIdHash, nonce, to, gasPrice: BigInt(info.minGasPrice.aer), gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  const a = await hub.request("/v1/sendSignedTransaction", { method: "POST", body: sendTxBody(tx, wait), headers: { "content-type": "application/json" } });
  return { status: a.status, receipt: a.json as ReceiptJSON & { error: { code: string; message: string } | null } };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-rest-contracts-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "300" } });
  info = (await get("/v1/getChainInfo")).json as unknown as ChainInfoJSON;
  await waitUntil("dev-4 is funded", async () => (((await get(`/v1/getState?account=${dev4.address}`)).json as unknown as AccountJSON).balance.aer !== "0" ? true : undefined));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("contracts over /v1", () => {
  it("deploys, calls, queries now and at a height, browses a table and lists events", async () => {
    const deployed = await send("deploy", { source: TOKEN_EXAMPLE, args: ["REST Token", 500] }, null, "block");
    expect(deployed.status, JSON.stringify(deployed.receipt)).toBe(200);
    expect(deployed.receipt.status).toBe("success");
    const token = deployed.receipt.contractAddress!;
    const deployHeight = deployed.receipt.blockHeight!;

    const called = await send("call", { procedure: "transfer", args: [bob, 120] }, token, "block");
    expect(called.receipt).toMatchObject({ status: "success", events: [{ name: "Transfer", args: { to: bob, amount: 120 } }] });

    const contract = await get(`/v1/getContract?address=${token}`);
    expect(contract.json).toMatchObject({ address: token, name: "Token", source: TOKEN_EXAMPLE });
    const query = (view: string, args: unknown[], height?: number) =>
      hub.request("/v1/queryContract", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ address: token, view, args, height }) });
    expect((await query("balanceOf", [bob])).json).toMatchObject({ result: 120 });
    expect((await query("balanceOf", [bob], deployHeight)).json).toMatchObject({ result: 0, height: deployHeight });
    const table = await get(`/v1/getContractTable?address=${token}&table=balances`);
    expect(table.json).toMatchObject({ columns: ["owner", "amount"], total: 2 });

    // Row history: the sealed call wrote bob's row; paging and bad input are clear 4xx.
    const key = encodeURIComponent(JSON.stringify([bob]));
    const history = await get(`/v1/getRowHistory?address=${token}&table=balances&key=${key}`);
    expect(history.json).toMatchObject({ table: "balances", columns: ["owner", "amount"], versions: [{ height: called.receipt.blockHeight, txHash: called.receipt.txHash, kind: "created", values: { owner: bob, amount: 120 } }], nextBefore: null });
    const deployer = await get(`/v1/getRowHistory?address=${token}&table=balances&key=${encodeURIComponent(JSON.stringify([dev4.address]))}&limit=1`);
    expect(deployer.json).toMatchObject({ versions: [{ kind: "updated", changed: ["amount"] }], nextBefore: called.receipt.blockHeight });
    expect(await get(`/v1/getRowHistory?address=${token}&table=balances&key=${key}&limit=101`)).toMatchObject({ status: 400, json: { error: { code: "BAD_REQUEST" } } });
    expect(await get(`/v1/getRowHistory?address=${token}&table=balances&key=notjson`)).toMatchObject({ status: 400 });
    expect(await get(`/v1/getRowHistory?address=${token}&table=balances&key=${encodeURIComponent("[1,2]")}`)).toMatchObject({ status: 400 });
    expect(await get(`/v1/getRowHistory?address=${token}&table=nothing&key=${key}`)).toMatchObject({ status: 404 });

    await waitUntil("the call is indexed", async () => {
      const ev = await get(`/v1/getEvents?address=${token}&event=Transfer`);
      return Array.isArray(ev.json) && (ev.json as unknown[]).length > 0 ? ev : undefined;
    });
    const events = (await get(`/v1/getEvents?address=${token}&event=Transfer`)).json as unknown as Array<{ name: string; args: Record<string, unknown> }>;
    expect(events.at(-1)).toMatchObject({ name: "Transfer", args: { to: bob, amount: 120 } });
    const indexed = await get(`/api/trpc/contracts.deployment?input=${encodeURIComponent(JSON.stringify({ address: token }))}`);
    expect(indexed.json).toMatchObject({ result: { data: { address: token, name: "Token", creator: dev4.address, deployHeight } } });

    // A reverted call is included with its error and line; a view that does not exist is a 400.
    const reverted = await send("call", { procedure: "transfer", args: [bob, 10_000] }, token);
    expect(reverted.receipt).toMatchObject({ status: "error", error: { message: expect.stringMatching(/insufficient balance \(line \d+\)/) } });
    const missingView = await query("nope", []);
    expect(missingView.status).toBe(400);
    expect(await get(`/v1/getContract?address=${bob}`)).toMatchObject({ status: 404, json: { error: { code: "NOT_FOUND" } } });
    expect(await get(`/v1/getContractTable?address=${token}&table=nothing`)).toMatchObject({ status: 404 });
    const bad = await send("deploy", { source: "CONTRACT Broken; CREATE TABLE t (x INTEGER PRIMARY KEY, y nosuchtype CHECK (z > 0));" });
    expect(bad.status).toBe(400);
    expect(bad.receipt.error?.code ?? (bad.receipt as unknown as { error: { code: string } }).error.code).toBe("INVALID_PAYLOAD");
  });
});
