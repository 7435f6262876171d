/**
 * The branch graph's pages through tRPC `branches.graph`, against a real hub process: a public
 * repository with a token deployed on main, a branch `feature` from that block with one transfer,
 * then two transfers on main, each sealed before the next is sent. With one block per lane a page,
 * following `window.olderBefore` walks every block with transactions exactly once, the windows
 * meet end to start, and every edge of every page ends at a node of that page. The pages below
 * the newest are read only once main's last transfer is indexed, so later (empty) blocks cannot
 * change them. Every bad cursor or page size is a 400 with a reason.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../../chain/crypto/keys.ts";
import { toHex, utf8Bytes } from "../../../chain/crypto/hash.ts";
import { TOKEN_EXAMPLE } from "../../../chain/sql/testing/examples.ts";
import { buildTx } from "../../../chain/tx/buildTx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../../../chain/types.ts";
import type { BranchGraphJSON } from "../../graph/buildBranchGraph.ts";
import { startHubProcess, type HubProcess } from "../../testing/hubProcess.ts";
import { createRepo, directoryChange, signInWithKey, trpcQuery, type Person } from "../../testing/people.ts";

const PORT = 3237;
const REPO = "gina/lanes";
let dataDir: string;
let hub: HubProcess;
let owner: Person;
let token: string;
const heights = { deploy: 0, feature: 0, main1: 0, main2: 0 };
const bob = devKeyPair("graph-router-bob").address;

const graph = (input: Record<string, unknown>) => trpcQuery(hub, "branches.graph", { repo: REPO, ...input }, null);

/** Signs a token call or deploy as the owner on `branch`, and waits for its block. */
async function send(branch: string, type: "deploy" | "call", payload: unknown, to: string | null = null): Promise<ReceiptJSON> {
  const headers = { "x-aergo-repo": REPO, authorization: `Bearer ${owner.token}` };
  const info = (await hub.request(`/v1/getChainInfo?branch=${branch}`, { headers })).json as ChainInfoJSON;
  const state = (await hub.request(`/v1/getState?account=${owner.key.address}&branch=${branch}`, { headers })).json as { nonce: number };
  const tx = buildTx({ type, key: owner.key, chainIdHash: info.chainIdHash, nonce: state.nonce + 1, to, gasPrice: 0n, gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  const a = await hub.request(`/v1/sendSignedTransaction?branch=${branch}`, { method: "POST", body: JSON.stringify({ tx: toHex(tx.bytes), wait: "block" }), headers: { "content-type": "application/json", ...headers } });
  if (a.status !== 200) throw new Error(`${type} on ${branch}: ${a.text}`);
  const receipt = a.json as ReceiptJSON;
  if (receipt.status !== "success") throw new Error(`${type} on ${branch} failed: ${JSON.stringify(receipt)}`);
  return receipt;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-graph-router-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "250" } });
  owner = await signInWithKey(hub, devKeyPair("graph-router-owner"), "gina");
  expect((await createRepo(hub, owner, "lanes", "public")).error).toBeNull();
  const deployed = await send("main", "deploy", { source: TOKEN_EXAMPLE, args: ["Lanes", 1000] });
  token = deployed.contractAddress!;
  heights.deploy = deployed.blockHeight!;
  const branched = await directoryChange(hub, REPO, { kind: "createBranch", name: "feature", from: "main", height: heights.deploy }, owner);
  expect(branched.error, branched.text).toBeNull();
  heights.feature = (await send("feature", "call", { procedure: "transfer", args: [bob, 1] }, token)).blockHeight!;
  heights.main1 = (await send("main", "call", { procedure: "transfer", args: [bob, 2] }, token)).blockHeight!;
  heights.main2 = (await send("main", "call", { procedure: "transfer", args: [bob, 3] }, token)).blockHeight!;
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const txHeights = (g: BranchGraphJSON, lane: string) => g.nodes.filter((n) => n.lane === lane && !n.stub && (n.txCount ?? 0) > 0).map((n) => n.height);

describe("branches.graph pages", () => {
  it("walks every block with transactions once, one page after another, with every edge ending at a node of its page", async () => {
    // The index follows main a moment after its blocks: wait until the newest page starts at main's last transfer.
    await expect.poll(async () => ((await graph({ perLane: 1 })).data as BranchGraphJSON | undefined)?.window.from, { timeout: 20_000 }).toBe(heights.main2);
    const newest = (await graph({ perLane: 1 })).data as BranchGraphJSON;
    expect(newest.window).toMatchObject({ before: null, olderBefore: heights.main2, perLane: 1 });
    // feature's block is older than the page: its lane shows only the stub that says so.
    expect(newest.nodes.filter((n) => n.lane === "feature").map((n) => n.id)).toEqual(["feature@older"]);

    const seen: { main: number[]; feature: number[] } = { main: [], feature: [] };
    const pages: BranchGraphJSON[] = [];
    let cursor: number | null = heights.main2;
    while (cursor !== null && pages.length < 20) {
      const a = await graph({ perLane: 1, beforeHeight: cursor });
      expect(a.status, a.text).toBe(200);
      const page = a.data as BranchGraphJSON;
      expect(page.window.before).toBe(cursor);
      expect(page.window.from).toBeLessThan(cursor);
      const ids = new Set(page.nodes.map((n) => n.id));
      for (const e of page.edges) expect([e.id, ids.has(e.source), ids.has(e.target)]).toEqual([e.id, true, true]);
      for (const lane of ["main", "feature"] as const) seen[lane].push(...txHeights(page, lane));
      pages.push(page);
      cursor = page.window.olderBefore;
    }
    expect(cursor).toBeNull();
    expect(pages.at(-1)!.window.from).toBe(0);
    expect(seen.feature).toEqual([heights.feature]);
    expect(seen.main).toContain(heights.main1);
    expect(seen.main).toContain(heights.deploy);
    expect(new Set(seen.main).size).toBe(seen.main.length);

    // The page with the fork point draws the fork edge from main's block to feature's first block.
    const forkPage = pages.find((p) => p.nodes.some((n) => n.id === `main@${heights.deploy}`))!;
    expect(forkPage.nodes.find((n) => n.id === `main@${heights.deploy}`)!.forks).toEqual(["feature"]);
    expect(forkPage.edges.filter((e) => e.kind === "fork").map((e) => [e.source, e.target])).toEqual([[`main@${heights.deploy}`, `feature@${heights.feature}`]]);
  });

  it("answers a bad cursor or page size with a 400 and a reason", async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ beforeHeight: 0 }, /beforeHeight/],
      [{ beforeHeight: -5 }, /beforeHeight/],
      [{ beforeHeight: 1.5 }, /beforeHeight/],
      [{ beforeHeight: "12" }, /beforeHeight/],
      [{ beforeHeight: 2 ** 60 }, /beforeHeight/],
      [{ beforeHeight: 10_000_000 }, /above the newest block/],
      [{ perLane: 0 }, /perLane/],
      [{ perLane: 51 }, /perLane/],
    ];
    for (const [input, reason] of cases) {
      const a = await graph(input);
      expect([JSON.stringify(input), a.status]).toEqual([JSON.stringify(input), 400]);
      expect(a.error?.message).toMatch(reason);
    }
    expect((await graph({ beforeHeight: 10_000_000 })).error?.data?.domainCode).toBe("BAD_REQUEST");
  });
});
