/**
 * The diff of two chain points through both of its doors, tRPC `branches.diff` and REST
 * `/v1/getDiff`, against a real hub process: a private repository with a token deployed on main,
 * a branch `feature` from that block, and one transfer on each side by the same owner. Every
 * value compared is fixed once those transfers are sealed (later blocks are empty), so the block
 * clock cannot change an answer. Every bad input is a 4xx; outsiders get what a missing
 * repository gives.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../../chain/crypto/keys.ts";
import { toHex, utf8Bytes } from "../../../chain/crypto/hash.ts";
import type { DiffJSON } from "../../../chain/node/diffReport.ts";
import { TOKEN_EXAMPLE } from "../../../chain/sql/testing/examples.ts";
import { buildTx } from "../../../chain/tx/buildTx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../../../chain/types.ts";
import { startHubProcess, type HubProcess } from "../../testing/hubProcess.ts";
import { createRepo, directoryChange, signInWithKey, trpcQuery, type Person } from "../../testing/people.ts";

const PORT = 3193;
const REPO = "dora/ledger";
let dataDir: string;
let hub: HubProcess;
let owner: Person, reader: Person, outsider: Person;
let token: string;
let branchedAt: number;
const bob = devKeyPair("diff-router-bob").address;
const carol = devKeyPair("diff-router-carol").address;

const authOf = (who: Person | null): Record<string, string> => (who ? { authorization: `Bearer ${who.token}` } : {});
const rest = (query: string, who: Person | null = owner, repo = REPO) => hub.request(`/v1/getDiff?${query}`, { headers: { "x-aergo-repo": repo, ...authOf(who) } });
const trpcDiff = (input: Record<string, unknown>, who: Person | null = owner, repo = REPO) => trpcQuery(hub, "branches.diff", { repo, ...input }, who);

/** Signs a token call or deploy as the owner on `branch`, and waits for its block. */
async function send(branch: string, type: "deploy" | "call", payload: unknown, to: string | null = null): Promise<ReceiptJSON> {
  const headers = { "x-aergo-repo": REPO, ...authOf(owner) };
  const info = (await hub.request(`/v1/getChainInfo?branch=${branch}`, { headers })).json as ChainInfoJSON;
  const state = (await hub.request(`/v1/getState?account=${owner.key.address}&branch=${branch}`, { headers })).json as { nonce: number };
  const tx = buildTx({ type, key: owner.key, chainIdHash: info.chainIdHash, nonce: state.nonce + 1, to, gasPrice: 0n, gasLimit: 5_000_000, payload: utf8Bytes(JSON.stringify(payload)) });
  const a = await hub.request(`/v1/sendSignedTransaction?branch=${branch}`, { method: "POST", body: JSON.stringify({ tx: toHex(tx.bytes), wait: "block" }), headers: { "content-type": "application/json", ...headers } });
  if (a.status !== 200) throw new Error(`${type} on ${branch}: ${a.text}`);
  const receipt = a.json as ReceiptJSON;
  if (receipt.status !== "success") throw new Error(`${type} on ${branch} failed: ${JSON.stringify(receipt)}`);
  return receipt;
}

const rowsOf = (d: DiffJSON) =>
  d.tables
    .filter((t) => t.contract === token)
    .flatMap((t) => t.rows.map((r) => ({ table: t.table, key: r.key[0], kind: r.kind, before: r.before?.amount ?? null, after: r.after?.amount ?? null, changed: r.changed })))
    .filter((r) => r.table === "balances")
    .sort((a, b) => String(a.key).localeCompare(String(b.key)));

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-diff-router-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "250" } });
  owner = await signInWithKey(hub, devKeyPair("diff-router-owner"), "dora");
  reader = await signInWithKey(hub, devKeyPair("diff-router-reader"), "rudi");
  outsider = await signInWithKey(hub, devKeyPair("diff-router-outsider"), "oona");
  expect((await createRepo(hub, owner, "ledger", "private")).error).toBeNull();
  const invited = await directoryChange(hub, REPO, { kind: "invite", username: reader.username, address: reader.key.address, role: "reader" }, owner);
  expect(invited.error, invited.text).toBeNull();
  const deployed = await send("main", "deploy", { source: TOKEN_EXAMPLE, args: ["Ledger", 1000] });
  token = deployed.contractAddress!;
  branchedAt = deployed.blockHeight!;
  const branched = await directoryChange(hub, REPO, { kind: "createBranch", name: "feature", from: "main", height: branchedAt }, owner);
  expect(branched.error, branched.text).toBeNull();
  await send("feature", "call", { procedure: "transfer", args: [bob, 10] }, token);
  await send("main", "call", { procedure: "transfer", args: [carol, 5] }, token);
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const owned = () => owner.key.address;
const THREE_DOT = () => [
  { table: "balances", key: bob, kind: "added", before: null, after: 10, changed: ["owner", "amount"] },
  { table: "balances", key: owned(), kind: "changed", before: 1000, after: 990, changed: ["amount"] },
].sort((a, b) => String(a.key).localeCompare(String(b.key)));

