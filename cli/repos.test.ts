/**
 * Sign-in, repositories and access control through the real `aergo` CLI against one real hub:
 * two people (alice and bob, each with their own $AERGO_HOME and key) and a private repository.
 */
import fs from "node:fs/promises";
import http from "node:http";
import type net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKeyPair } from "../chain/crypto/keys.ts";
import { signStatement } from "../chain/crypto/statement.ts";
import type { ReceiptJSON } from "../chain/types.ts";
import { startCliHarness, type CliHarness } from "./testing.ts";

const TOKEN = path.join("examples", "contracts", "token.sql");
const REGISTRY = path.join("examples", "contracts", "registry.sql");

type SessionOut = { hub: string; username: string; address: string; key: string; expiresAt: string };
type RepoItem = { fullName: string; visibility: string; role: string | null; height: number };
type Member = { username: string; role: string; address: string; addedBy: string };
type ContractReceipt = ReceiptJSON & { contractAddress: string | null };
type Table = { columns: string[]; rows: unknown[][]; total: number };

let cli: CliHarness;
/** Each person's own $AERGO_HOME (keys, session, contract names). */
const homes = { alice: "", bob: "", anonymous: "" };
const as = (who: keyof typeof homes) => ({ AERGO_HOME: homes[who] });

async function withProxy<T>(rewrite: (url: string, body: string) => string, use: (url: string) => Promise<T>): Promise<T> {
  const proxy = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const upstream = await fetch(cli.hubUrl + req.url!, {
        method: req.method,
        headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => ["content-type", "authorization", "x-aergo-repo"].includes(k)) as [string, string][]),
        body: req.method === "GET" ? undefined : Buffer.concat(chunks),
      });
      const body = rewrite(req.url!, await upstream.text());
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(body);
    })();
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  try {
    return await use(`http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`);
  } finally {
    proxy.closeAllConnections();
    await new Promise((r) => proxy.close(r));
  }
}

beforeAll(async () => {
  cli = await startCliHarness({ ports: [3700, 3719], prefix: "aergo-cli-repos-" });
  for (const who of Object.keys(homes) as (keyof typeof homes)[]) homes[who] = path.join(cli.tmp, who);
  await Promise.all(
    (["alice", "bob"] as const).map(async (who) => {
      const r = await cli.run(["keys", "new", who], as(who));
      if (r.code !== 0) throw new Error(`aergo keys new ${who}: ${r.stderr}`);
    }),
  );
});

afterAll(async () => {
  await cli?.stop();
});

