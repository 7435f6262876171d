/**
 * Security issue "tRPC batches have no limit", against a real hub process: one anonymous POST of
 * 40 × contracts.compile (5.2 MB) blocked the hub for seconds. Now a batch holds at most 10 calls
 * and a request body at most 1 MiB (server/api/batchLimits.ts, checked before tRPC parses, and
 * tRPC's own maxBatchSize / maxBodySize behind it), and compiles are rate-limited per address for
 * anonymous callers (server/api/compileRate.ts). Codes and sizes only: no timing is asserted.
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPC_LIMITS } from "../api/batchLimits.ts";
import { COMPILE_RATE } from "../api/compileRate.ts";
import { startHubProcess, type HubProcess } from "../testing/hubProcess.ts";
import { trpcMutation } from "../testing/people.ts";

const PORT = 3222;
const SOURCE = "CONTRACT Tiny;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nVIEW n () RETURNS INTEGER AS SELECT count(*) FROM t;\n";
let dataDir: string;
let hub: HubProcess;

type ErrorBody = { error: { code: string; message: string } };

/** A POST whose body goes in chunks with no Content-Length (chunked transfer encoding). */
function postChunked(pathAndQuery: string, chunks: Buffer[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${hub.url}${pathAndQuery}`, { method: "POST", headers: { "content-type": "application/json" }, agent: false }, (res) => {
      const got: Buffer[] = [];
      res.on("data", (c: Buffer) => got.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(got).toString("utf8") }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-abuse-trpc-"));
  hub = await startHubProcess({ port: PORT, dataDir });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("tRPC request limits against a real hub", () => {
  it("refuses a batch of 40 compiles (5.2 MB) before parsing it: 400 for the count, 413 for the body", async () => {
    const source = `${SOURCE}-- ${"x".repeat(128 * 1024 - SOURCE.length - 10)}\n`;
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [String(i), { source }])));
    expect(body.length).toBeGreaterThan(5_000_000);
    const r = await hub.request(`/api/trpc/${Array(40).fill("contracts.compile").join(",")}?batch=1`, { method: "POST", body, headers: { "content-type": "application/json" } });
    expect(r.status).toBe(400);
    expect((r.json as ErrorBody).error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/at most 10 calls; this one has 40/) });
  });

  it("refuses a body over 1 MiB with 413, whether it declares its length or not", async () => {
    const source = "x".repeat(TRPC_LIMITS.maxBodyBytes + 1000);
    const declared = await hub.request("/api/trpc/contracts.compile", { method: "POST", body: JSON.stringify({ source }), headers: { "content-type": "application/json" } });
    expect(declared.status).toBe(413);
    expect((declared.json as ErrorBody).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/at most 1,048,576 bytes/) });
    const part = Buffer.from(JSON.stringify({ source }));
    const chunked = await postChunked("/api/trpc/contracts.compile", [part.subarray(0, 600_000), part.subarray(600_000)]);
    expect(chunked.status).toBe(413);
  });

  it("refuses a GET batch of 11 queries and answers one of 10", async () => {
    const batch = (n: number) => `/api/trpc/${Array(n).fill("chain.info").join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), {}]))))}`;
    expect((await hub.request(batch(TRPC_LIMITS.maxBatchCalls + 1))).status).toBe(400);
    const ok = await hub.request(batch(TRPC_LIMITS.maxBatchCalls));
    expect(ok.status).toBe(200);
    expect(ok.json).toHaveLength(TRPC_LIMITS.maxBatchCalls);
  });

  it(`rate-limits anonymous compiles to ${COMPILE_RATE.anonymousPerMinute} a minute per address with 429 TOO_MANY_REQUESTS (the refused batches compiled nothing)`, async () => {
    for (let i = 0; i < COMPILE_RATE.anonymousPerMinute; i++) {
      const r = await trpcMutation(hub, "contracts.compile", { source: SOURCE }, null);
      expect(r.status, `compile ${i + 1}: ${r.text.slice(0, 200)}`).toBe(200);
      expect(r.data).toMatchObject({ ok: true });
    }
    const over = await trpcMutation(hub, "contracts.compile", { source: SOURCE }, null);
    expect(over.status).toBe(429);
    expect(over.error).toMatchObject({ data: { code: "TOO_MANY_REQUESTS", domainCode: "RATE_LIMITED" } });
    expect(over.error?.message).toMatch(/Too many compiles \(at most 20 a minute per address without signing in\); try again in \d+ seconds?\./);
    // Other procedures are not affected.
    expect((await hub.request("/api/trpc/chain.info")).status).toBe(200);
  });
});