describe("branches.diff (tRPC)", () => {
  it("three-dot shows only what feature changed since it left main, from the merge base, with changed cells named", async () => {
    const a = await trpcDiff({ from: { branch: "main" }, to: { branch: "feature" }, threeDot: true });
    expect(a.status, a.text).toBe(200);
    const d = a.data as DiffJSON;
    expect(d.base?.height).toBe(branchedAt);
    expect(d.from.branch).toBe("main");
    expect(d.to.branch).toBe("feature");
    expect(rowsOf(d)).toEqual(THREE_DOT());
    expect(d.tables.find((t) => t.table === "balances")).toMatchObject({ contractName: "Token", columns: ["owner", "amount"], primaryKey: ["owner"], added: 1, changed: 1, removed: 0 });
    expect(d.truncated).toBe(false);
  });

  it("two-dot compares the two states: main's transfer shows as carol's row removed and the owner's balance 995 → 990", async () => {
    const d = (await trpcDiff({ from: { branch: "main" }, to: { branch: "feature" } })).data as DiffJSON;
    expect(d.base).toBeNull();
    const rows = rowsOf(d);
    expect(rows.find((r) => r.key === carol)).toMatchObject({ kind: "removed", before: 5, after: null });
    expect(rows.find((r) => r.key === owned())).toMatchObject({ kind: "changed", before: 995, after: 990 });
    // A past point: main at the branch's block equals feature's base, so nothing differs.
    const same = (await trpcDiff({ from: { branch: "main", height: branchedAt }, to: { branch: "feature", height: branchedAt } })).data as DiffJSON;
    expect(same.tables).toEqual([]);
  });

  it("filters by table and contract and cuts at the limit", async () => {
    const byTable = (await trpcDiff({ from: { branch: "main" }, to: { branch: "feature" }, threeDot: true, table: "meta" })).data as DiffJSON;
    expect(byTable.tables).toEqual([]);
    expect(byTable.accounts).toEqual([]);
    const limited = (await trpcDiff({ from: { branch: "main" }, to: { branch: "feature" }, threeDot: true, contract: token, limit: 1 })).data as DiffJSON;
    expect(limited.truncated).toBe(true);
    expect(limited.tables.flatMap((t) => t.rows)).toHaveLength(1);
  });

  it("lets a reader diff; outsiders and anonymous viewers get exactly what a missing repository gives", async () => {
    const input = { from: { branch: "main" }, to: { branch: "feature" }, threeDot: true };
    expect(rowsOf((await trpcDiff(input, reader)).data as DiffJSON)).toEqual(THREE_DOT());
    const missing = await trpcDiff(input, outsider, "dora/no-such-repo");
    expect(missing.status).toBe(404);
    for (const who of [outsider, null]) {
      const a = await trpcDiff(input, who);
      expect(a.status).toBe(404);
      expect(a.error?.message).toBe(missing.error?.message.replace("dora/no-such-repo", REPO));
      expect(a.text).not.toContain(token);
    }
  });

  it("answers every bad input with a 4xx and a reason", async () => {
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ from: { branch: "Main" }, to: { branch: "feature" } }, 400, /branch name/],
      [{ from: { branch: "main" }, to: { branch: "nope" } }, 404, /no branch "nope"/i],
      [{ from: { branch: "main", height: 10_000_000 }, to: { branch: "feature" } }, 404, /./],
      [{ from: { branch: "main", height: -1 }, to: { branch: "feature" } }, 400, /./],
      [{ from: { branch: "main" }, to: { branch: "feature" }, limit: 0 }, 400, /./],
      [{ from: { branch: "main" }, to: { branch: "feature" }, limit: 5001 }, 400, /./],
      [{ from: { branch: "main" }, to: { branch: "feature" }, contract: "not-an-address" }, 400, /contract address/],
      [{ from: { branch: "main" } }, 400, /./],
    ];
    for (const [input, status, reason] of cases) {
      const a = await trpcDiff(input);
      expect(a.status, JSON.stringify(input)).toBe(status);
      expect(a.error?.message, JSON.stringify(input)).toMatch(reason);
    }
  });
});

