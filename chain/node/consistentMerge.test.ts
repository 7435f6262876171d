import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isChainError } from "../errors.ts";
import { createLmdbStore } from "../store/lmdbStore.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { aergo, createTestChain, devKeyPair } from "../testing/testChain.ts";

const GAS = 5_000_000;
const [alice, bob] = ["alice", "bob"].map((n) => devKeyPair(`consistent-${n}`)) as [ReturnType<typeof devKeyPair>, ReturnType<typeof devKeyPair>];

/** Every policy of docs/aergosql.md, plus a table without one. */
const LEDGER = `CONTRACT Ledger;
CREATE TABLE balances (owner TEXT PRIMARY KEY, amount INTEGER NOT NULL CHECK (amount >= 0));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, buyer TEXT NOT NULL, status TEXT NOT NULL);
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, tag TEXT);

PROCEDURE add (who TEXT, n INTEGER) AS
BEGIN
  INSERT INTO balances VALUES (:who, :n) ON CONFLICT (owner) DO UPDATE SET amount = amount + excluded.amount;
END;
PROCEDURE spend (who TEXT, n INTEGER) AS
BEGIN
  UPDATE balances SET amount = amount - :n WHERE owner = :who;
END;
PROCEDURE setMeta (k TEXT, v TEXT) AS
BEGIN
  INSERT INTO meta VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END;
PROCEDURE setOrder (id INTEGER, buyer TEXT, status TEXT) AS
BEGIN
  INSERT INTO orders VALUES (:id, :buyer, :status) ON CONFLICT (id) DO UPDATE SET status = excluded.status;
END;
PROCEDURE note (id INTEGER, body TEXT, tag TEXT) AS
BEGIN
  INSERT INTO notes VALUES (:id, :body, :tag) ON CONFLICT (id) DO UPDATE SET body = excluded.body, tag = excluded.tag;
END;
PROCEDURE dropNote (id INTEGER) AS
BEGIN
  DELETE FROM notes WHERE id = :id;
END;

MERGE POLICY balances (amount) ADDITIVE;
MERGE POLICY meta LAST WRITER;
MERGE POLICY orders RESOLVE WITH settle;

PROCEDURE settle (ours ROW, theirs ROW, base ROW) AS
BEGIN
  IF :ours.status = 'shipped' THEN RETURN 'ours'; END IF;
  RETURN 'theirs';
END;
`;

type Chain = Awaited<ReturnType<typeof createTestChain>>;

async function ledgerChain(opts: Parameters<typeof createTestChain>[0] = {}) {
  const chain = await createTestChain(opts);
  for (const k of [alice, bob]) await chain.fund(k.address, 100n);
  const ledger = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: LEDGER }, gasLimit: GAS }).bytes)).contractAddress!;
  const call = async (procedure: string, args: unknown[], branch = "main", key = alice, amount?: bigint) => {
    const r = await chain.node.submitTx(chain.tx(key, "call", { to: ledger, payload: { procedure, args }, gasLimit: GAS, amount, nonce: chain.node.getAccount(key.address, { branch }).nonce + 1 }).bytes, { branch });
    expect(r.status, r.error?.message).toBe("success");
    return r;
  };
  chain.resetNonces();
  await call("add", ["alice", 100]);
  await call("setMeta", ["name", "A"]);
  await call("setOrder", [1, "x", "open"]);
  await call("note", [1, "hello", "t"]);
  await call("note", [2, "bye", null]);
  chain.next();
  return { chain, ledger, call };
}

const rows = (chain: Chain, ledger: string, table: string, branch = "main") => chain.node.contractTable(ledger, table, { branch }).rows;
const errorCode = async (p: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return isChainError(e) ? ((e.meta.code as string | undefined) ?? e.code) : String(e);
  }
  return "none";
};