describe("aergo login, repo and --repo against a running hub", () => {
  let alice = "";
  let ledgerToken = "";

  it("creates an account at the first login with a username, reuses it at the next, and never prints the token", async () => {
    const unknown = await cli.runFail(["login", "--key", "alice"], as("alice"));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No account on http:\/\/127\.0\.0\.1:\d+ uses the key "alice" .*pass --username USER to create one/);
    const notYet = await cli.runFail(["whoami"], as("alice"));
    expect(notYet.stderr).toMatch(/not signed in .*Run aergo login --key NAME first/);

    const first = await cli.run(["login", "--key", "alice", "--username", "alice", "--json"], as("alice"));
    expect(first.code, first.stderr).toBe(0);
    const created = JSON.parse(first.stdout) as SessionOut;
    expect(created).toEqual({ hub: cli.hubUrl, username: "alice", address: expect.stringMatching(/^A/), key: "alice", expiresAt: expect.any(String) });
    alice = created.address;
    expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now() + 24 * 3600_000);

    // The token is in session.json (owner-only) and nowhere in any output.
    const file = path.join(homes.alice, "session.json");
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    const token = (JSON.parse(await fs.readFile(file, "utf8")) as { sessions: Record<string, { token: string }> }).sessions[cli.hubUrl]!.token;
    expect(token.length).toBeGreaterThan(20);
    const whoami = await cli.run(["whoami", "--json"], as("alice"));
    const text = await cli.run(["whoami"], as("alice"));
    for (const out of [first, whoami, text]) expect(out.stdout + out.stderr).not.toContain(token);
    expect(JSON.parse(whoami.stdout)).toEqual(created);
    expect(text.stdout).toContain(`alice (${alice})`);

    // Logging out forgets it; the same key signs in to the same account without a username.
    expect(await cli.runJson(["logout"], as("alice"))).toEqual({ hub: cli.hubUrl, username: "alice", signedOut: true });
    expect((await cli.runFail(["whoami"], as("alice"))).stderr).toMatch(/Run aergo login --key NAME first/);
    const again = await cli.runJson<SessionOut>(["login", "--key", "alice"], as("alice"));
    expect(again).toMatchObject({ username: "alice", address: alice });

    const bob = await cli.runJson<SessionOut>(["login", "--key", "bob", "--username", "bob"], as("bob"));
    expect(bob.username).toBe("bob");
    const other = { AERGO_HOME: path.join(cli.tmp, "other") };
    expect((await cli.run(["keys", "new", "carol"], other)).code).toBe(0);
    const taken = await cli.runFail(["login", "--key", "carol", "--username", "alice"], other);
    expect(taken.stderr).toMatch(/The username "alice" is taken.*\(CONFLICT\)/);
  });

  it("refuses a forged signature, a replayed challenge and a tampered challenge, and keeps no session", async () => {
    const key = createKeyPair();
    const post = async (p: string, body: unknown) => cli.hub.request(p, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    const challenge = (await post("/v1/auth/challenge", {})).json as { id: string; text: string };
    const forged = await post("/v1/auth/key", { challengeId: challenge.id, address: key.address, signature: signStatement(key, "sign-in", `${challenge.text}\nextra`), username: "mallory" });
    expect(forged.status).toBe(400);
    expect(forged.json).toMatchObject({ error: { code: "BAD_SIGNATURE" } });
    // The failed attempt spent the challenge: even a good signature over it is refused now.
    const replayed = await post("/v1/auth/key", { challengeId: challenge.id, address: key.address, signature: signStatement(key, "sign-in", challenge.text), username: "mallory" });
    expect(replayed.status).toBe(401);
    expect(replayed.json).toMatchObject({ error: { code: "UNAUTHENTICATED" } });
    const made = await post("/v1/auth/key", { challengeId: "0".repeat(32), address: key.address, signature: signStatement(key, "sign-in", challenge.text), username: "mallory" });
    expect(made.status).toBe(401);

    // A man in the middle changes the challenge, or relays the hub's own one (it names the hub's
    // origin, not the relay's): the CLI refuses to sign either, and keeps no session.
    for (const rewrite of [
      (url: string, body: string) => (url.endsWith("/v1/auth/challenge") ? JSON.stringify({ ...(JSON.parse(body) as object), text: "Sign in to somewhere else" }) : body),
      (_url: string, body: string) => body,
    ]) {
      await withProxy(rewrite, async (proxyUrl) => {
        const r = await cli.runFail(["login", "--key", "alice", "--hub", proxyUrl], as("alice"));
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/refusing to sign it/);
        const sessions = JSON.parse(await fs.readFile(path.join(homes.alice, "session.json"), "utf8")) as { sessions: Record<string, unknown> };
        expect(Object.keys(sessions.sessions)).toEqual([cli.hubUrl]);
      });
    }
    // None of it made an account for the forger.
    const sessions = JSON.parse(await fs.readFile(path.join(homes.alice, "session.json"), "utf8")) as { sessions: Record<string, { token: string }> };
    const lookup = await cli.hub.request(`/api/trpc/people.lookup?input=${encodeURIComponent(JSON.stringify({ username: "mallory" }))}`, { headers: { authorization: `Bearer ${sessions.sessions[cli.hubUrl]!.token}` } });
    expect(lookup.status).toBe(404);
  });

  it("creates a private repository that its owner lists, and deploys to it under a name of its own", { timeout: 120_000 }, async () => {
    const created = await cli.runJson<RepoItem & { consensus: string }>(["repo", "create", "ledger", "--private", "--description", "Alice's books"], as("alice"));
    expect(created).toMatchObject({ fullName: "alice/ledger", visibility: "private", consensus: "poa", access: { role: "owner" } });

    const list = await cli.runJson<RepoItem[]>(["repo", "list"], as("alice"));
    expect(list[0]).toMatchObject({ fullName: "alice/ledger", visibility: "private", role: "owner", height: expect.any(Number) });
    expect(list.find((r) => r.fullName === "aergo/main")).toMatchObject({ visibility: "public", role: null });
    expect(new Set(list.map((r) => r.fullName)).size).toBe(list.length);
    const anonymous = await cli.runJson<RepoItem[]>(["repo", "list"], as("anonymous"));
    expect(anonymous.map((r) => r.fullName)).toEqual(["aergo/main"]);

    const deployed = await cli.runJson<ContractReceipt>(["deploy", TOKEN, "--from", "alice", "--args", '["Ledger", "LDG", 1000]', "--name", "gold", "--repo", "alice/ledger", "--wait", "block"], as("alice"));
    expect(deployed.status).toBe("success");
    ledgerToken = deployed.contractAddress!;
    // The deploy's block re-executes from its parent's state to the roots of its header.
    const verified = await cli.runJson<{ status: string; txs: number; header: unknown; executed: unknown }>(["block", String(deployed.blockHeight), "--verify", "--repo", "alice/ledger"], as("alice"));
    expect(verified).toMatchObject({ status: "verified", txs: 1 });
    expect(verified.executed).toEqual(verified.header);
    expect((await cli.runFail(["block", String(deployed.blockHeight), "--verify", "--repo", "alice/ledger"], as("anonymous"))).stderr).toMatch(/not found|No repository/i);
    // Re-execution costs the hub what producing the block cost: signed-in people only.
    expect((await cli.runFail(["block", "1", "--verify"], as("anonymous"))).stderr).toMatch(/Sign in to re-execute a block/);
    // The same local name on the root chain is another contract, not a clash.
    await cli.runJson(["faucet", "alice", "50"], as("alice"));
    const root = await cli.runJson<ContractReceipt>(["deploy", TOKEN, "--from", "alice", "--args", '["Root", "RT", 5]', "--name", "gold"], as("alice"));
    expect(root.status).toBe("success");
    // Names are on each repository's own chain (free on a repository chain, 1 AERGO on the root).
    expect(await cli.runJson(["name", "show", "gold", "--repo", "alice/ledger"], as("alice"))).toMatchObject({ destination: ledgerToken });
    expect(await cli.runJson(["name", "show", "gold"], as("alice"))).toMatchObject({ destination: root.contractAddress });
    expect(await cli.runJson(["query", "gold", "totalSupply", "--repo", "alice/ledger"], as("alice"))).toMatchObject({ result: 1000 });
    expect(await cli.runJson(["query", "gold", "totalSupply"], as("alice"))).toMatchObject({ result: 5 });
    expect(await cli.runJson(["query", "gold", "totalSupply"], { ...as("alice"), AERGO_REPO: "alice/ledger" })).toMatchObject({ result: 1000 });
  });

  it("answers NOT_FOUND to an outsider for every door of the private repository", async () => {
    const doors = [
      ["query", ledgerToken, "totalSupply", "--repo", "alice/ledger"],
      ["table", ledgerToken, "balances", "--repo", "alice/ledger"],
      ["deploy", REGISTRY, "--from", "bob", "--repo", "alice/ledger"],
      ["chain", "--repo", "alice/ledger"],
      ["repo", "show", "alice/ledger"],
      ["repo", "members", "list", "alice/ledger"],
    ];
    for (const args of doors) {
      const r = await cli.runFail(args, as("bob"));
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(/^error: No repository alice\/ledger\. \(NOT_FOUND\)$/m);
    }
    const signedOut = await cli.runFail(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("anonymous"));
    expect(signedOut.stderr).toMatch(/NOT_FOUND[\s\S]*If alice\/ledger is private, sign in as one of its members/);
    expect((await cli.runJson<RepoItem[]>(["repo", "list"], as("bob"))).map((r) => r.fullName)).not.toContain("alice/ledger");
  });

  it("lets a reader read but not write, and a writer deploy", async () => {
    const added = await cli.runJson<{ repo: string; members: Member[] }>(["repo", "members", "add", "alice/ledger", "bob", "--role", "reader"], as("alice"));
    expect(added.members).toEqual([expect.objectContaining({ username: "alice", role: "owner" }), expect.objectContaining({ username: "bob", role: "reader", addedBy: "alice" })]);
    expect((await cli.runJson<RepoItem[]>(["repo", "list"], as("bob"))).find((r) => r.fullName === "alice/ledger")).toMatchObject({ visibility: "private", role: "reader" });

    const before = await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("bob"));
    expect(before.rows).toEqual([[alice, 1000]]);
    expect(await cli.runJson(["query", ledgerToken, "balanceOf", "--args", JSON.stringify([alice]), "--repo", "alice/ledger"], as("bob"))).toMatchObject({ result: 1000 });

    const bobAddress = (await cli.runJson<SessionOut>(["whoami"], as("bob"))).address;
    const refused = [
      await cli.runFail(["deploy", REGISTRY, "--from", "bob", "--repo", "alice/ledger"], as("bob")),
      await cli.runFail(["call", ledgerToken, "transfer", "--from", "bob", "--args", JSON.stringify([alice, 1]), "--repo", "alice/ledger"], as("bob")),
    ];
    for (const r of refused) expect(r.stderr).toMatch(/You may read alice\/ledger but not write to it.*\(FORBIDDEN\)/);
    expect(await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("bob"))).toMatchObject({ rows: before.rows, total: before.total });
    expect(await cli.runJson(["balance", bobAddress, "--repo", "alice/ledger"], as("bob"))).toMatchObject({ nonce: 0 });

    const promoted = await cli.runJson<{ members: Member[] }>(["repo", "members", "role", "alice/ledger", "bob", "--role", "writer"], as("alice"));
    expect(promoted.members.find((m) => m.username === "bob")?.role).toBe("writer");
    const deployed = await cli.runJson<ContractReceipt>(["deploy", REGISTRY, "--from", "bob", "--repo", "alice/ledger", "--name", "names"], as("bob"));
    expect(deployed.status).toBe("success");
    // The deploy and the name's registration (free on a repository chain): two transactions.
    expect(await cli.runJson(["balance", bobAddress, "--repo", "alice/ledger"], as("bob"))).toMatchObject({ nonce: 2 });
    expect(await cli.runJson(["name", "show", "names", "--repo", "alice/ledger"], as("bob"))).toMatchObject({ owner: bobAddress, destination: deployed.contractAddress });
  });

  it("branches: create at main's head, write on the branch only, read both, list, delete; refusals are one line", { timeout: 180_000 }, async () => {
    type BranchOut = { name: string; head: { height: number }; base: { branch: string; height: number } | null; pendingTxs: number };
    const created = await cli.runJson<BranchOut>(["branch", "create", "feature", "--repo", "alice/ledger"], as("alice"));
    expect(created).toMatchObject({ name: "feature", base: { branch: "main" } });
    expect(created.head.height).toBe(created.base!.height);
    const bobAddress = (await cli.runJson<SessionOut>(["whoami"], as("bob"))).address;
    const call = await cli.runJson<ContractReceipt>(["call", "gold", "transfer", "--from", "alice", "--args", JSON.stringify([bobAddress, 5]), "--repo", "alice/ledger", "--branch", "feature", "--wait", "final"], as("alice"));
    expect(call.status).toBe("success");
    // Nothing else goes to the branch: its own empty blocks make that one final, and the wait ends.
    expect(await cli.runJson(["tx", call.txHash, "--repo", "alice/ledger", "--branch", "feature"], as("alice"))).toMatchObject({ state: "final" });
    expect(await cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([bobAddress]), "--repo", "alice/ledger", "--branch", "feature"], as("alice"))).toMatchObject({ result: 5 });
    expect(await cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([bobAddress]), "--repo", "alice/ledger"], as("alice"))).toMatchObject({ result: 0 });
    expect(await cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([bobAddress]), "--repo", "alice/ledger"], { ...as("alice"), AERGO_BRANCH: "feature" })).toMatchObject({ result: 5 });
    const listed = await cli.runJson<BranchOut[]>(["branch", "list", "--repo", "alice/ledger"], as("alice"));
    expect(listed.map((b) => b.name)).toEqual(["main", "feature"]);
    expect(listed[1]!.head.height).toBeGreaterThan(created.head.height);

    const refusals: [string[], RegExp][] = [
      [["branch", "create", "Feature", "--repo", "alice/ledger"], /"Feature" is not a branch name/],
      [["branch", "create", "feature", "--repo", "alice/ledger"], /The branch "feature" already exists.*\(CONFLICT\)/],
      [["branch", "create", "old", "--at", "99999", "--repo", "alice/ledger"], /A branch starts at a sealed block/],
      [["branch", "create", "x", "--from", "nope", "--repo", "alice/ledger"], /There is no branch "nope"/],
      [["branch", "delete", "main", "--repo", "alice/ledger"], /The main branch cannot be deleted/],
      [["table", "gold", "balances", "--repo", "alice/ledger", "--branch", "nope"], /There is no branch "nope".*\(NOT_FOUND\)/],
    ];
    for (const [args, reason] of refusals) {
      const r = await cli.runFail(args, as("alice"));
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(reason);
    }
    expect((await cli.runFail(["chain", "--branch", "Bad Branch"], as("alice"))).code).toBe(2);
    expect((await cli.runJson<BranchOut[]>(["branch", "list", "--repo", "alice/ledger"], as("alice"))).map((b) => b.name)).toEqual(["main", "feature"]);

    // What feature changed since it left main, row by row: alice's balance and bob's new row.
    type DiffOut = { base: { height: number } | null; tables: { contract: string; table: string; rows: { kind: string; key: unknown[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null; changed: string[] }[] }[]; truncated: boolean };
    const diff = await cli.runJson<DiffOut>(["diff", "main...feature", "--repo", "alice/ledger", "--contract", "gold"], as("alice"));
    expect(diff.base?.height).toBe(created.base!.height);
    expect(diff.tables.map((t) => [t.contract, t.table])).toEqual([[ledgerToken, "balances"]]);
    const rows = new Map(diff.tables[0]!.rows.map((r) => [r.key[0], r]));
    expect(rows.get(alice)).toMatchObject({ kind: "changed", before: { amount: 1000 }, after: { amount: 995 }, changed: ["amount"] });
    expect(rows.get(bobAddress)).toMatchObject({ kind: "added", after: { owner: bobAddress, amount: 5 } });
    const text = await cli.run(["diff", "main", "feature", "--table", "balances", "--repo", "alice/ledger"], as("alice"));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^From main@\d+ to feature@\d+\.$/m);
    expect(text.stdout).toContain(`Token ${ledgerToken} balances: 1 added, 0 removed, 1 changed`);
    expect(text.stdout).toContain(`  ~ ${alice}  amount: 1000 → 995`);
    expect(text.stdout).toContain(`  + ${bobAddress}  owner=${bobAddress}, amount=5`);
    const limited = await cli.runJson<DiffOut>(["diff", "main...feature", "--limit", "1", "--contract", ledgerToken, "--repo", "alice/ledger"], as("alice"));
    expect(limited.truncated).toBe(true);
    expect((await cli.runJson<DiffOut>(["diff", `main@${created.base!.height}..feature@${created.base!.height}`, "--repo", "alice/ledger"], as("alice"))).tables).toEqual([]);
    const diffRefusals: [string[], keyof typeof homes, RegExp][] = [
      [["diff", "main..", "--repo", "alice/ledger"], "alice", /is not two chain points/],
      [["diff", "main", "Feature", "--repo", "alice/ledger"], "alice", /is not a chain point/],
      [["diff", "main", "nope", "--repo", "alice/ledger"], "alice", /There is no branch "nope".*\(NOT_FOUND\)/],
      [["diff", "main...feature", "--limit", "9000", "--repo", "alice/ledger"], "alice", /--limit 9000 is over 5000/],
      [["diff", "main", "feature", "--repo", "alice/ledger"], "anonymous", /No repository alice\/ledger\. \(NOT_FOUND\)/],
    ];
    for (const [args, who, reason] of diffRefusals) {
      const r = await cli.runFail(args, as(who));
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(reason);
    }

    // Merge feature into main: preview first (changes nothing), then the signed merge.
    type Preview = { applied: { txHash: string }[]; excluded: { reason: string }[]; digest: string };
    const preview = await cli.runJson<Preview>(["merge", "feature", "--into", "main", "--preview", "--repo", "alice/ledger"], as("alice"));
    expect(preview.applied.map((a) => a.txHash)).toEqual([call.txHash]);
    expect(await cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([bobAddress]), "--repo", "alice/ledger"], as("alice"))).toMatchObject({ result: 0 });
    const merged = await cli.run(["merge", "feature", "--repo", "alice/ledger"], as("alice"));
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/Merged feature .* into main/);
    expect(await cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([bobAddress]), "--repo", "alice/ledger"], as("alice"))).toMatchObject({ result: 5 });
    expect((await cli.runFail(["merge", "feature", "--repo", "alice/ledger"], as("alice"))).stderr).toMatch(/would change nothing/);
    expect((await cli.runFail(["merge", "main", "--into", "main", "--repo", "alice/ledger"], as("alice"))).stderr).toMatch(/cannot be merged into itself/);

    expect(await cli.runJson(["branch", "delete", "feature", "--repo", "alice/ledger"], as("alice"))).toEqual({ deleted: "feature", repo: "alice/ledger" });
    expect((await cli.runJson<BranchOut[]>(["branch", "list", "--repo", "alice/ledger"], as("alice"))).map((b) => b.name)).toEqual(["main"]);
  });

  it("consistent merges: both sides move the same token rows (no MERGE POLICY), the conflicts are resolved with --resolve", async () => {
    const bobAddress = (await cli.runJson<SessionOut>(["whoami"], as("bob"))).address;
    expect(await cli.runJson(["branch", "create", "c", "--consistent", "--repo", "alice/ledger"], as("alice"))).toMatchObject({ name: "c", mergeMode: "consistent" });
    const send = (n: number, branch: string) => cli.runJson<ContractReceipt>(["call", "gold", "transfer", "--from", "alice", "--args", JSON.stringify([bobAddress, n]), "--repo", "alice/ledger", "--branch", branch, "--wait", "block"], as("alice"));
    expect((await send(1, "c")).status).toBe("success");
    expect((await send(2, "main")).status).toBe("success");
    type Conflicts = { mode: string; mergeable: boolean; conflicts: { table: string; key: string[]; ours: { amount: number }; theirs: { amount: number } }[] };
    const conflicted = await cli.runJson<Conflicts>(["merge", "c", "--preview", "--repo", "alice/ledger"], as("alice"));
    expect(conflicted.mode).toBe("consistent");
    expect(conflicted.mergeable).toBe(false);
    const bobConflict = conflicted.conflicts.find((c) => c.key[0] === bobAddress)!;
    expect([bobConflict.ours.amount, bobConflict.theirs.amount]).toEqual([7, 6]);
    const stopped = await cli.runFail(["merge", "c", "--repo", "alice/ledger"], as("alice"));
    expect(stopped.stderr).toMatch(/! Token balances .*Both sides changed amount differently/);
    expect(stopped.stderr).toMatch(/resolve the 2 conflicts/);
    expect((await cli.runFail(["merge", "c", "--resolve", "balances:nobody=ours", "--repo", "alice/ledger"], as("alice"))).stderr).toMatch(/there is no such conflict/);
    const resolved = await cli.run(["merge", "c", "--resolve", `balances:${bobAddress}=theirs`, "--resolve", `balances:${alice}=theirs`, "--repo", "alice/ledger"], as("alice"));
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(resolved.stdout).toMatch(/Merged c .* into main \(head \d+\), consistent/);
    expect(await cli.runJson(["query", "gold", "balanceOf", "--args", JSON.stringify([bobAddress]), "--repo", "alice/ledger"], as("alice"))).toMatchObject({ result: 6 });
  });

  it("forks: a repository of bob's starts from alice/ledger's state at a block, copy-on-write, and goes its own way", async () => {
    const bobAddress = (await cli.runJson<SessionOut>(["whoami"], as("bob"))).address;
    // alice/ledger is private: a fork of it must be private too
    expect((await cli.runFail(["repo", "fork", "alice/ledger", "ledger-copy"], as("bob"))).stderr).toMatch(/a fork of it must be private too/);
    const forked = await cli.runJson<{ fullName: string; visibility: string; forkOf: { repo: string; branch: string; height: number } }>(["repo", "fork", "alice/ledger", "ledger-copy", "--private"], as("bob"));
    expect(forked).toMatchObject({ fullName: "bob/ledger-copy", visibility: "private", forkOf: { repo: "alice/ledger", branch: "main" } });
    // nothing was written to alice/ledger since the fork point: both chains hold the same rows
    const originBefore = await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("bob"));
    expect(await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "bob/ledger-copy"], as("bob"))).toMatchObject({ rows: originBefore.rows });
    const bobRow = originBefore.rows.find((r) => r[0] === bobAddress);
    // bob owns the fork: he writes there, alice's chain does not move
    expect((await cli.runJson<ContractReceipt>(["call", ledgerToken, "transfer", "--from", "bob", "--args", JSON.stringify([alice, 1]), "--repo", "bob/ledger-copy", "--wait", "block"], as("bob"))).status).toBe("success");
    expect(await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("bob"))).toMatchObject({ rows: originBefore.rows });
    const forkRows = (await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "bob/ledger-copy"], as("bob"))).rows;
    expect(forkRows.find((r) => r[0] === bobAddress)?.[1]).toBe(Number(bobRow![1]) - 1);
    // an outsider cannot fork what they cannot read, nor name a block that is not there
    expect((await cli.runFail(["repo", "fork", "alice/ledger", "mine", "--private"], as("anonymous"))).code).toBe(1);
    expect((await cli.runFail(["repo", "fork", "alice/ledger", "later", "--private", "--at", "99999999"], as("bob"))).stderr).toMatch(/no block at height 99999999|NOT_FOUND/);
  });

  it("merges across a fork: bob's fork into alice/ledger (a pull request) as OWNER/NAME:BRANCH, diffed and previewed first", async () => {
    const diff = await cli.run(["diff", "main...bob/ledger-copy:main", "--table", "balances", "--contract", ledgerToken, "--repo", "alice/ledger"], as("bob"));
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(/What bob\/ledger-copy:main@\d+ changed since it left main/);
    expect(diff.stdout).toMatch(/1 added, 0 removed, 1 changed|0 added, 0 removed, 2 changed/);
    type Preview = { sourceRepo: string; mode: string; mergeable: boolean; rows: { key: unknown[]; merged: { amount: number } | null }[] };
    const preview = await cli.runJson<Preview>(["merge", "bob/ledger-copy:main", "--into", "main", "--repo", "alice/ledger", "--preview"], as("bob"));
    expect(preview).toMatchObject({ sourceRepo: "bob/ledger-copy", mode: "consistent", mergeable: true });
    expect(preview.rows.length).toBeGreaterThan(0);
    // alice may write alice/ledger but cannot read bob's private fork; an automated merge cannot re-run another chain's transactions
    expect((await cli.runFail(["merge", "bob/ledger-copy:main", "--repo", "alice/ledger", "--preview"], as("alice"))).stderr).toMatch(/No repository bob\/ledger-copy/);
    expect((await cli.runFail(["merge", "bob/ledger-copy:main", "--mode", "automated", "--repo", "alice/ledger", "--preview"], as("bob"))).stderr).toMatch(/signed for its chain id/);
    expect((await cli.runFail(["merge", "bob/ledger-copy:main@3", "--repo", "alice/ledger"], as("bob"))).stderr).toMatch(/OWNER\/NAME:BRANCH/);
    const merged = await cli.run(["merge", "bob/ledger-copy:main", "--repo", "alice/ledger"], as("bob"));
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/Merged bob\/ledger-copy:main \(head \d+\) into main/);
    // once the merge's block is sealed, the origin's rows are the fork's
    const forkRows = (await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "bob/ledger-copy"], as("bob"))).rows;
    let originRows: unknown[][] = [];
    for (let i = 0; i < 50; i++) {
      originRows = (await cli.runJson<Table>(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("bob"))).rows;
      if (JSON.stringify(originRows) === JSON.stringify(forkRows)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(originRows).toEqual(forkRows);
  });

  it("gives a clear one-line reason for each refusal", async () => {
    const cases: [string[], keyof typeof homes, RegExp][] = [
      [["repo", "members", "add", "alice/ledger", "zed"], "alice", /No one is called zed on this hub.*\(NOT_FOUND\)/],
      [["repo", "members", "remove", "alice/ledger", "alice"], "alice", /alice is the last owner of alice\/ledger: add another owner first/],
      [["repo", "members", "role", "alice/ledger", "carol", "--role", "admin"], "alice", /carol is not a member of alice\/ledger/],
      [["repo", "members", "add", "alice/ledger", "alice", "--role", "reader"], "bob", /Only an admin or owner of alice\/ledger may invite members.*\(FORBIDDEN\)/],
      [["repo", "create", "books"], "anonymous", /not signed in to .* Run aergo login --key NAME first/],
      [["repo", "create", "bob/books"], "alice", /under your own name only: alice\/books/],
      [["repo", "create", "ledger"], "alice", /alice\/ledger exists already.*\(CONFLICT\)/],
    ];
    for (const [args, who, reason] of cases) {
      const r = await cli.runFail(args, as(who));
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.stderr, args.join(" ")).toMatch(reason);
    }
    const usage = [["chain", "--repo", "not-a-repo"], ["repo", "members", "role", "alice/ledger", "bob"], ["repo", "list", "--role", "x"], ["keys", "list", "--repo", "a/b"]];
    for (const args of usage) expect((await cli.runFail(args, as("alice"))).code, args.join(" ")).toBe(2);
    expect((await cli.runFail(["chain"], { ...as("alice"), AERGO_REPO: "Bad Repo" })).stderr).toMatch(/AERGO_REPO "Bad Repo" is not a repository/);

    // Removing bob takes his access away at once.
    await cli.runJson(["repo", "members", "remove", "alice/ledger", "bob"], as("alice"));
    expect((await cli.runFail(["table", ledgerToken, "balances", "--repo", "alice/ledger"], as("bob"))).stderr).toMatch(/NOT_FOUND/);
  });
});
