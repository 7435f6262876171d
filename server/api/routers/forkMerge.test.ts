/**
 * Diffs and merges between a fork and its origin through every door: tRPC `branches.diff` /
 * `branches.previewMerge` with a source repository, REST `/v1/getDiff?toRepo=` and
 * `/v1/getMergePreview?sourceRepo=`, and the signed `merge` entry naming `sourceRepo`, against a
 * real hub process. A private `alma/shop` with a token, its private fork `alma/shop-fork` from the
 * token's block, one transfer on each side by the same owner (a conflict on the owner's row), and
 * an unrelated `alma/other`. Values compared are fixed once those transfers are sealed (later
 * blocks are empty); the merged rows are read after the block that holds them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../../chain/crypto/keys.ts";
import { toHex, utf8Bytes } from "../../../chain/crypto/hash.ts";
import type { DiffJSON } from "../../../chain/node/diffReport.ts";
import type { MergePreviewJSON } from "../../../chain/node/types.ts";
import { signDirectoryEntry } from "../../../chain/repo/directoryEntry.ts";
import { TOKEN_EXAMPLE } from "../../../chain/sql/testing/examples.ts";
import { buildTx } from "../../../chain/tx/buildTx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../../../chain/types.ts";
import { startHubProcess, type HubProcess } from "../../testing/hubProcess.ts";
import { createRepo, directoryChange, signInWithKey, trpcMutation, trpcQuery, type Person } from "../../testing/people.ts";

const PORT = 3235;
const ORIGIN = "alma/shop";
const FORK = "alma/shop-fork";
const OTHER = "alma/other";
let dataDir: string;
let hub: HubProcess;
let alma: Person, rudi: Person, wendy: Person;
let token: string;
let forkedAt: number;
const bob = devKeyPair("forkmerge-router-bob").address;
const carol = devKeyPair("forkmerge-router-carol").address;

const authOf = (who: Person | null): Record<string, string> => (who ? { authorization: `Bearer ${who.token}` } : {});
const rest = (door: string, query: string, repo: string, who: Person | null = alma) => hub.request(`/v1/${door}?${query}`, { headers: { "x-aergo-repo": repo, ...authOf(who) } });

/** Signs a token deploy or call as alma on `repo`'s main, and waits for its block. */
async function send(repo: string, type: "deploy" | "call", payload: unknown, to: string | null = null): Promise<ReceiptJSON> {
  const headers = { "x-aergo-repo": repo, ...authOf(alma) };
  const info = (await hub.request("/v1/getChainInfo", { headers })).json as ChainInfoJSON;
  const state = (await hub.request(`/v1/getState?account=${alma.key.address}`, { headers })).json as { nonce: number };
  const tx = buildTx({ type, key: alma.key, chainIdHash: info.chainIdHash, nonce: state.nonce + 1, to, gasPrice: 0n, gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  const a = await hub.request("/v1/sendSignedTransaction", { method: "POST", body: JSON.stringify({ tx: toHex(tx.bytes), wait: "block" }), headers: { "content-type": "application/json", ...headers } });
  if (a.status !== 200) throw new Error(`${type} on ${repo}: ${a.text}`);
  const receipt = a.json as ReceiptJSON;
  if (receipt.status !== "success") throw new Error(`${type} on ${repo} failed: ${JSON.stringify(receipt)}`);
  return receipt;
}

async function createFork(name: string, origin: string, height: number) {
  const header = (await trpcQuery(hub, "blocks.header", { repo: origin, branch: "main", id: height }, alma)).data as { height: number; hash: string };
  const producers = [((await trpcQuery(hub, "repos.producerChoices", undefined, alma)).data as { address: string }[])[0]!.address];
  const repo = `${alma.username}/${name}`;
  const entry = signDirectoryEntry(alma.key, {
    repo,
    prev: "",
    time: Date.now(),
    signer: alma.key.address,
    action: { kind: "create", repo, visibility: "private", description: "a fork", owner: { username: alma.username, address: alma.key.address }, producers, chainId: `hub/${repo}`, forkOf: { repo: origin, branch: "main", height: header.height, hash: header.hash } },
  });
  return trpcMutation(hub, "repos.create", { entry }, alma);
}

const balances = (d: DiffJSON) =>
  Object.fromEntries(d.tables.filter((t) => t.contract === token && t.table === "balances").flatMap((t) => t.rows.map((r) => [String(r.key[0]), [r.kind, r.after?.amount ?? null]])));

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-forkmerge-router-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "250" } });
  alma = await signInWithKey(hub, devKeyPair("forkmerge-router-alma"), "alma");
  rudi = await signInWithKey(hub, devKeyPair("forkmerge-router-rudi"), "rudi");
  wendy = await signInWithKey(hub, devKeyPair("forkmerge-router-wendy"), "wendy");
  expect((await createRepo(hub, alma, "shop", "private")).error).toBeNull();
  expect((await createRepo(hub, alma, "other", "public")).error).toBeNull();
  // rudi reads the origin only; wendy writes to the fork only (she cannot read the origin)
  expect((await directoryChange(hub, ORIGIN, { kind: "invite", username: rudi.username, address: rudi.key.address, role: "reader" }, alma)).error).toBeNull();
  const deployed = await send(ORIGIN, "deploy", { source: TOKEN_EXAMPLE, args: ["Shop", 1000] });
  token = deployed.contractAddress!;
  forkedAt = deployed.blockHeight!;
  const forked = await createFork("shop-fork", ORIGIN, forkedAt);
  expect(forked.error, forked.text).toBeNull();
  expect((await directoryChange(hub, FORK, { kind: "invite", username: wendy.username, address: wendy.key.address, role: "writer" }, alma)).error).toBeNull();
  expect((await directoryChange(hub, FORK, { kind: "invite", username: rudi.username, address: rudi.key.address, role: "reader" }, alma)).error).toBeNull();
  await send(FORK, "call", { procedure: "transfer", args: [bob, 10] }, token);
  await send(ORIGIN, "call", { procedure: "transfer", args: [carol, 5] }, token);
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const owner = () => alma.key.address;
const preview = (input: Record<string, unknown>, who: Person | null = alma) => trpcQuery(hub, "branches.previewMerge", { repo: ORIGIN, source: "main", sourceRepo: FORK, target: "main", ...input }, who);