/** Both branches change every table; notes 1 is changed differently on both (no policy). */
async function diverge(chain: Chain, call: Awaited<ReturnType<typeof ledgerChain>>["call"]) {
  chain.node.createBranch("feature", { mergeMode: "consistent" });
  await call("add", ["alice", 10]);
  await call("setMeta", ["name", "Main"]);
  await call("setOrder", [1, "x", "shipped"]);
  await call("note", [1, "main edit", "t"]);
  await call("add", ["alice", 5], "feature");
  await call("add", ["bob", 7], "feature");
  await call("setMeta", ["name", "Feature"], "feature");
  await call("setOrder", [1, "x", "cancelled"], "feature");
  await call("note", [1, "feature edit", "t"], "feature");
  await call("dropNote", [2], "feature");
  await call("note", [3, "new", null], "feature");
  chain.next();
}

describe("consistent merge (three-way, per table)", () => {
  it("takes one-sided changes, applies every policy, stops on a conflict, and merges once a person resolves it", async () => {
    const { chain, ledger, call } = await ledgerChain();
    await diverge(chain, call);
    expect(chain.node.getBranch("feature").mergeMode).toBe("consistent");
    const rootBefore = chain.node.stateRoot();

    const preview = chain.node.previewMerge("feature", "main");
    expect(preview.mode).toBe("consistent");
    expect(preview.mergeable).toBe(false);
    expect(preview.blockers).toEqual([]);
    expect(preview.conflicts.map((c) => [c.table, c.key, c.cells, c.base?.body, c.ours?.body, c.theirs?.body])).toEqual([["notes", [1], ["body"], "hello", "main edit", "feature edit"]]);
    // the source's contract transactions are merged by their rows, not re-run
    expect(preview.applied.every((a) => a.status === "state")).toBe(true);
    expect(preview.applied).toHaveLength(7);
    const how = new Map(preview.rows.map((r) => [`${r.table}:${JSON.stringify(r.key)}`, r] as const));
    expect(how.get('balances:["alice"]')).toMatchObject({ how: "additive", cells: ["amount"], merged: { owner: "alice", amount: 115 } });
    expect(how.get('balances:["bob"]')).toMatchObject({ how: "theirs", merged: { owner: "bob", amount: 7 } });
    expect(how.get('meta:["name"]')).toMatchObject({ how: "last-writer", merged: { value: "Feature" } });
    expect(how.get("orders:[1]")).toMatchObject({ how: "resolve", merged: { status: "shipped" } });
    expect(how.get("notes:[2]")).toMatchObject({ how: "theirs", merged: null });
    expect(how.get("notes:[3]")).toMatchObject({ how: "theirs", merged: { id: 3, body: "new", tag: null } });
    expect(chain.node.stateRoot()).toBe(rootBefore);

    // not mergeable as it is
    expect(await errorCode(chain.node.merge("feature", "main"))).toBe("MERGE_CONFLICTS");
    // resolutions that are not conflicts, or rows that do not fit, block the merge
    const bad = chain.node.previewMerge("feature", "main", {
      resolutions: [
        { contract: ledger, table: "meta", key: ["name"], take: "ours" },
        { contract: ledger, table: "notes", key: [1], take: "row", row: { id: 1, body: "x" } },
      ],
    });
    expect(bad.blockers.map((b) => b.code)).toEqual(["BAD_RESOLUTION", "BAD_RESOLUTION"]);
    expect(bad.mergeable).toBe(false);

    const resolutions = [{ contract: ledger, table: "notes", key: [1], take: "row" as const, row: { id: 1, body: "both edits", tag: "t" } }];
    const resolved = chain.node.previewMerge("feature", "main", { resolutions });
    expect(resolved.mergeable).toBe(true);
    expect(resolved.digest).not.toBe(preview.digest);
    // the signed preview is the merge: another resolution is another digest
    expect(await errorCode(chain.node.merge("feature", "main", { resolutions: [{ ...resolutions[0]!, take: "ours" }], expectDigest: resolved.digest }))).toBe("STALE_PREVIEW");
    const merged = await chain.node.merge("feature", "main", { resolutions, expectDigest: resolved.digest });
    expect(merged).toEqual(resolved);
    const sealed = chain.next()!;
    // No transaction runs in the merge's block, so no fees: its state root is the preview's.
    expect(sealed.block.txCount).toBe(0);
    expect(sealed.block.stateRoot).toBe(resolved.stateRoot);
    expect(resolved.stateRoot).not.toBe(rootBefore);

    expect(rows(chain, ledger, "balances")).toEqual([["alice", 115], ["bob", 7]]);
    expect(rows(chain, ledger, "meta")).toEqual([["name", "Feature"]]);
    expect(rows(chain, ledger, "orders")).toEqual([[1, "x", "shipped"]]);
    expect(rows(chain, ledger, "notes")).toEqual([[1, "both edits", "t"], [3, "new", null]]);
    expect(chain.node.listMerges().map((m) => [m.source, m.target, m.mode, m.rows])).toEqual([["feature", "main", "consistent", resolved.rows.length]]);
    // merging again changes nothing: every source row is already what main holds
    const again = chain.node.previewMerge("feature", "main");
    expect(again.rows).toEqual([]);
    expect(again.conflicts).toEqual([]);
  });

  it("never loses a row whose key both sides added, and refuses results that break a table's rules", async () => {
    const { chain, ledger, call } = await ledgerChain();
    chain.node.createBranch("feature", { mergeMode: "consistent" });
    await call("note", [4, "main's four", null]);
    await call("note", [4, "feature's four", null], "feature");
    // ADDITIVE would make alice's amount negative: 100 − 60 − 70
    await call("spend", ["alice", 60]);
    await call("spend", ["alice", 70], "feature");
    chain.next();
    const p = chain.node.previewMerge("feature", "main");
    expect(p.conflicts.map((c) => [c.table, c.key, c.message.includes("both sides added")])).toEqual([["notes", [4], true]]);
    const withChoice = chain.node.previewMerge("feature", "main", { resolutions: [{ contract: ledger, table: "notes", key: [4], take: "theirs" }] });
    expect(withChoice.blockers.map((b) => b.code)).toEqual(["CONSTRAINT"]);
    expect(withChoice.blockers[0]!.message).toMatch(/CHECK constraint/);
    expect(withChoice.mergeable).toBe(false);
    expect(await errorCode(chain.node.merge("feature", "main", { resolutions: [{ contract: ledger, table: "notes", key: [4], take: "theirs" }] }))).toBe("MERGE_BLOCKED");
    expect(rows(chain, ledger, "notes").map((r) => r[0])).toEqual([1, 2, 4]);
  });

  it("replays native transfers, takes a contract deployed on the source whole, and blocks a contract that moved AERGO", async () => {
    const { chain, ledger, call } = await ledgerChain();
    chain.node.createBranch("feature", { mergeMode: "consistent" });
    const pay = chain.tx(bob, "transfer", { to: alice.address, amount: aergo(3), nonce: chain.node.getAccount(bob.address).nonce + 1 });
    await chain.node.submitTx(pay.bytes, { branch: "feature" });
    const token = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["T", 50] }, gasLimit: GAS, nonce: chain.node.getAccount(alice.address, { branch: "feature" }).nonce + 1 }).bytes, { branch: "feature" })).contractAddress!;
    chain.next();
    const aliceBefore = BigInt(chain.node.getAccount(alice.address).balance.aer);
    const p = chain.node.previewMerge("feature", "main");
    expect(p.mergeable).toBe(true);
    expect(p.applied.map((a) => [a.type, a.status])).toEqual([["transfer", "success"], ["deploy", "state"]]);
    expect(p.rows.filter((r) => r.contract === token).map((r) => [r.table, r.merged])).toContainEqual(["balances", { owner: alice.address, amount: 50 }]);
    await chain.node.merge("feature", "main", { expectDigest: p.digest });
    chain.next();
    expect(BigInt(chain.node.getAccount(alice.address).balance.aer)).toBe(aliceBefore + aergo(3));
    expect(chain.node.queryContract(token, "balanceOf", [alice.address]).result).toBe(50);
    expect(chain.node.listContracts()).toContain(token);

    // a call that sends AERGO to the contract on the source: its rows and its balance would part
    chain.node.createBranch("paid", { mergeMode: "consistent" });
    await call("add", ["carol", 1], "paid", alice, aergo(1));
    chain.next();
    const blocked = chain.node.previewMerge("paid", "main");
    expect(blocked.blockers.map((b) => [b.code, b.contract])).toEqual([["NATIVE_VALUE", ledger]]);
    // the automated mode still merges it, by replaying the call
    const automated = chain.node.previewMerge("paid", "main", { mode: "automated" });
    expect(automated.mergeable).toBe(true);
    expect(automated.applied.map((a) => a.status)).toEqual(["success"]);
  });

  it("a merge answered but not sealed survives a restart (the journal holds its rows)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aergo-consistent-"));
    try {
      const { chain, ledger, call } = await ledgerChain({ store: createLmdbStore(dir) });
      chain.node.createBranch("feature", { mergeMode: "consistent" });
      await call("add", ["alice", 1]);
      await call("add", ["alice", 2], "feature");
      chain.next();
      const p = chain.node.previewMerge("feature", "main");
      await chain.node.merge("feature", "main", { expectDigest: p.digest });
      expect(chain.node.info().pendingTxs).toBe(0);
      const live = rows(chain, ledger, "balances");
      expect(live).toEqual([["alice", 103]]);
      await chain.node.close();
      const reopened = await createTestChain({ store: createLmdbStore(dir), startAt: chain.now });
      reopened.next();
      expect(reopened.node.contractTable(ledger, "balances").rows).toEqual([["alice", 103]]);
      await reopened.node.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the executed merge equals its preview and leaves exactly the previewed rows (random branch pairs, random resolutions)", async () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed >>> 16) % n);
    const who = ["alice", "bob", "carol"];
    let mergedRuns = 0;
    let conflictRuns = 0;
    for (let run = 0; run < 16; run++) {
      const { chain, ledger, call } = await ledgerChain();
      chain.node.createBranch("a", { mergeMode: "consistent" });
      const act = async (branch: string) => {
        const op = rand(6);
        if (op === 0) await call("add", [who[rand(3)], 1 + rand(20)], branch);
        else if (op === 1) await call("setMeta", [["name", "k"][rand(2)], `v${rand(5)}`], branch);
        else if (op === 2) await call("setOrder", [1 + rand(2), "x", ["open", "shipped", "cancelled"][rand(3)]], branch);
        else if (op === 3) await call("note", [1 + rand(2), `b${rand(3)}`, rand(2) ? null : "t"], branch);
        else if (op === 4) await call("dropNote", [1 + rand(4)], branch);
        else await call("spend", ["alice", rand(5)], branch);
      };
      for (let i = 0, n = 2 + rand(6); i < n; i++) await act("a");
      for (let i = 0, n = 2 + rand(6); i < n; i++) await act("main");
      chain.next();
      const first = chain.node.previewMerge("a", "main");
      if (first.conflicts.length) conflictRuns++;
      const resolutions = first.conflicts.map((c) => ({ contract: c.contract, table: c.table, key: [...c.key], take: (["ours", "theirs", "base"] as const)[rand(3)]! }));
      const preview = chain.node.previewMerge("a", "main", { resolutions });
      expect(preview.conflicts, `run ${run}`).toEqual([]);
      const tables = ["balances", "meta", "orders", "notes"];
      const before = new Map(tables.map((t) => [t, rows(chain, ledger, t)]));
      if (!preview.mergeable) {
        expect(await errorCode(chain.node.merge("a", "main", { resolutions, expectDigest: preview.digest })), `run ${run}`).toBe("MERGE_BLOCKED");
        continue;
      }
      const merged = await chain.node.merge("a", "main", { resolutions, expectDigest: preview.digest });
      expect(merged, `run ${run}`).toEqual(preview);
      mergedRuns++;
      chain.next();
      // main now holds: its rows, with every previewed row replaced by its merged value
      for (const t of tables) {
        const expected = new Map(before.get(t)!.map((r) => [JSON.stringify(r[0]), r] as const));
        for (const r of preview.rows.filter((x) => x.table === t)) {
          const id = JSON.stringify(r.key[0]);
          if (r.merged === null) expected.delete(id);
          else expected.set(id, r.columns.map((c) => r.merged![c]));
        }
        const sorted = [...expected.values()].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1));
        const actual = rows(chain, ledger, t).sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1));
        expect(actual, `run ${run} ${t}`).toEqual(sorted);
      }
      await chain.node.close();
    }
    // the runs cover both merges and resolved conflicts
    expect(mergedRuns).toBeGreaterThanOrEqual(5);
    expect(conflictRuns).toBeGreaterThanOrEqual(2);
  });
});
