import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import { withReadThrough } from "../store/readThrough.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { crossDiff } from "./crossRepo.ts";

const GAS = 5_000_000;
const [alice, bob] = ["alice", "bob"].map((n) => devKeyPair(`forkmerge-${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];

const LEDGER = `CONTRACT Ledger;
CREATE TABLE balances (owner TEXT PRIMARY KEY, amount INTEGER NOT NULL CHECK (amount >= 0));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);

PROCEDURE add (who TEXT, n INTEGER) AS
BEGIN
  INSERT INTO balances VALUES (:who, :n) ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
END;
PROCEDURE setMeta (k TEXT, v TEXT) AS
BEGIN
  INSERT INTO meta VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END;
PROCEDURE note (id INTEGER, body TEXT) AS
BEGIN
  INSERT INTO notes VALUES (:id, :body) ON CONFLICT (id) DO UPDATE SET body = excluded.body;
END;

MERGE POLICY balances (amount) ADDITIVE;
MERGE POLICY meta LAST WRITER;
`;

type Chain = Awaited<ReturnType<typeof createTestChain>>;

const caller = (chain: Chain, ledger: string) => async (procedure: string, args: unknown[], key = alice) => {
  const r = await chain.node.submitTx(chain.tx(key, "call", { to: ledger, payload: { procedure, args }, gasLimit: GAS, nonce: chain.node.getAccount(key.address).nonce + 1 }).bytes);
  expect(r.status, r.error?.message).toBe("success");
  return r;
};

const errorCode = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return isChainError(e) ? ((e.meta.code as string | undefined) ?? e.code) : String(e);
  }
  return "none";
};

/** An origin with the ledger, and a fork of its main at the ledger's block (block production by hand: clocks pinned). */
async function originAndFork() {
  const origin = await createTestChain();
  for (const k of [alice, bob]) await origin.fund(k.address, 100n);
  const ledger = (await origin.node.submitTx(origin.tx(alice, "deploy", { payload: { source: LEDGER }, gasLimit: GAS }).bytes)).contractAddress!;
  origin.resetNonces();
  const onOrigin = caller(origin, ledger);
  await onOrigin("add", ["alice", 100]);
  await onOrigin("setMeta", ["name", "A"]);
  await onOrigin("note", [1, "hello"]);
  origin.next();
  const fork = await createTestChain({ genesis: { ...origin.net.genesis, chainId: "forkmerge-fork" }, store: withReadThrough(createMemoryStore(), origin.node.nodes), fork: origin.node.forkPoint("main", origin.node.headHeight()) });
  fork.resetNonces();
  const views = {
    origin: (branch = "main") => ({ ...origin.node.branchView(branch), repo: "alice/shop" }),
    fork: (branch = "main") => ({ ...fork.node.branchView(branch), repo: "bob/shop-fork" }),
  };
  return { origin, fork, ledger, onOrigin, onFork: caller(fork, ledger), views };
}

const rows = (chain: Chain, ledger: string, table: string) => chain.node.contractTable(ledger, table).rows;

describe("merges between a fork and its origin (two chains)", () => {
  it("merges the fork's rows three-way into the origin (the preview is the merge), never carries transfers, then pulls the origin back without counting twice", async () => {
    const { origin, fork, ledger, onOrigin, onFork, views } = await originAndFork();
    const forkPoint = origin.node.headHeight();
    // both sides move after the fork point
    await onOrigin("add", ["alice", 10]);
    await onOrigin("note", [1, "origin edit"]);
    origin.next();
    await onFork("add", ["alice", 7]);
    await onFork("add", ["bob", 5]);
    await onFork("setMeta", ["name", "Fork"]);
    await onFork("note", [1, "fork edit"]);
    await onFork("note", [2, "new on the fork"]);
    const transfer = await fork.node.submitTx(fork.tx(alice, "transfer", { to: bob.address, amount: 1n, nonce: fork.node.getAccount(alice.address).nonce + 1 }).bytes);
    expect(transfer.status).toBe("success");
    fork.next();

    // the three-dot diff across the repositories: what the fork changed since the fork point
    const diff = crossDiff(views.origin(), views.fork(), {}, { threeDot: true, table: "balances" });
    expect(diff.base).toMatchObject({ height: forkPoint });
    expect(diff.to).toMatchObject({ repo: "bob/shop-fork", branch: "main" });
    expect(new Map(diff.tables[0]!.rows.map((r) => [r.key[0], [r.kind, r.after?.amount]]))).toEqual(new Map([["alice", ["changed", 107]], ["bob", ["added", 5]]]));

    // an automated (replay) merge cannot re-run transactions signed for another chain id
    expect(await errorCode(() => origin.node.previewMerge(views.fork(), "main", { mode: "automated" }))).toBe("CROSS_REPO_REPLAY");
    const rootBefore = origin.node.stateRoot();
    const preview = origin.node.previewMerge(views.fork(), "main");
    expect(preview).toMatchObject({ mode: "consistent", source: "main", sourceRepo: "bob/shop-fork", target: "main", base: { height: forkPoint }, mergeable: false });
    expect(preview.excluded.map((x) => [x.txHash, x.reason])).toEqual([[transfer.txHash, "CHAIN_ID"]]);
    expect(preview.applied.every((a) => a.status === "state")).toBe(true);
    expect(preview.conflicts.map((c) => [c.table, c.key, c.ours?.body, c.theirs?.body])).toEqual([["notes", [1], "origin edit", "fork edit"]]);
    expect(origin.node.stateRoot()).toBe(rootBefore);
    expect(await errorCode(origin.node.merge(views.fork(), "main"))).toBe("MERGE_CONFLICTS");

    const resolutions = [{ contract: ledger, table: "notes", key: [1], take: "theirs" as const }];
    const resolved = origin.node.previewMerge(views.fork(), "main", { resolutions });
    expect(resolved.mergeable).toBe(true);
    const how = new Map(resolved.rows.map((r) => [`${r.table}:${JSON.stringify(r.key)}`, r] as const));
    expect(how.get('balances:["alice"]')).toMatchObject({ how: "additive", merged: { amount: 117 } });
    expect(how.get('notes:[1]')).toMatchObject({ how: "person", merged: { body: "fork edit" } });
    // the fork's empty blocks since change nothing the merge does: the preview is still the merge
    fork.next();
    fork.next();
    expect(origin.node.previewMerge(views.fork(), "main", { resolutions }).digest).toBe(resolved.digest);
    // the signed preview's digest binds the merge to it; another one is stale
    expect(await errorCode(origin.node.merge(views.fork(), "main", { resolutions, expectDigest: preview.digest }))).toBe("STALE_PREVIEW");
    const merged = await origin.node.merge(views.fork(), "main", { resolutions, expectDigest: resolved.digest, by: alice.address });
    expect(merged.digest).toBe(resolved.digest);
    origin.next();
    // the origin holds exactly the previewed rows; bob's AERGO did not move on the origin
    expect(rows(origin, ledger, "balances")).toEqual([["alice", 117], ["bob", 5]]);
    expect(rows(origin, ledger, "meta")).toEqual([["name", "Fork"]]);
    expect(rows(origin, ledger, "notes")).toEqual([[1, "fork edit"], [2, "new on the fork"]]);
    expect(origin.node.getAccount(bob.address).balance).toEqual(origin.node.getAccount(bob.address, { height: forkPoint }).balance);
    expect(origin.node.listMerges().at(-1)).toMatchObject({ source: "main", sourceRepo: "bob/shop-fork", sourceChainId: "forkmerge-fork", target: "main" });

    // merging again brings nothing new
    expect(origin.node.previewMerge(views.fork(), "main").rows).toEqual([]);

    // the fork pulls the origin: the base is the fork head merged into the origin, so alice's
    // ADDITIVE amount arrives as the origin's 117, not 117 + 7 again
    const pull = fork.node.previewMerge(views.origin(), "main");
    expect(pull).toMatchObject({ sourceRepo: "alice/shop", mergeable: true });
    await fork.node.merge(views.origin(), "main", { expectDigest: pull.digest });
    fork.next();
    expect(rows(fork, ledger, "balances")).toEqual(rows(origin, ledger, "balances"));
    expect(rows(fork, ledger, "notes")).toEqual(rows(origin, ledger, "notes"));
    await fork.node.close();
    await origin.node.close();
  });

  it("refuses unrelated chains, and a contract deployed on the fork only blocks a merge into the origin", async () => {
    const { origin, fork, views } = await originAndFork();
    const other = await createTestChain({ genesis: { ...origin.net.genesis, chainId: "forkmerge-other" } });
    const otherView = { ...other.node.branchView("main"), repo: "carol/other" };
    expect(await errorCode(() => origin.node.previewMerge(otherView, "main"))).toBe("UNRELATED_HISTORIES");
    expect(await errorCode(() => crossDiff(origin.node.branchView(), otherView, {}, {}))).toBe("UNRELATED_HISTORIES");

    const fresh = (await fork.node.submitTx(fork.tx(alice, "deploy", { payload: { source: LEDGER }, gasLimit: GAS, nonce: fork.node.getAccount(alice.address).nonce + 1 }).bytes)).contractAddress!;
    fork.next();
    const into = origin.node.previewMerge(views.fork(), "main");
    expect(into.blockers.map((b) => [b.code, b.contract])).toEqual([["FOREIGN_CONTRACT", fresh]]);
    expect(into.mergeable).toBe(false);
    // the other way the fork reads the origin's store: a contract deployed on the origin is taken whole
    const originOnly = (await origin.node.submitTx(origin.tx(bob, "deploy", { payload: { source: LEDGER }, gasLimit: GAS, nonce: origin.node.getAccount(bob.address).nonce + 1 }).bytes)).contractAddress!;
    origin.next();
    const pull = fork.node.previewMerge(views.origin(), "main");
    expect(pull.mergeable).toBe(true);
    await fork.node.merge(views.origin(), "main", { expectDigest: pull.digest });
    fork.next();
    expect(fork.node.listContracts()).toContain(originOnly);
    await other.node.close();
    await fork.node.close();
    await origin.node.close();
  });
});