describe("diff across a fork and its origin", () => {
  it("three-dot shows what the fork changed since the fork point, through tRPC and REST alike", async () => {
    const a = await trpcQuery(hub, "branches.diff", { repo: ORIGIN, from: { branch: "main" }, to: { repo: FORK, branch: "main" }, threeDot: true }, alma);
    expect(a.status, a.text).toBe(200);
    const d = a.data as DiffJSON & { to: { repo?: string } };
    expect(d.base?.height).toBe(forkedAt);
    expect(d.to.repo).toBe(FORK);
    expect(balances(d)).toEqual({ [bob]: ["added", 10], [owner()]: ["changed", 990] });
    const r = await rest("getDiff", `from=main&to=main&toRepo=${FORK}&threeDot=1`, ORIGIN);
    expect(r.status, r.text).toBe(200);
    expect(balances(r.json as DiffJSON)).toEqual(balances(d));
    // two-dot: the two states; carol's row is the origin's only
    const two = (await trpcQuery(hub, "branches.diff", { repo: ORIGIN, from: { branch: "main" }, to: { repo: FORK, branch: "main" } }, alma)).data as DiffJSON;
    expect(balances(two)).toEqual({ [bob]: ["added", 10], [carol]: ["removed", null], [owner()]: ["changed", 990] });
  });

  it("refuses unrelated repositories and a source the viewer cannot read", async () => {
    const unrelated = await trpcQuery(hub, "branches.diff", { repo: ORIGIN, from: { branch: "main" }, to: { repo: OTHER, branch: "main" }, threeDot: true }, alma);
    expect(unrelated.status).toBe(400);
    expect(unrelated.error?.message).toMatch(/share no history/);
    // wendy writes to the fork but cannot read the private origin: exactly what a missing repository gives
    const hidden = await trpcQuery(hub, "branches.diff", { repo: FORK, from: { branch: "main" }, to: { repo: ORIGIN, branch: "main" }, threeDot: true }, wendy);
    const missing = await trpcQuery(hub, "branches.diff", { repo: FORK, from: { branch: "main" }, to: { repo: "alma/no-such", branch: "main" }, threeDot: true }, wendy);
    expect(hidden.status).toBe(404);
    expect(hidden.error?.message).toBe(missing.error?.message.replace("alma/no-such", ORIGIN));
    expect((await rest("getDiff", `from=main&to=main&toRepo=not_a_repo`, ORIGIN)).status).toBe(400);
  });
});

