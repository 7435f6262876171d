/**
 * The access matrix: every door (each tRPC procedure, each /v1 endpoint, the live stream) × every
 * role (anonymous, outsider, reader, writer, admin, owner) on a private repository, against a real
 * hub process. Outsiders get exactly what a missing repository gives; readers read and cannot
 * write; writers write; only admins see the audit trail and usage; refused writes change nothing.
 * Every read runs twice: on main, and on a branch holding data written only there (its name, a
 * contract, a table cell, an event argument and a transaction), asked for with `branch=`. The
 * procedures and endpoints come from their sources of truth (the router, REST_ENDPOINTS), so a
 * new one fails here until it is classified. Pages are the page matrix's (pageMatrix.test.ts).
 */
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import { fromHex, toHex, utf8Bytes } from "../../chain/crypto/hash.ts";
import { deployPayloadBytes } from "../../chain/exec/contractPayload.ts";
import { TOKEN_EXAMPLE } from "../../chain/sql/testing/examples.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import { decodeTx } from "../../chain/tx/tx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../../chain/types.ts";
import { appRouter } from "../api/root.ts";
import { REST_ENDPOINTS } from "../rest/v1.ts";
import { startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { ledgerSource } from "../testing/ledgerContract.ts";
import { createRepo, directoryChange, signInWithKey, trpcMutation, trpcQuery, type Person } from "../testing/people.ts";

const PORT = 3450;
const ROLES = ["anonymous", "outsider", "reader", "writer", "admin", "owner"] as const;
type RoleName = (typeof ROLES)[number];
const MEMBER_ROLES: readonly RoleName[] = ["reader", "writer", "admin", "owner"];

let dataDir: string;
let hub: HubProcess;
const people = {} as Record<Exclude<RoleName, "anonymous">, Person>;
const REPO = "olivia/vault";
const MISSING = "olivia/no-such-repo";
const SOURCE_PATH = "contracts/vault.sql";
let info: ChainInfoJSON;
let contract: string;
let deployTx: string;
let deployHeight: number;
/** Written only on HIDDEN_BRANCH: nothing of it may reach anyone but members, through any door. */
const HIDDEN_BRANCH = "hidden-work-7q3z";
const HIDDEN_CELL = "hidden-cell-b8d41f";
const HIDDEN_EVENT_ARG = "hidden-event-c2e97a";
const HIDDEN_CONTRACT_NAME = "HiddenLedger5k9";
let hidden: ReadTarget;
let hiddenBlockHash: string;

/** What a read names: the token on main, or the hidden branch's ledger. */
type ReadTarget = {
  readonly branch?: string;
  readonly contract: string;
  readonly tx: string;
  readonly height: number;
  readonly view: string;
  readonly viewArgs: unknown[];
  readonly table: string;
  readonly column: string;
  readonly key: unknown[];
};

const who = (role: RoleName): Person | null => (role === "anonymous" ? null : people[role]);
const headers = (role: RoleName, repo: string): Record<string, string> => ({ "x-aergo-repo": repo, ...(who(role) ? { authorization: `Bearer ${who(role)!.token}` } : {}) });

async function rest(role: RoleName, pathAndQuery: string, repo = REPO, body?: unknown) {
  const a = await hub.request(pathAndQuery, body === undefined ? { headers: headers(role, repo) } : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", ...headers(role, repo) } });
  return { status: a.status, text: a.text, json: a.json as { error?: { code: string } } };
}

async function signedTx(key: KeyPair, type: "deploy" | "call", payload: unknown, to: string | null = null, branch?: string): Promise<string> {
  const account = (await rest("owner", `/v1/getState?account=${key.address}${branch ? `&branch=${branch}` : ""}`)).json as unknown as { nonce: number };
  const bytes = utf8Bytes(JSON.stringify(payload));
  return toHex(buildTx({ type, key, chainIdHash: info.chainIdHash, nonce: account.nonce + 1, to, gasPrice: 0n, gasLimit: 5_000_000, payload: bytes }).bytes);
}

/** Opens the live stream and reports its status code, without waiting for the (endless) body. */
function streamStatus(role: RoleName, repo: string, branch?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${hub.url}/api/stream?repo=${encodeURIComponent(repo)}${branch ? `&branch=${branch}` : ""}`, { headers: who(role) ? { authorization: `Bearer ${who(role)!.token}` } : {} }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    req.on("error", reject);
    req.setTimeout(5000, () => req.destroy(new Error("stream timeout")));
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-access-"));
  hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: "250" } });
  for (const role of ["outsider", "reader", "writer", "admin", "owner"] as const) {
    const username = role === "owner" ? "olivia" : `${role}-person`;
    people[role] = await signInWithKey(hub, devKeyPair(`access-matrix-${role}`), username);
  }
  expect((await createRepo(hub, people.owner, "vault", "private")).error).toBeNull();
  for (const role of ["reader", "writer", "admin"] as const) {
    const invited = await directoryChange(hub, REPO, { kind: "invite", username: people[role].username, address: people[role].key.address, role }, people.owner);
    expect(invited.error, invited.text).toBeNull();
  }
  // A branch, so branch reads and merge previews have something to read.
  const branched = await directoryChange(hub, REPO, { kind: "createBranch", name: "feature", from: "main", height: 0 }, people.owner);
  expect(branched.error, branched.text).toBeNull();
  info = (await rest("owner", "/v1/getChainInfo")).json as unknown as ChainInfoJSON;
  const tx = await signedTx(people.writer.key, "deploy", { source: TOKEN_EXAMPLE, args: ["Vault Token", 1000] });
  const deployed = await rest("writer", "/v1/sendSignedTransaction", REPO, { tx, wait: "block" });
  expect(deployed.status, deployed.text).toBe(200);
  const receipt = deployed.json as unknown as ReceiptJSON;
  contract = receipt.contractAddress!;
  deployTx = receipt.txHash;
  deployHeight = receipt.blockHeight!;
  await waitUntil("the deploy is indexed", async () => {
    const r = await trpcQuery(hub, "contracts.recent", { repo: REPO }, people.owner);
    return (r.data as { address: string }[] | undefined)?.some((c) => c.address === contract) ? true : undefined;
  });
  const source = await trpcMutation(hub, "sources.create", { repo: REPO, path: SOURCE_PATH, template: "token" }, people.writer);
  expect(source.error, source.text).toBeNull();

  // The hidden branch starts at the deploy's block; then a ledger deployed and written only there.
  const hiddenBranch = await directoryChange(hub, REPO, { kind: "createBranch", name: HIDDEN_BRANCH, from: "main", height: deployHeight }, people.owner);
  expect(hiddenBranch.error, hiddenBranch.text).toBeNull();
  const onHidden = `?branch=${HIDDEN_BRANCH}`;
  const ledgerTx = await signedTx(people.writer.key, "deploy", { source: ledgerSource(HIDDEN_CONTRACT_NAME), args: [HIDDEN_CELL] }, null, HIDDEN_BRANCH);
  const ledger = await rest("writer", `/v1/sendSignedTransaction${onHidden}`, REPO, { tx: ledgerTx, wait: "block" });
  expect(ledger.status, ledger.text).toBe(200);
  const ledgerAddress = (ledger.json as unknown as ReceiptJSON).contractAddress!;
  const noteTx = await signedTx(people.writer.key, "call", { procedure: "note", args: [HIDDEN_EVENT_ARG] }, ledgerAddress, HIDDEN_BRANCH);
  const noted = await rest("writer", `/v1/sendSignedTransaction${onHidden}`, REPO, { tx: noteTx, wait: "block" });
  expect(noted.status, noted.text).toBe(200);
  const noteReceipt = noted.json as unknown as ReceiptJSON;
  expect(noteReceipt.status, noted.text).toBe("success");
  hidden = { branch: HIDDEN_BRANCH, contract: ledgerAddress, tx: noteReceipt.txHash, height: noteReceipt.blockHeight!, view: "body", viewArgs: [2], table: "notes", column: "body", key: [2] };
  hiddenBlockHash = ((await rest("owner", `/v1/getBlock?number=${hidden.height}&branch=${HIDDEN_BRANCH}`)).json as unknown as { block: { hash: string } }).block.hash;
  await waitUntil("the hidden branch's call is indexed", async () => {
    const r = await trpcQuery(hub, "contracts.events", { repo: REPO, branch: HIDDEN_BRANCH, address: ledgerAddress }, people.owner);
    return JSON.stringify(r.data ?? null).includes(HIDDEN_EVENT_ARG) ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const onMain = (): ReadTarget => ({ contract, tx: deployTx, height: deployHeight, view: "balanceOf", viewArgs: [people.writer.key.address], table: "balances", column: "amount", key: [people.writer.key.address] });

/** Every repository-scoped read, by door, naming what `at` names (on its branch, when it has one). */
function reads(at: ReadTarget = onMain()): { door: string; run: (role: RoleName, repo: string) => Promise<{ status: number; text: string }> }[] {
  const onBranch = at.branch === undefined ? {} : { branch: at.branch };
  const q = (proc: string, input: Record<string, unknown>) => ({
    door: `tRPC ${proc}`,
    run: async (role: RoleName, repo: string) => trpcQuery(hub, proc, { repo, ...onBranch, ...input }, who(role)),
  });
  const branchQuery = at.branch === undefined ? "" : `branch=${at.branch}`;
  const g = (endpoint: string) => ({
    door: `GET /v1/${endpoint}`,
    run: (role: RoleName, repo: string) => rest(role, `/v1/${endpoint}${branchQuery ? `${endpoint.includes("?") ? "&" : "?"}${branchQuery}` : ""}`, repo),
  });
  const writerAddress = people.writer.key.address;
  const key = encodeURIComponent(JSON.stringify(at.key));
  const { contract, tx, height } = at;
  return [
    q("chain.info", {}),
    q("branches.list", {}),
    q("branches.previewMerge", { source: "feature", target: "main" }),
    q("branches.graph", {}),
    q("branches.diff", { from: { branch: "main" }, to: { branch: at.branch ?? "feature" } }),
    q("chain.info", { branch: "feature" }),
    q("blocks.list", { branch: "feature" }),
    q("chain.throughput", {}),
    q("chain.indexStats", {}),
    q("blocks.list", {}),
    q("blocks.get", { id: height }),
    q("blocks.header", { id: height }),
    q("blocks.txs", { height }),
    q("blocks.verify", { height }),
    q("transactions.get", { hash: tx }),
    q("transactions.recent", {}),
    q("accounts.get", { address: writerAddress }),
    q("accounts.proof", { address: writerAddress }),
    q("accounts.activity", { address: writerAddress }),
    q("accounts.txs", { address: writerAddress }),
    q("contracts.list", {}),
    q("contracts.recent", {}),
    q("contracts.deployment", { address: contract }),
    q("contracts.get", { address: contract }),
    q("contracts.query", { address: contract, view: at.view, args: at.viewArgs }),
    q("contracts.queryProof", { address: contract, view: at.view, args: at.viewArgs }),
    q("contracts.simulationState", { address: contract }),
    q("contracts.table", { address: contract, table: at.table }),
    q("contracts.cell", { address: contract, table: at.table, column: at.column, key: at.key }),
    q("contracts.rowHistory", { address: contract, table: at.table, key: at.key }),
    q("contracts.events", { address: contract }),
    q("names.get", { name: "vault.token" }),
    q("names.proof", { name: "vault.token" }),
    q("names.price", {}),
    q("names.ofAddress", { address: writerAddress }),
    q("names.ofAddresses", { addresses: [writerAddress, contract] }),
    q("market.installs", {}),
    q("market.installTarget", { package: "escrow" }),
    q("governance.overview", {}),
    q("governance.proposals", {}),
    q("governance.proposal", { id: tx }),
    q("governance.staking", { address: writerAddress }),
    q("repos.get", {}),
    q("repos.producers", {}),
    q("repos.related", {}),
    q("sources.list", {}),
    q("sources.get", { path: SOURCE_PATH }),
    q("sources.scope", {}),
    g("getChainInfo"),
    g("getBranches"),
    g(`getDiff?from=${at.branch ?? "feature"}&to=main`),
    g("getMergePreview?source=feature&target=main"),
    g(`getBlock?number=${height}`),
    g(`verifyBlock?number=${height}`),
    g(`getTx?hash=${tx}`),
    g(`getReceipt?hash=${tx}`),
    g(`getBalance?account=${writerAddress}`),
    g(`getState?account=${writerAddress}&proof=true`),
    g(`getContract?address=${contract}`),
    g(`getContractTable?address=${contract}&table=${at.table}`),
    g(`getContractCell?address=${contract}&table=${at.table}&column=${at.column}&key=${key}`),
    g(`getRowHistory?address=${contract}&table=${at.table}&key=${key}`),
    g(`getEvents?address=${contract}`),
    g("getNameInfo?name=vault.token"),
    g("getNamePrice"),
    g("getProposals"),
    g(`getStaking?account=${writerAddress}`),
    g("getVotes"),
    g("getMarketListings"),
    { door: "POST /v1/queryContract", run: (role, repo) => rest(role, `/v1/queryContract${branchQuery ? `?${branchQuery}` : ""}`, repo, { address: contract, view: at.view, args: at.viewArgs }) },
    { door: "GET /api/stream", run: async (role, repo) => ({ status: await streamStatus(role, repo, at.branch), text: "" }) },
  ];
}

// What is not scoped to one repository: checked by the tests below, each for its own rule.
const NOT_REPO_SCOPED = new Set(["faucet.request", "contracts.compile", "accounts.search", "repos.explore", "repos.mine", "repos.producerChoices", "repos.create", "repos.applyEntry", "people.me", "people.lookup", "sources.templates",
  // The marketplace lives on the root chain: public reads and the viewer's own standing (server/market/market.test.ts).
  "market.list", "market.tags", "market.listing", "market.reviews", "market.params", "market.mine", "market.purchases", "market.dashboard"]);
const ADMIN_ONLY = new Set(["repos.auditTrail", "repos.usage"]);
const WRITES = new Set(["transactions.send", "sources.save", "sources.create", "sources.remove", "sources.rename", "market.install"]);
/** /v1 endpoints outside reads(), each checked by its own test: writes here, the rest where named. */
const REST_WRITES = new Set(["sendsignedtransaction", "installmarketlisting"]);
const REST_ELSEWHERE = new Set([
  // Drips on the root chain whatever `repo` says (server/abuse/doors.test.ts, server/hub/faucetDoor.ts).
  "faucet",
  // The root chain's marketplace, one package or purchase at a time (server/market/market.test.ts); getMarketListings is in reads().
  "getmarketlisting", "getmarketpurchase", "getmarketreviews",
  // One proposal by id: getProposals is in reads(); server/rest/governance.test.ts reads one.
  "getproposal",
]);
const restEndpointOf = (door: string) => /^(?:GET|POST) \/v1\/([A-Za-z]+)/.exec(door)?.[1]?.toLowerCase();

/** Members get 200 from every door; the others the same 404 a missing repository gives, with none of `secrets`. */
async function expectMembersOnly(doors: ReturnType<typeof reads>, secrets: readonly string[]) {
  for (const r of doors) {
    for (const role of ROLES) {
      const a = await r.run(role, REPO);
      if (MEMBER_ROLES.includes(role)) {
        expect(a.status, `${r.door} as ${role}: ${a.text.slice(0, 200)}`).toBe(200);
      } else {
        const missing = await r.run(role, MISSING);
        expect(a.status, `${r.door} as ${role}`).toBe(404);
        expect(a.text.replaceAll(REPO, MISSING), `${r.door} as ${role} differs from a missing repository`).toBe(missing.text);
        for (const s of secrets) expect(a.text, `${r.door} as ${role} leaks ${s}`).not.toContain(s);
      }
    }
  }
}

describe("access control on a private repository", () => {
  it("covers every tRPC procedure: a new one must be classified here before it ships", () => {
    const procedures = Object.keys((appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures);
    const covered = new Set([...reads().map((r) => r.door.replace(/^tRPC /, "")), ...NOT_REPO_SCOPED, ...ADMIN_ONLY, ...WRITES]);
    expect(procedures.filter((p) => !covered.has(p))).toEqual([]);
  });

  it("covers every /v1 endpoint: a new one must be classified here before it ships", () => {
    const covered = new Set([...reads().flatMap((r) => restEndpointOf(r.door) ?? []), ...REST_WRITES, ...REST_ELSEWHERE]);
    expect(REST_ENDPOINTS.map((e) => e.name).filter((name) => !covered.has(name))).toEqual([]);
    // What writes is what REST_WRITES says (a write door needs the writer role: the test below).
    expect(REST_ENDPOINTS.filter((e) => e.write || e.method === "POST").map((e) => e.name).sort()).toEqual([...REST_WRITES, "faucet", "querycontract"].sort());
  });

  it("installing a market listing over /v1 needs the writer role; outsiders get what a missing repository gives", async () => {
    const install = (role: RoleName, repo: string) => rest(role, "/v1/installMarketListing", repo, { package: "no-such-package", version: "1.0.0" });
    for (const role of ROLES) {
      const a = await install(role, REPO);
      if (role === "anonymous" || role === "outsider") {
        expect(a.status, `${role}: ${a.text}`).toBe(404);
        expect(a.text.replaceAll(REPO, MISSING)).toBe((await install(role, MISSING)).text);
      } else if (role === "reader") {
        expect(a.status, a.text).toBe(403);
      } else {
        // Past access control: refused for the package, not for the person.
        expect(a.status, `${role}: ${a.text}`).not.toBe(403);
        expect(a.text).not.toMatch(/No repository/);
      }
    }
  });

  it("members read through every door; anonymous viewers and outsiders get exactly what a missing repository gives", async () => {
    const secrets = () => [contract, deployTx, info.chainIdHash, "Vault Token", HIDDEN_BRANCH];
    await expectMembersOnly(reads(), secrets());
  }, 120_000);

  it("a branch's own data reaches its members through every door with branch=, and nobody else", async () => {
    const members = reads(hidden);
    // The members' answers carry what only the branch holds (so the doors really read the branch).
    const seen = new Set<string>();
    for (const r of members) {
      const a = await r.run("reader", REPO);
      for (const s of [HIDDEN_CELL, HIDDEN_EVENT_ARG, HIDDEN_CONTRACT_NAME, hidden.contract, hidden.tx]) if (a.text.includes(s)) seen.add(s);
    }
    expect([...seen].sort()).toEqual([HIDDEN_CELL, HIDDEN_EVENT_ARG, HIDDEN_CONTRACT_NAME, hidden.contract, hidden.tx].sort());
    // Main never shows them: the branch's writes stayed on the branch.
    for (const r of reads()) {
      const a = await r.run("owner", REPO);
      for (const s of [HIDDEN_CELL, HIDDEN_EVENT_ARG, HIDDEN_CONTRACT_NAME, hidden.tx]) expect(a.text, `${r.door} on main shows ${s}`).not.toContain(s);
    }
    await expectMembersOnly(members, [HIDDEN_BRANCH, HIDDEN_CELL, HIDDEN_EVENT_ARG, HIDDEN_CONTRACT_NAME, hidden.contract, hidden.tx, hiddenBlockHash, info.chainIdHash]);
  }, 180_000);

  it("search finds the hidden branch's contract, transaction and block for members only, naming the branch", async () => {
    for (const q of [hidden.contract, hidden.tx, hiddenBlockHash]) {
      for (const role of ROLES) {
        const found = await trpcQuery(hub, "accounts.search", { q }, who(role));
        expect(found.status, found.text).toBe(200);
        if (MEMBER_ROLES.includes(role)) {
          expect(found.data, `search ${q} as ${role}`).toMatchObject({ repo: REPO, branch: HIDDEN_BRANCH });
        } else {
          for (const s of [REPO, HIDDEN_BRANCH, "vault"]) expect(found.text, `search ${q} as ${role} leaks ${s}`).not.toContain(s);
          // An address is "found" as a fresh account of the root chain; a hash is not found at all.
          expect(found.data, `search ${q} as ${role}`).toEqual(q === hidden.contract ? { kind: "address", id: q, repo: "aergo/main" } : null);
        }
      }
    }
  });

  it("search, explore and my repositories never list a private row to an outsider", async () => {
    for (const role of ROLES) {
      const found = await trpcQuery(hub, "accounts.search", { q: contract }, who(role));
      expect(found.status).toBe(200);
      // An address is always "found" (it may be a fresh account); what must not leak is where.
      expect(JSON.stringify(found.data).includes(REPO), `search as ${role}: ${JSON.stringify(found.data)}`).toBe(MEMBER_ROLES.includes(role));
      const explore = await trpcQuery(hub, "repos.explore", { q: "" }, who(role));
      expect(JSON.stringify(explore.data)).not.toContain(REPO);
      if (role !== "anonymous") {
        const mine = await trpcQuery(hub, "repos.mine", undefined, who(role));
        expect(JSON.stringify(mine.data).includes(REPO), `mine as ${role}`).toBe(MEMBER_ROLES.includes(role));
      }
    }
    expect((await trpcQuery(hub, "repos.mine", undefined, null)).status).toBe(401);
  });

  it("only admins and owners see the audit trail and usage", async () => {
    for (const proc of ADMIN_ONLY) {
      for (const role of ROLES) {
        const a = await trpcQuery(hub, proc, { repo: REPO }, who(role));
        const expected = role === "admin" || role === "owner" ? 200 : role === "reader" || role === "writer" ? 403 : 404;
        expect(a.status, `${proc} as ${role}: ${a.text.slice(0, 200)}`).toBe(expected);
      }
    }
    const trail = await trpcQuery(hub, "repos.auditTrail", { repo: REPO }, people.owner);
    const kinds = (trail.data as { entry: { action: { kind: string; username?: string } } }[]).map((b) => `${b.entry.action.kind}:${b.entry.action.username ?? ""}`);
    expect(kinds).toEqual(["createBranch:", "createBranch:", "invite:admin-person", "invite:writer-person", "invite:reader-person", "create:"]);
  });

  it("writers, admins and owners write; readers are refused, outsiders see nothing; refused writes change nothing", async () => {
    const listed = async () => ((await trpcQuery(hub, "contracts.list", { repo: REPO }, people.owner)).data as string[]).slice().sort();
    const contractsBefore = await listed();
    const expected: Record<RoleName, number> = { anonymous: 404, outsider: 404, reader: 403, writer: 200, admin: 200, owner: 200 };
    const accepted: string[] = [];
    const refused: string[] = [];
    const hashOf = (hex: string) => decodeTx(fromHex(hex)).hashText;
    for (const role of ROLES) {
      const key = role === "anonymous" ? people.outsider.key : people[role].key;
      const tx = await signedTx(key, "deploy", { source: TOKEN_EXAMPLE, args: [`by ${role}`, 5] });
      const viaRest = await rest(role, "/v1/sendSignedTransaction", REPO, { tx, wait: "receipt" });
      expect(viaRest.status, `REST send as ${role}: ${viaRest.text.slice(0, 200)}`).toBe(expected[role]);
      if (viaRest.status === 200) accepted.push((viaRest.json as unknown as ReceiptJSON).contractAddress!);
      else refused.push(hashOf(tx));
      const tx2 = await signedTx(key, "deploy", { source: TOKEN_EXAMPLE, args: [`by ${role} via tRPC`, 5] });
      const viaTrpc = await trpcMutation(hub, "transactions.send", { repo: REPO, tx: tx2 }, who(role));
      expect(viaTrpc.status, `tRPC send as ${role}: ${viaTrpc.text.slice(0, 200)}`).toBe(expected[role]);
      if (viaTrpc.status === 200) accepted.push((viaTrpc.data as ReceiptJSON).contractAddress!);
      else refused.push(hashOf(tx2));
    }
    // A writer's session cannot carry a reader's signature: the chain admits by signer.
    const readerSigned = await signedTx(people.reader.key, "deploy", { source: TOKEN_EXAMPLE, args: ["smuggled", 5] });
    const smuggled = await rest("writer", "/v1/sendSignedTransaction", REPO, { tx: readerSigned });
    expect(smuggled.status).toBe(403);
    expect(smuggled.json.error?.code).toBe("FORBIDDEN");
    refused.push(hashOf(readerSigned));
    expect(accepted).toHaveLength(6);
    // A refused transaction never reached the pool, so no later block can hold it...
    for (const hash of refused) expect((await rest("owner", `/v1/getTx?hash=${hash}`)).status, `refused tx ${hash}`).toBe(404);
    // ...and once the accepted deploys are sealed (contracts are listed once sealed), the list is
    // exactly the earlier contracts and these, whenever each block came.
    const after = await waitUntil("the accepted deploys are sealed", async () => {
      const now = await listed();
      return accepted.every((a) => now.includes(a)) ? now : undefined;
    });
    expect(after).toEqual([...contractsBefore, ...accepted].sort());
  });

  it("source files: writers save, readers are refused, outsiders see nothing; refused saves change nothing", async () => {
    const file = async () => (await trpcQuery(hub, "sources.get", { repo: REPO, path: SOURCE_PATH }, people.owner)).data as { content: string; version: number };
    const expected: Record<RoleName, number> = { anonymous: 404, outsider: 404, reader: 403, writer: 200, admin: 200, owner: 200 };
    for (const role of ROLES) {
      const before = await file();
      const saved = await trpcMutation(hub, "sources.save", { repo: REPO, path: SOURCE_PATH, content: `-- by ${role}\n${before.content}`, baseVersion: before.version }, who(role));
      expect(saved.status, `sources.save as ${role}: ${saved.text.slice(0, 200)}`).toBe(expected[role]);
      const created = await trpcMutation(hub, "sources.create", { repo: REPO, path: `contracts/${role}.sql`, template: null }, who(role));
      expect(created.status, `sources.create as ${role}`).toBe(expected[role]);
      const after = await file();
      expect(after.version).toBe(saved.status === 200 ? before.version + 1 : before.version);
      if (saved.status !== 200) expect(after.content).toBe(before.content);
    }
    const paths = ((await trpcQuery(hub, "sources.list", { repo: REPO }, people.reader)).data as { path: string }[]).map((f) => f.path);
    expect(paths).toEqual(["contracts/admin.sql", "contracts/owner.sql", SOURCE_PATH, "contracts/writer.sql"]);
  });

  it("directory changes need the role; bad ones are refused with clear errors and change nothing", async () => {
    // The directory, not the whole summary: the chain keeps making blocks meanwhile.
    const directory = async () => JSON.stringify(((await trpcQuery(hub, "repos.get", { repo: REPO }, people.owner)).data as { directory: unknown }).directory);
    const before = await directory();
    const cases: { who: Person; reader?: Person; action: Parameters<typeof directoryChange>[2]; status: number; message: RegExp }[] = [
      { who: people.reader, action: { kind: "invite", username: people.outsider.username, address: people.outsider.key.address, role: "reader" }, status: 403, message: /admin|owner|may not|role/i },
      { who: people.outsider, reader: people.owner, action: { kind: "invite", username: people.outsider.username, address: people.outsider.key.address, role: "owner" }, status: 404, message: /No repository/ },
      { who: people.admin, action: { kind: "remove", username: "olivia" }, status: 403, message: /owner/i },
      { who: people.owner, action: { kind: "remove", username: "olivia" }, status: 400, message: /last owner/i },
      { who: people.owner, action: { kind: "setRole", username: "olivia", role: "admin" }, status: 400, message: /last owner/i },
      { who: people.owner, action: { kind: "invite", username: "nobody-here", address: people.outsider.key.address, role: "reader" }, status: 404, message: /sign up/i },
      { who: people.owner, action: { kind: "invite", username: people.reader.username, address: people.reader.key.address, role: "reader" }, status: 409, message: /already/i },
      { who: people.reader, action: { kind: "createBranch", name: "mine", from: "main", height: 0 }, status: 403, message: /writer/i },
      { who: people.reader, action: { kind: "merge", source: "feature", target: "main", digest: "0".repeat(64) }, status: 403, message: /writer/i },
      { who: people.writer, action: { kind: "deleteBranch", name: "feature" }, status: 403, message: /admin/i },
      { who: people.owner, action: { kind: "deleteBranch", name: "main" }, status: 400, message: /main branch/i },
      { who: people.owner, action: { kind: "createBranch", name: "feature", from: "main", height: 0 }, status: 409, message: /already exists/i },
      { who: people.owner, action: { kind: "createBranch", name: "far", from: "main", height: 9_999_999 }, status: 400, message: /sealed block/i },
      { who: people.owner, action: { kind: "merge", source: "feature", target: "main", digest: "0".repeat(64) }, status: 409, message: /preview it again/i },
      { who: people.owner, action: { kind: "merge", source: "main", target: "main", digest: "0".repeat(64) }, status: 400, message: /itself/i },
      // consistent merges: an unknown mode, a malformed resolution
      { who: people.owner, action: { kind: "createBranch", name: "odd", from: "main", height: 0, mergeMode: "sideways" } as unknown as Parameters<typeof directoryChange>[2], status: 400, message: /automated|consistent|mergeMode/i },
      { who: people.owner, action: { kind: "merge", source: "feature", target: "main", digest: "0".repeat(64), resolutions: [{ contract: "x", table: "t", key: [], take: "ours" }] }, status: 400, message: /key|resolutions/i },
      { who: people.owner, action: { kind: "merge", source: "feature", target: "main", digest: "0".repeat(64), mode: "consistent" }, status: 409, message: /preview it again/i },
    ];
    for (const c of cases) {
      const a = await directoryChange(hub, REPO, c.action, c.who, c.reader ?? c.who);
      expect(a.status, `${c.action.kind} by ${c.who.username}: ${a.text.slice(0, 300)}`).toBe(c.status);
      expect(a.error?.message).toMatch(c.message);
    }
    expect(await directory()).toBe(before);
  });

  it("a public repository is readable by anyone and writable only by its writers", async () => {
    expect((await createRepo(hub, people.owner, "open", "public")).error).toBeNull();
    const repo = "olivia/open";
    expect((await trpcQuery(hub, "repos.get", { repo }, null)).status).toBe(200);
    expect((await rest("anonymous", "/v1/getChainInfo", repo)).status).toBe(200);
    expect(await streamStatus("anonymous", repo)).toBe(200);
    const publicInfo = (await rest("owner", "/v1/getChainInfo", repo)).json as unknown as ChainInfoJSON;
    const tx = toHex(buildTx({ type: "deploy", key: people.outsider.key, chainIdHash: publicInfo.chainIdHash, nonce: 1, gasPrice: 0n, gasLimit: 5_000_000, payload: deployPayloadBytes(TOKEN_EXAMPLE, ["x", 1]) }).bytes);
    const refused = await rest("outsider", "/v1/sendSignedTransaction", repo, { tx });
    expect(refused.status).toBe(403);
    expect((await rest("anonymous", "/v1/sendSignedTransaction", repo, { tx })).status).toBe(401);
  });

  it("a cookie-carrying write from another site is refused (CSRF)", async () => {
    const a = await hub.request("/api/trpc/repos.applyEntry", { method: "POST", body: "{}", headers: { "content-type": "application/json", cookie: `authjs.session-token=${people.owner.token}`, origin: "https://evil.example" } });
    expect(a.status).toBe(403);
    expect(a.text).toMatch(/Cross-site request refused/);
  });
});
