/**
 * Table pages and view results bounded by bytes on a real node: rows near 64 KB, cells cut to a
 * preview with their full length, one cell fetched whole, a page cut by its 4 MiB budget that
 * pages on, page parameters refused outside their range, and an oversized view refused.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isTruncatedCell, jsonBytes, READ_BOUNDS } from "../readBounds.ts";
import { docBodyLength, WIDE_ROWS_SOURCE } from "../sql/testing/wideRows.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";

const alice = devKeyPair("bounds-alice");
const GAS = 5_000_000;
let chain: Awaited<ReturnType<typeof createTestChain>>;
let wide: string;

async function call(procedure: string, args: unknown[]) {
  const r = await chain.node.submitTx(chain.tx(alice, "call", { to: wide, payload: { procedure, args }, gasLimit: GAS }).bytes);
  expect(r, JSON.stringify(r.error)).toMatchObject({ status: "success" });
  return r;
}

beforeAll(async () => {
  chain = await createTestChain();
  await chain.fund(alice.address, 1000n);
  const deployed = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: WIDE_ROWS_SOURCE, args: [] }, gasLimit: GAS }).bytes);
  expect(deployed.status, JSON.stringify(deployed.error)).toBe("success");
  wide = deployed.contractAddress!;
  await call("addDocs", [1, 9, 59_000]);
  for (let first = 1; first <= 80; first += 20) await call("addWide", [first, 20]);
  chain.next();
}, 120_000);

describe("contract table pages", () => {
  it("cut cells over 4 KiB to a preview with their length, keep key cells whole, and fetch one cell whole", () => {
    const page = chain.node.contractTable(wide, "docs", { limit: 1000 });
    expect(page).toMatchObject({ columns: ["id", "body", "data"], primaryKey: ["id"], total: 9, offset: 0, nextOffset: null, truncated: false });
    expect(page.rows).toHaveLength(9);
    const [id, body, data] = page.rows[0]!;
    expect(id).toBe(1);
    expect(body).toMatchObject({ truncated: true, kind: "text", bytes: docBodyLength(1) });
    expect(data).toMatchObject({ truncated: true, kind: "blob", bytes: 3000 });
    expect(jsonBytes(page)).toBeLessThan(9 * 10_000);

    const cell = chain.node.contractCell(wide, "docs", "body", [1]);
    expect(cell).toMatchObject({ table: "docs", column: "body", key: [1], bytes: docBodyLength(1), height: null });
    expect(cell.value).toHaveLength(docBodyLength(1));
    expect(String(cell.value).startsWith((body as { preview: string }).preview)).toBe(true);
    expect(chain.node.contractCell(wide, "docs", "data", ["1"]).value).toBe(`0x${"00".repeat(3000)}`);
    expect(chain.node.contractCell(wide, "docs", "body", [1], { height: chain.node.headHeight() }).bytes).toBe(docBodyLength(1));
  });

  it("refuse a cell of no row, no column or a malformed key with a clear error", () => {
    expect(() => chain.node.contractCell(wide, "docs", "body", [99])).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => chain.node.contractCell(wide, "docs", "nosuch", [1])).toThrow(/docs has no column nosuch/);
    expect(() => chain.node.contractCell(wide, "docs", "body", [1, 2])).toThrow(/the key of docs is 1 value \(id\); 2 given/);
    expect(() => chain.node.contractCell(wide, "docs", "body", ["x"])).toThrow(expect.objectContaining({ code: "BAD_REQUEST" }));
    expect(() => chain.node.contractCell(wide, "ghosts", "body", [1])).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
  });

  it("end a page at 4 MiB, say so, and page on from nextOffset to the last row", () => {
    const first = chain.node.contractTable(wide, "wide", { limit: 1000 });
    expect(first.truncated).toBe(true);
    expect(first.rows.length).toBeGreaterThan(60);
    expect(first.rows.length).toBeLessThan(80);
    expect(first.nextOffset).toBe(first.rows.length);
    expect(jsonBytes(first.rows)).toBeLessThanOrEqual(READ_BOUNDS.maxPageBytes);
    expect(first.rows.flat().some(isTruncatedCell)).toBe(false);
    const second = chain.node.contractTable(wide, "wide", { limit: 1000, offset: first.nextOffset! });
    expect(second).toMatchObject({ truncated: false, nextOffset: null, total: 80 });
    expect([...first.rows, ...second.rows].map((r) => r[0])).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it("refuse a limit or offset outside its range instead of capping it quietly", () => {
    for (const limit of [0, 1001, 1_000_000, 1.5]) expect(() => chain.node.contractTable(wide, "docs", { limit }), String(limit)).toThrow(expect.objectContaining({ code: "BAD_REQUEST", message: expect.stringMatching(/"limit" must be a number of rows from 1 to 1000/) }));
    expect(() => chain.node.contractTable(wide, "docs", { offset: -1 })).toThrow(/"offset"/);
  });
});

describe("view results", () => {
  it("answer up to 4 MiB and refuse a larger result with RESULT_TOO_LARGE, however few its rows", () => {
    const bodies = chain.node.queryContract(wide, "docBodies", []);
    expect((bodies.result as { rows: unknown[] }).rows).toHaveLength(9);
    // 81 rows of ~59 KB: 4.8 MB, far under the 10,000-row limit.
    expect(() => chain.node.queryContract(wide, "crossBodies", [])).toThrow(expect.objectContaining({ code: "BAD_REQUEST", meta: { code: "RESULT_TOO_LARGE" }, message: expect.stringMatching(/crossBodies: the result is larger than 4,194,304 bytes; add a LIMIT/) }));
  });
});