describe("merge a fork into its origin (a pull request) and back", () => {
  it("previews consistently (automated is refused), shows the conflict, and merges the signed resolution", async () => {
    const automated = await preview({ mode: "automated" });
    expect(automated.status).toBe(400);
    expect(automated.error?.message).toMatch(/signed for its chain id/);
    const p = await preview({});
    expect(p.status, p.text).toBe(200);
    const first = p.data as MergePreviewJSON;
    expect(first).toMatchObject({ mode: "consistent", source: "main", sourceRepo: FORK, target: "main", base: { height: forkedAt }, mergeable: false });
    expect(first.conflicts.map((c) => [c.table, c.key, c.ours?.amount, c.theirs?.amount])).toEqual([["balances", [owner()], 995, 990]]);
    // the same preview through REST
    const viaRest = await rest("getMergePreview", `source=main&target=main&sourceRepo=${FORK}`, ORIGIN);
    expect(viaRest.status, viaRest.text).toBe(200);
    expect((viaRest.json as MergePreviewJSON).digest).toBe(first.digest);

    const resolutions = [{ contract: token, table: "balances", key: [owner()], take: "row" as const, row: { owner: owner(), amount: 985 } }];
    const resolved = (await preview({ resolutions })).data as MergePreviewJSON;
    expect(resolved.mergeable).toBe(true);
    const action = { kind: "merge" as const, source: "main", sourceRepo: FORK, target: "main", digest: resolved.digest, resolutions };

    // a reader may not merge; an unrelated source changes nothing; a stale digest is refused
    const byReader = await directoryChange(hub, ORIGIN, action, rudi, alma);
    expect(byReader.status).toBe(403);
    const unrelated = await directoryChange(hub, ORIGIN, { ...action, sourceRepo: OTHER }, alma);
    expect(unrelated.status).toBe(400);
    expect(unrelated.error?.message).toMatch(/share no history/);
    const stale = await directoryChange(hub, ORIGIN, { ...action, digest: first.digest }, alma);
    expect(stale.status).toBe(409);
    // wendy, a writer of the fork, cannot pull the private origin she cannot read
    const pullByWendy = await directoryChange(hub, FORK, { kind: "merge", source: "main", sourceRepo: ORIGIN, target: "main", digest: resolved.digest }, wendy, alma);
    expect(pullByWendy.status).toBe(404);

    const merged = await directoryChange(hub, ORIGIN, action, alma);
    expect(merged.error, merged.text).toBeNull();
    // the merged rows are sealed in the origin's next block
    let rows: unknown[][] = [];
    for (let i = 0; i < 80; i++) {
      rows = ((await rest("getContractTable", `address=${token}&table=balances`, ORIGIN)).json as { rows: unknown[][] }).rows;
      if (rows.some((r) => r[0] === bob)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(Object.fromEntries(rows.map((r) => [r[0], Number(r[1])]))).toEqual({ [owner()]: 985, [bob]: 10, [carol]: 5 });
    // merging again brings nothing: the base moved to the fork head merged
    const again = (await preview({})).data as MergePreviewJSON;
    expect(again.rows).toEqual([]);
    expect(again.conflicts).toEqual([]);
    // the fork pulls the origin: carol's row arrives, the owner's row is the merged one. The table
    // above reads the origin's latest state, answered merge included; a merge reads sealed blocks,
    // so the pull is previewed once the merge's block is sealed (within a slot or two).
    const pullPreview = () => trpcQuery(hub, "branches.previewMerge", { repo: FORK, source: "main", sourceRepo: ORIGIN, target: "main" }, alma);
    let pull = await pullPreview();
    for (let i = 0; i < 80 && !(pull.data as MergePreviewJSON | undefined)?.rows.some((r) => r.merged?.amount === 985); i++) {
      await new Promise((r) => setTimeout(r, 100));
      pull = await pullPreview();
    }
    expect(pull.status, pull.text).toBe(200);
    const pulled = pull.data as MergePreviewJSON;
    expect(pulled.mergeable).toBe(true);
    expect(Object.fromEntries(pulled.rows.map((r) => [String(r.key[0]), r.merged?.amount]))).toEqual({ [owner()]: 985, [carol]: 5 });
  }, 60_000);
});
