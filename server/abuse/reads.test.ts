/**
 * Security issue "Reads are capped by rows, not bytes", against a real hub process: a
 * getContractTable with limit=1000000 answered 120 MB. Now every list is bounded by rows (a 400
 * outside 1 to 1,000) and by 4 MiB of JSON (chain/readBounds.ts): long cells come as previews
 * with their length and are fetched whole one at a time, a page cut by bytes says where the next
 * starts, and a view's result over 4 MiB is refused. Sizes and codes only: no timing is asserted
 * (the CI machine is loaded).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { isTruncatedCell, READ_BOUNDS } from "../../chain/readBounds.ts";
import { docBodyLength, WIDE_ROWS_SOURCE } from "../../chain/sql/testing/wideRows.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { AccountJSON, ChainInfoJSON, ReceiptJSON, TxTypeName } from "../../chain/types.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { trpcQuery } from "../testing/people.ts";
import { sendTxBody } from "../testing/transfers.ts";

const PORT = 3221;
const dev2 = devKeyPair("dev-2");
let dataDir: string;
let hub: HubProcess;
let info: ChainInfoJSON;
let wide: string;

type ErrorBody = { error: { code: string; message: string } };
type TablePage = { columns: string[]; primaryKey: string[]; rows: unknown[][]; total: number; offset: number; nextOffset: number | null; truncated: boolean };

async function get<T>(p: string): Promise<{ status: number; json: T; bytes: number; headers: Record<string, unknown> }> {
  const a = await hub.request(p);
  return { status: a.status, json: a.json as T, bytes: Buffer.byteLength(a.text), headers: a.headers };
}

async function post<T>(p: string, body: unknown): Promise<{ status: number; json: T }> {
  const a = await hub.request(p, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
  return { status: a.status, json: a.json as T };
}

async function send(type: TxTypeName, payload: unknown, to: string | null = null) {
  const nonce = (await get<AccountJSON>(`/v1/getState?account=${dev2.address}`)).json.nonce + 1;
  const tx = buildTx({ type, key: dev2, chainIdHash: info.chainIdHash, nonce, to, gasPrice: BigInt(info.minGasPrice.aer), gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  const r = await post<ReceiptJSON>("/v1/sendSignedTransaction", sendTxBody(tx));
  expect(r.json, JSON.stringify(r.json).slice(0, 300)).toMatchObject({ status: "success" });
  return r.json;
}

const table = (name: string, query: string) => `/v1/getContractTable?address=${wide}&table=${name}${query}`;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-abuse-reads-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "300" } });
  info = (await get<ChainInfoJSON>("/v1/getChainInfo")).json;
  await waitUntil("dev-2 is funded", async () => ((await get<AccountJSON>(`/v1/getState?account=${dev2.address}`)).json.balance.aer !== "0" ? true : undefined));
  wide = (await send("deploy", { source: WIDE_ROWS_SOURCE, args: [] })).contractAddress!;
  // 9 rows of ~62 KB (a 59 KB text and a 3,000-byte blob), 80 rows of 15 × 4,000 characters.
  await send("call", { procedure: "addDocs", args: [1, 9, 59_000] }, wide);
  for (let first = 1; first <= 80; first += 20) await send("call", { procedure: "addWide", args: [first, 20] }, wide);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("bounded reads against a real hub", () => {
  it("refuses a table page size or offset outside its range with a 400 naming the range", async () => {
    for (const q of ["&limit=1000000", "&limit=1001", "&limit=0", "&limit=abc", "&limit=999999999999999", "&offset=-1", "&offset=99999999999"]) {
      const r = await get<ErrorBody>(table("wide", q));
      expect(r.status, q).toBe(400);
      expect(r.json.error.code, q).toBe("BAD_REQUEST");
      expect(r.json.error.message, q).toMatch(/The parameter "(limit|offset)" must be a number of rows/);
    }
    const viaTrpc = await trpcQuery(hub, "contracts.table", { address: wide, table: "wide", limit: 1_000_000 }, null);
    expect(viaTrpc.status).toBe(400);
    expect(viaTrpc.error?.message).toMatch(/limit/);
  });

  it("answers a page of ~60 KB rows in at most 4 MiB, says it was cut, and pages on to the last row", async () => {
    const ids: unknown[] = [];
    let largest = 0;
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null) {
      const r: Awaited<ReturnType<typeof get<TablePage>>> = await get<TablePage>(table("wide", `&limit=1000&offset=${offset}`));
      expect(r.status).toBe(200);
      expect(r.bytes).toBeLessThanOrEqual(READ_BOUNDS.maxPageBytes);
      largest = Math.max(largest, r.bytes);
      if (pages === 0) expect(r.json).toMatchObject({ truncated: true, total: 80, offset: 0, nextOffset: r.json.rows.length });
      ids.push(...r.json.rows.map((row) => row[0]));
      offset = r.json.nextOffset;
      pages++;
    }
    expect(pages).toBe(2);
    expect(ids).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    console.log(`[abuse/reads] largest getContractTable answer: ${largest.toLocaleString("en-US")} bytes (cap ${READ_BOUNDS.maxPageBytes.toLocaleString("en-US")}); 80 rows of 60 KB in ${pages} pages`);
  });

  it("shows cells over 4 KiB as previews with their length, and fetches one whole (REST and tRPC)", async () => {
    const r = await get<TablePage>(table("docs", "&limit=1000"));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ primaryKey: ["id"], total: 9, truncated: false, nextOffset: null });
    expect(r.bytes).toBeLessThan(9 * 10_000);
    const [id, body, data] = r.json.rows[2]!;
    expect(id).toBe(3);
    expect(isTruncatedCell(body) && body.bytes).toBe(docBodyLength(3));
    expect(isTruncatedCell(data) && data.bytes).toBe(3000);

    const cell = await get<{ value: string; bytes: number }>(`/v1/getContractCell?address=${wide}&table=docs&column=body&key=${encodeURIComponent("[3]")}`);
    expect(cell.status).toBe(200);
    expect(cell.json.bytes).toBe(docBodyLength(3));
    expect(cell.json.value).toHaveLength(docBodyLength(3));
    expect(cell.json.value.startsWith((body as { preview: string }).preview)).toBe(true);
    const viaTrpc = await trpcQuery(hub, "contracts.cell", { address: wide, table: "docs", column: "data", key: [3] }, null);
    expect(viaTrpc.status).toBe(200);
    expect(viaTrpc.data).toMatchObject({ value: `0x${"00".repeat(3000)}`, bytes: 3000 });
  });

  it("refuses a malformed cell request with a 400 and a missing row with a 404", async () => {
    const cell = (q: string) => get<ErrorBody>(`/v1/getContractCell?address=${wide}&table=docs${q}`);
    for (const q of ["&column=body", "&column=body&key=3", "&column=body&key=%5B%5D", "&column=nosuch&key=%5B1%5D", "&column=body&key=%5B1%2C2%5D"]) {
      const r = await cell(q);
      expect(r.status, q).toBe(400);
      expect(r.json.error.code, q).toBe("BAD_REQUEST");
    }
    const missing = await cell("&column=body&key=%5B99%5D");
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toMatch(/docs has no row with the key \[99\]/);
  });

  it("refuses an events page size outside 1 to 1,000 (REST and tRPC)", async () => {
    for (const limit of ["1001", "999999999999999", "0", "-5", "x"]) {
      const r = await get<ErrorBody>(`/v1/getEvents?address=${wide}&limit=${limit}`);
      expect(r.status, limit).toBe(400);
      expect(r.json.error.message, limit).toMatch(/"limit" must be a number of events from 1 to 1000/);
    }
    expect((await get<unknown[]>(`/v1/getEvents?address=${wide}&limit=1000`)).status).toBe(200);
    expect((await trpcQuery(hub, "contracts.events", { address: wide, limit: 1001 }, null)).status).toBe(400);
  });

  it("answers a block as its header and one bounded page of transactions; a page size outside 1 to 1,000 is a 400 (REST and tRPC)", async () => {
    for (const txLimit of ["1001", "0", "x"]) {
      const r = await get<ErrorBody>(`/v1/getBlock?number=1&txLimit=${txLimit}`);
      expect(r.status, txLimit).toBe(400);
      expect(r.json.error.message, txLimit).toMatch(/"txLimit" must be a number of transactions from 1 to 1000/);
    }
    const page = await get<{ block: { txCount: number; txs: unknown[] }; txOffset: number; nextTxOffset: number | null; truncated: boolean }>("/v1/getBlock?number=1&txLimit=1");
    expect(page.status).toBe(200);
    expect(page.json.block.txs.length).toBeLessThanOrEqual(1);
    expect(page.json).toMatchObject({ txOffset: 0, truncated: false });
    expect(page.json.nextTxOffset).toBe(page.json.block.txCount > 1 ? 1 : null);
    expect((await trpcQuery(hub, "blocks.get", { id: 1, txLimit: 1001 }, null)).status).toBe(400);
  });

  it("refuses a view whose result passes 4 MiB (81 rows of 59 KB) with RESULT_TOO_LARGE, and answers a smaller one", async () => {
    const big = await post<ErrorBody>("/v1/queryContract", { address: wide, view: "crossBodies" });
    expect(big.status).toBe(400);
    expect(big.json.error.message).toMatch(/crossBodies: the result is larger than 4,194,304 bytes; add a LIMIT/);
    const small = await hub.request("/v1/queryContract", { method: "POST", body: JSON.stringify({ address: wide, view: "docBodies" }), headers: { "content-type": "application/json" } });
    expect(small.status).toBe(200);
    expect(Buffer.byteLength(small.text)).toBeLessThanOrEqual(READ_BOUNDS.maxPageBytes);
    expect(((small.json as { result: { rows: unknown[] } }).result.rows)).toHaveLength(9);
  });

  it("changed nothing: the tables hold what was written", async () => {
    expect((await get<TablePage>(table("docs", "&limit=1"))).json.total).toBe(9);
    expect((await get<TablePage>(table("wide", "&limit=1"))).json.total).toBe(80);
  });
});
