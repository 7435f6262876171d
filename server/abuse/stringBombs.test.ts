/**
 * Security issue "Gas does not bound CPU", against a real hub process: one LIKE of a 64 KB string
 * against a 32 KB pattern was 26 gas and ~2 s of CPU, free and anonymous as a view; eight at once
 * stalled the hub for 14 s and producers missed slots. Now the built-in is charged by the bytes it
 * compares, so the view is refused with "out of gas" before the work starts, a paid call pays its
 * gas limit and changes nothing, and the hub answers /healthz while bombs are in flight. Outcomes
 * only: no timing is asserted (the CI machine is loaded).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, ChainInfoJSON, ReceiptJSON, TxTypeName } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { sendTxBody } from "../testing/transfers.ts";

const PORT = 3213;
const BOMBS = `CONTRACT Bombs;
CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);
VIEW likeBomb (n INTEGER, m INTEGER) RETURNS INTEGER AS SELECT hex(zeroblob(:n)) LIKE ('%' || hex(zeroblob(:m)) || '1');
VIEW rows () RETURNS INTEGER AS SELECT count(*) FROM t;
PROCEDURE paidLike (n INTEGER, m INTEGER) AS
BEGIN
  INSERT INTO t (k, v) VALUES (1, 1);
  REQUIRE (SELECT hex(zeroblob(:n)) LIKE ('%' || hex(zeroblob(:m)) || '1')) = 0, 'matched';
END;
PROCEDURE compare32k () AS
BEGIN
  INSERT INTO t (k, v) WITH RECURSIVE c(x, s, u) AS (SELECT 1, zeroblob(32000), zeroblob(32000) UNION ALL SELECT x + 1, s, u FROM c WHERE s = u AND x < 200000) SELECT 2, count(*) FROM c;
END;
`;
const BOMB_ARGS = [32000, 16000];
const dev4 = devKeyPair("dev-4");
let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;

type ErrorBody = { error: { code: string; message: string; reason?: string } };

async function json<T>(p: string, body?: unknown): Promise<{ status: number; json: T }> {
  const a = await hub.request(p, body === undefined ? {} : { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { status: a.status, json: a.json as T };
}

async function send(type: TxTypeName, payload: unknown, to: string | null = null) {
  const nonce = (await json<AccountJSON>(`/v1/getState?account=${dev4.address}`)).json.nonce + 1;
  const tx = buildTx({ type, key: dev4, chainIdHash: info.chainIdHash, nonce, to, gasPrice: BigInt(info.minGasPrice.aer), gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  return json<ReceiptJSON>("/v1/sendSignedTransaction", sendTxBody(tx));
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-abuse-bombs-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "300" } });
  info = (await json<ChainInfoJSON>("/v1/getChainInfo")).json;
  await waitUntil("dev-4 is funded", async () => ((await json<AccountJSON>(`/v1/getState?account=${dev4.address}`)).json.balance.aer !== "0" ? true : undefined));
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("string bombs against a real hub", () => {
  let bombs: string;

  it("deploys the bomb contract", async () => {
    const deployed = await send("deploy", { source: BOMBS });
    expect(deployed.json.status).toBe("success");
    bombs = deployed.json.contractAddress!;
  });

  it("refuses the likeBomb view with a 4xx saying out of gas", async () => {
    const r = await json<ErrorBody>("/v1/queryContract", { address: bombs, view: "likeBomb", args: BOMB_ARGS });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/likeBomb: out of gas/);
    expect(r.json.error.reason).toBe("OUT_OF_GAS");
  });

  it("answers /healthz and other reads while 8 bombs are in flight", async () => {
    const inFlight = Array.from({ length: 8 }, () => json<ErrorBody>("/v1/queryContract", { address: bombs, view: "likeBomb", args: BOMB_ARGS }));
    const health = Array.from({ length: 4 }, () => hub.request("/healthz"));
    const [answers, checks] = await Promise.all([Promise.all(inFlight), Promise.all(health)]);
    expect(answers.every((a) => a.status === 400 && /out of gas/.test(a.json.error.message))).toBe(true);
    expect(checks.every((c) => c.status === 200)).toBe(true);
  });

  it("runs the bomb as a paid call to out of gas: the fee is paid, no row is kept, blocks go on", async () => {
    const before = (await json<AccountJSON>(`/v1/getState?account=${dev4.address}`)).json;
    const heightBefore = (await json<ChainInfoJSON>("/v1/getChainInfo")).json.height;
    const r = await send("call", { procedure: "paidLike", args: BOMB_ARGS }, bombs);
    expect(r.json).toMatchObject({ status: "error", error: { message: expect.stringMatching(/out of gas/) } });
    const after = (await json<AccountJSON>(`/v1/getState?account=${dev4.address}`)).json;
    expect(BigInt(before.balance.aer) - BigInt(after.balance.aer)).toBe(BigInt(r.json.fee.aer));
    expect((await json<{ result: unknown }>("/v1/queryContract", { address: bombs, view: "rows", args: [] })).json.result).toBe(0);
    await waitUntil("new blocks", async () => ((await json<ChainInfoJSON>("/v1/getChainInfo")).json.height > heightBefore + 2 ? true : undefined), 10_000);
  });

  it("refuses a call whose work per gas is slow (32 KB comparisons) at the producer's time budget: no fee, no row, blocks go on", async () => {
    const before = (await json<AccountJSON>(`/v1/getState?account=${dev4.address}`)).json;
    const r = (await send("call", { procedure: "compare32k", args: [] }, bombs)) as unknown as { status: number; json: ErrorBody };
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: "EXECUTION_TIMEOUT", message: expect.stringMatching(/did not include it; no fee was charged/) });
    const after = (await json<AccountJSON>(`/v1/getState?account=${dev4.address}`)).json;
    expect(after.balance).toEqual(before.balance);
    expect(after.nonce).toBe(before.nonce);
    expect((await json<{ result: unknown }>("/v1/queryContract", { address: bombs, view: "rows", args: [] })).json.result).toBe(0);
    const health = await hub.request("/healthz");
    expect(health.status).toBe(200);
  });
});
