/**
 * A runaway contract (a recursive CTE that never ends) is stopped by gas with "out of gas",
 * pays for what it used, changes nothing else, and the hub keeps answering other requests and
 * making blocks meanwhile: past its 2 ms slice the call runs on the execution worker
 * (chain/exec/executionWorker.ts; its mechanism is tested in chain/node/executionWorker.test.ts).
 * The delay other requests see is printed, not asserted (figures: BENCH=runaway).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, ChainInfoJSON, ReceiptJSON, TxTypeName } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { sendTxBody } from "../testing/transfers.ts";
import { SPIN_CONTRACT } from "../../chain/sql/testing/examples.ts";

const PORT = 3199;
const dev3 = devKeyPair("dev-3");
let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;

async function json<T>(p: string, body?: unknown): Promise<{ status: number; json: T }> {
  const a = await hub.request(p, body === undefined ? {} : { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { status: a.status, json: a.json as T };
}

async function send(type: TxTypeName, payload: unknown, to: string | null = null) {
  const nonce = (await json<AccountJSON>(`/v1/getState?account=${dev3.address}`)).json.nonce + 1;
  const tx = buildTx({ type, key: dev3, chainIdHash: info.chainIdHash, nonce, to, gasPrice: BigInt(info.minGasPrice.aer), gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  return json<ReceiptJSON>("/v1/sendSignedTransaction", sendTxBody(tx));
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-runaway-"));
  // This test is about gas: the producer's admission time budget (1 s by default, tested in
  // chain/node/admissionBudget.test.ts) is set far above what a loaded machine needs for 5M gas.
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "300", HUB_CALL_TIME_BUDGET_MS: "60000" } });
  info = (await json<ChainInfoJSON>("/v1/getChainInfo")).json;
  await waitUntil("dev-3 is funded", async () => ((await json<AccountJSON>(`/v1/getState?account=${dev3.address}`)).json.balance.aer !== "0" ? true : undefined));
});
afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a runaway contract", () => {
  it("is stopped by gas while the hub keeps answering and producing blocks", async () => {
    const deployed = await send("deploy", { source: SPIN_CONTRACT });
    expect(deployed.json.status).toBe("success");
    const spin = deployed.json.contractAddress!;
    await send("call", { procedure: "one" }, spin);
    const before = (await json<AccountJSON>(`/v1/getState?account=${dev3.address}`)).json;
    const heightBefore = (await json<ChainInfoJSON>("/v1/getChainInfo")).json.height;

    const t0 = performance.now();
    const runaway = send("call", { procedure: "spin" }, spin);
    const others = Array.from({ length: 10 }, async () => {
      const s = performance.now();
      const r = await json<ChainInfoJSON>("/v1/getChainInfo");
      return { status: r.status, ms: performance.now() - s };
    });
    const [r, ...answers] = await Promise.all([runaway, ...others]);
    console.log(`[runaway] stopped after ${(performance.now() - t0).toFixed(0)} ms; other requests answered within ${Math.max(...answers.map((a) => a.ms)).toFixed(0)} ms`);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(r.json).toMatchObject({ status: "error", error: { message: expect.stringMatching(/out of gas/) } });
    expect(r.json.gasUsed).toBeLessThanOrEqual(5_000_000);

    // Only the fee was paid; the table holds just the one row written before.
    const after = (await json<AccountJSON>(`/v1/getState?account=${dev3.address}`)).json;
    expect(BigInt(before.balance.aer) - BigInt(after.balance.aer)).toBe(BigInt(r.json.fee.aer));
    expect((await json<{ result: unknown }>("/v1/queryContract", { address: spin, view: "rows", args: [] })).json.result).toBe(1);

    // A runaway view is stopped too, with a clear 400, and the hub goes on making blocks.
    const view = await json<{ error: { message: string } }>("/v1/queryContract", { address: spin, view: "spinView", args: [] });
    expect(view.status).toBe(400);
    // Gas or the views' wall-time budget, whichever comes first: on a busy machine it is the time.
    expect(view.json.error.message).toMatch(/out of gas|ran longer than its [\d,]+ ms budget/);
    await waitUntil("new blocks", async () => ((await json<ChainInfoJSON>("/v1/getChainInfo")).json.height > heightBefore + 2 ? true : undefined), 45_000);
  });
});