describe("GET /v1/getDiff", () => {
  it("answers the same diff as tRPC: three-dot, two-dot at heights, table and limit", async () => {
    const three = await rest("from=main&to=feature&threeDot=1");
    expect(three.status, three.text).toBe(200);
    expect(rowsOf(three.json as DiffJSON)).toEqual(THREE_DOT());
    expect((three.json as DiffJSON).base?.height).toBe(branchedAt);
    const atBase = await rest(`from=main&to=feature&fromHeight=${branchedAt}&toHeight=${branchedAt}`);
    expect((atBase.json as DiffJSON).tables).toEqual([]);
    expect((atBase.json as DiffJSON).to.height).toBe(branchedAt);
    const limited = (await rest(`from=main&to=feature&threeDot=true&table=balances&contract=${token}&limit=1`)).json as DiffJSON;
    expect(limited.truncated).toBe(true);
    expect(rowsOf((await rest("from=main&to=feature&threeDot=1", reader)).json as DiffJSON)).toEqual(THREE_DOT());
  });

  it("refuses bad parameters with a 4xx { error } and hides a private repository from outsiders", async () => {
    const cases: [string, number][] = [
      ["to=feature", 400],
      ["from=main", 400],
      ["from=Main&to=feature", 400],
      ["from=main&to=nope", 404],
      ["from=main&to=feature&fromHeight=x", 400],
      ["from=main&to=feature&toHeight=99999999", 404],
      ["from=main&to=feature&threeDot=yes", 400],
      ["from=main&to=feature&limit=0", 400],
      ["from=main&to=feature&limit=abc", 400],
      ["from=main&to=feature&contract=nope", 400],
    ];
    for (const [query, status] of cases) {
      const a = await rest(query);
      expect(a.status, query).toBe(status);
      expect((a.json as { error: { code: string; message: string } }).error.message.length, query).toBeGreaterThan(10);
    }
    const missing = await rest("from=main&to=feature", outsider, "dora/no-such-repo");
    for (const who of [outsider, null]) {
      const a = await rest("from=main&to=feature", who);
      expect(a.status).toBe(404);
      expect(a.text).toBe(missing.text.replace("dora/no-such-repo", REPO));
    }
  });
});

/**
 * Events on a branch come from the index (the branch's own rows, then main's up to its base), by
 * both doors. Feature adds blocks only with transactions, so once its transfer is indexed its
 * answer is fixed; it is polled for until then (the indexer follows the sealed block).
 */
describe("events on a branch", () => {
  type EventRow = { txHash: string; name: string; args: Record<string, unknown> };
  const recipients = (events: readonly EventRow[]) => events.filter((e) => e.name === "Transfer").map((e) => e.args.to);
  const restEvents = async (branch: string) => {
    const a = await hub.request(`/v1/getEvents?address=${token}&branch=${branch}`, { headers: { "x-aergo-repo": REPO, ...authOf(owner) } });
    expect(a.status, a.text).toBe(200);
    return a.json as EventRow[];
  };
  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 100; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return read();
  }

  it("REST getEvents?branch= answers the branch's events (no NOT_INDEXED), main's stay main's", async () => {
    const onFeature = await until(() => restEvents("feature"), (e) => recipients(e).includes(bob));
    expect(recipients(onFeature)).toContain(bob);
    expect(recipients(onFeature)).not.toContain(carol);
    const onMain = await until(() => restEvents("main"), (e) => recipients(e).includes(carol));
    expect(recipients(onMain)).not.toContain(bob);
  });

  it("tRPC contracts.events on a branch answers the same as REST; an outsider gets nothing of it", async () => {
    const rest = await until(() => restEvents("feature"), (e) => recipients(e).includes(bob));
    const a = await trpcQuery(hub, "contracts.events", { repo: REPO, branch: "feature", address: token }, owner);
    expect(a.error).toBeNull();
    expect((a.data as { events: EventRow[] }).events).toEqual(rest);
    const hidden = await trpcQuery(hub, "contracts.events", { repo: REPO, branch: "feature", address: token }, outsider);
    expect(hidden.error).not.toBeNull();
  });
});
