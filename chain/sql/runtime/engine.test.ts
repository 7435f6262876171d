import { describe, expect, it } from "vitest";
import { toHex } from "../../crypto/hash.ts";
import { TOKEN_EXAMPLE, MERGE_CONTRACT } from "../testing/examples.ts";
import { addr, createHarness, type Harness } from "../testing/harness.ts";
import type { CallResult, ContractArtifact, StateEntry } from "../types.ts";

const alice = addr("alice");
const bob = addr("bob");
const carol = addr("carol");

async function token(supply = 1000, options: Parameters<typeof createHarness>[0] = {}): Promise<Harness & { token: string }> {
  const h = await createHarness(options);
  const { address, result } = h.deploy("token", TOKEN_EXAMPLE, ["Gold", supply], { sender: alice });
  expect(result.error).toBeUndefined();
  return { ...h, token: address };
}

const entriesHex = (e: StateEntry[]) => e.map((x) => `${x.table}:${toHex(x.key)}=${toHex(x.value)}`);
const ok = (r: CallResult) => {
  expect(r.error).toBeUndefined();
  expect(r.status).toBe("success");
  return r;
};

describe("the Token example, end to end", () => {
  it("gives the whole supply to the deployer and records the name", async () => {
    const h = await token(1000);
    expect(h.engine.query(h.token, "balanceOf", [alice]).result).toBe(1000);
    expect(h.engine.tableRows(h.token, "meta")).toEqual({ columns: ["key", "value"], rows: [["name", "Gold"]], total: 1 });
  });

  it("refuses a deploy whose constructor fails, with its message and line, and keeps nothing", async () => {
    const h = await createHarness();
    const { address, result } = h.deploy("token", TOKEN_EXAMPLE, ["Gold", 0], { sender: alice });
    expect(result.status).toBe("error");
    expect(result.error).toMatchObject({ code: "REQUIRE_FAILED", message: "constructor: supply must be positive (line 11)", line: 11 });
    expect(h.engine.has(address)).toBe(false);
  });

  it("transfers, emits Transfer with typed arguments, and reports the rows it wrote", async () => {
    const h = await token(1000);
    const r = ok(h.call(h.token, "transfer", [bob, 250], { sender: alice }));
    expect(r.events).toEqual([{ contract: h.token, name: "Transfer", args: { from: alice, to: bob, amount: 250 } }]);
    expect(r.rowsWritten).toBe(2);
    expect(r.stateChanges.map((c) => [c.table, c.value !== null])).toEqual([
      ["balances", true],
      ["balances", true],
    ]);
    expect(r.changeset.length).toBeGreaterThan(0);
    expect(r.changesets).toEqual([{ contract: h.token, changeset: r.changeset }]);
    expect(h.engine.query(h.token, "balanceOf", [alice]).result).toBe(750);
    expect(h.engine.query(h.token, "balanceOf", [bob]).result).toBe(250);
    expect(h.engine.query(h.token, "balanceOf", [carol]).result).toBe(0);
  });

  it("lists holders as a result set, largest first", async () => {
    const h = await token(1000);
    ok(h.call(h.token, "transfer", [bob, 300], { sender: alice }));
    ok(h.call(h.token, "transfer", [carol, 300], { sender: alice }));
    const holders = h.engine.query(h.token, "holders");
    const [first, second] = [bob, carol].sort();
    expect(holders.result).toEqual({ columns: ["owner", "amount"], rows: [[alice, 400], [first, 300], [second, 300]] });
  });

  it("reverts an overdraft with the REQUIRE message and its line, changing nothing", async () => {
    const h = await token(100);
    const before = entriesHex(h.engine.stateEntries(h.token));
    const r = h.call(h.token, "transfer", [bob, 101], { sender: alice });
    expect(r.status).toBe("error");
    expect(r.error).toEqual({ code: "REQUIRE_FAILED", message: "transfer: insufficient balance (line 21)", line: 21, routine: "transfer", contract: h.token });
    expect(r.events).toEqual([]);
    expect(r.changeset.length).toBe(0);
    expect(r.gasUsed).toBeGreaterThan(0);
    expect(entriesHex(h.engine.stateEntries(h.token))).toEqual(before);
  });

  it("checks arguments before anything runs", async () => {
    const h = await token(100);
    expect(h.call(h.token, "transfer", ["not-an-address", 1], { sender: alice }).error).toMatchObject({
      code: "BAD_ARGUMENT",
      message: 'transfer: argument to must be a valid Aergo address; got "not-an-address"',
    });
    expect(h.call(h.token, "transfer", [bob, "1.5"], { sender: alice }).error?.message).toBe('transfer: argument amount must be an integer (a number or decimal string); got "1.5"');
    expect(h.call(h.token, "transfer", [bob], { sender: alice }).error?.message).toBe("transfer: expected 2 arguments (to ADDRESS, amount INTEGER), got 1");
    expect(h.call(h.token, "transfer", { to: bob, amount: "7" }, { sender: alice }).status).toBe("success");
    expect(h.call(h.token, "transfer", { to: bob, value: 1 }, { sender: alice }).error?.message).toBe("transfer: there is no parameter value (parameters: to, amount)");
    expect(h.call(h.token, "mint", [], { sender: alice }).error).toMatchObject({ code: "UNKNOWN_PROCEDURE" });
    expect(h.engine.query(h.token, "nosuch").error).toMatchObject({ code: "UNKNOWN_VIEW" });
  });

  it("reports a CHECK constraint failure with the constraint, routine and line", async () => {
    const h = await createHarness();
    const src = `CONTRACT Loose;
CREATE TABLE balances (owner ADDRESS PRIMARY KEY, amount INTEGER NOT NULL CHECK (amount >= 0));
CONSTRUCTOR () AS BEGIN INSERT INTO balances VALUES (SENDER(), 10); END;
PROCEDURE spend (amount INTEGER) AS
BEGIN
  UPDATE balances SET amount = amount - :amount WHERE owner = SENDER();
END;
PROCEDURE badOwner () AS
BEGIN
  INSERT INTO balances VALUES ('nobody', 1);
END;`;
    const { address } = h.deploy("loose", src, [], { sender: alice });
    expect(h.call(address, "spend", [11], { sender: alice }).error).toMatchObject({
      code: "CONSTRAINT",
      message: "spend: CHECK constraint failed: amount >= 0 (line 6)",
      line: 6,
    });
    expect(h.call(address, "badOwner", [], { sender: alice }).error?.message).toBe("badOwner: CHECK constraint failed: owner must be an address (line 10)");
  });
});

const ESCROW_LIKE = `CONTRACT Box;
CREATE TABLE items (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, note TEXT);
EVENT Stored (id INTEGER, owner ADDRESS);
PROCEDURE store (id INTEGER, note TEXT, fail BOOLEAN) AS
BEGIN
  INSERT INTO items VALUES (:id, SENDER(), :note);
  EMIT Stored (:id, SENDER());
  TRANSFER SENDER(), AMOUNT();
  REQUIRE NOT :fail, 'asked to fail';
END;
VIEW count () RETURNS INTEGER AS SELECT count(*) FROM items;
`;

describe("a transaction is all or nothing", () => {
  it("reverts rows, events and native transfers when a later statement fails", async () => {
    const h = await createHarness({}, { [alice]: 1_000n });
    const { address } = h.deploy("box", ESCROW_LIKE, [], { sender: alice });
    const good = ok(h.call(address, "store", [1, "a", false], { sender: alice, amount: 100n }));
    expect(good.transfers).toEqual([{ from: address, to: alice, amount: 100n }]);
    expect(good.events).toHaveLength(1);
    expect(h.host.balanceOf(alice)).toBe(1_000n);
    const before = entriesHex(h.engine.stateEntries(address));
    const bad = h.call(address, "store", [2, "b", true], { sender: alice, amount: 100n });
    expect(bad.error).toMatchObject({ code: "REQUIRE_FAILED", message: "store: asked to fail (line 9)" });
    expect(bad.events).toEqual([]);
    expect(bad.transfers).toEqual([]);
    expect(bad.stateChanges).toEqual([]);
    expect(entriesHex(h.engine.stateEntries(address))).toEqual(before);
    expect(h.engine.query(address, "count").result).toBe(1);
    expect(h.host.balanceOf(alice)).toBe(1_000n);
    expect(h.host.balanceOf(address)).toBe(0n);
  });

  it("reverts when a native TRANSFER is refused, naming the statement", async () => {
    const h = await createHarness({}, { [alice]: 50n });
    const { address } = h.deploy("box", ESCROW_LIKE, [], { sender: alice });
    // AMOUNT() says 100 but nothing was credited: the host refuses to move aer the contract lacks.
    const r = h.engine.call(address, "store", [1, "x", false], { sender: alice, amount: 100n });
    expect(r.error).toMatchObject({ code: "TRANSFER_FAILED", line: 8 });
    expect(r.error?.message).toMatch(/^store: TRANSFER failed: insufficient native balance/);
    expect(h.engine.query(address, "count").result).toBe(0);
  });

  it("a failed CALL reverts the caller's rows as well as the callee's", async () => {
    const h = await token(100);
    h.host.names.set("Token", h.token);
    const src = `CONTRACT Shop;
CREATE TABLE orders (id INTEGER PRIMARY KEY, buyer ADDRESS NOT NULL);
PROCEDURE buy (id INTEGER, price INTEGER) AS
BEGIN
  INSERT INTO orders VALUES (:id, SENDER());
  CALL Token.transfer (SENDER(), :price);
END;
VIEW count () RETURNS INTEGER AS SELECT count(*) FROM orders;`;
    const { address: shop } = h.deploy("shop", src, [], { sender: alice });
    ok(h.call(h.token, "transfer", [shop, 60], { sender: alice }));
    const good = ok(h.call(shop, "buy", [1, 10], { sender: bob }));
    expect(good.events).toEqual([{ contract: h.token, name: "Transfer", args: { from: shop, to: bob, amount: 10 } }]);
    expect(good.changesets.map((c) => c.contract)).toEqual([shop, h.token]);
    const bad = h.call(shop, "buy", [2, 1000], { sender: bob });
    expect(bad.error).toMatchObject({ code: "CALL_FAILED", line: 6 });
    expect(bad.error?.message).toBe("buy: CALL Token.transfer failed: transfer: insufficient balance (line 21) (line 6)");
    expect(h.engine.query(shop, "count").result).toBe(1);
    expect(h.engine.query(h.token, "balanceOf", [shop]).result).toBe(50);
  });
});

describe("CALL between contracts", () => {
  it("runs the callee with the calling contract as SENDER, and reads a view's return value", async () => {
    const h = await token(100);
    h.host.names.set("Token", h.token);
    const src = `CONTRACT Vault;
CREATE TABLE log (n INTEGER PRIMARY KEY, balance INTEGER);
PROCEDURE pay (to ADDRESS, amount INTEGER) RETURNS INTEGER AS
BEGIN
  CALL Token.transfer (:to, :amount);
  LET left = CALL Token.balanceOf (SELF());
  INSERT INTO log VALUES ((SELECT count(*) FROM log), :left);
  RETURN :left;
END;`;
    const { address: vault } = h.deploy("vault", src, [], { sender: alice });
    ok(h.call(h.token, "transfer", [vault, 40], { sender: alice }));
    const r = ok(h.call(vault, "pay", [carol, 15], { sender: bob }));
    expect(r.returnValue).toBe(25);
    expect(r.events).toEqual([{ contract: h.token, name: "Transfer", args: { from: vault, to: carol, amount: 15 } }]);
    expect(h.engine.query(h.token, "balanceOf", [carol]).result).toBe(15);
  });

  it("stops recursion at the call depth limit and allows it below", async () => {
    const h = await createHarness({ limits: { maxCallDepth: 64 } });
    const src = `CONTRACT Deep;
CREATE TABLE hits (n INTEGER PRIMARY KEY);
PROCEDURE dive (n INTEGER) AS
BEGIN
  INSERT INTO hits VALUES (:n);
  IF :n > 0 THEN
    CALL :self.dive (:n - 1);
  END IF;
END;
PROCEDURE start (n INTEGER) AS
BEGIN
  LET self = SELF();
  CALL :self.dive (:n);
END;`;
    // :self inside dive is not declared: dive calls itself through its own address instead.
    const fixed = src.replace("CALL :self.dive (:n - 1);", "CALL SELFREF.dive (:n - 1);");
    const { address } = h.deploy("deep", fixed, [], { sender: alice });
    h.host.names.set("SELFREF", address);
    const shallow = ok(h.call(address, "dive", [10], { sender: alice }));
    expect(shallow.rowsWritten).toBe(11);
    const deep = h.call(address, "dive", [100], { sender: alice });
    expect(deep.error).toMatchObject({ code: "CALL_DEPTH" });
    expect(deep.error?.message).toMatch(/the call depth limit of 64 is reached/);
    expect(h.engine.tableRows(address, "hits").total).toBe(11);
  });

  it("counts a callee's gas once, even when the host hands back a copy of the result", async () => {
    const run = async (copy: boolean) => {
      const h = await token(100);
      h.host.names.set("Token", h.token);
      if (copy) h.host.call = (c, p, a, ctx) => ({ ...h.engine.call(c, p, a, ctx) });
      const { address: shop } = h.deploy("shop", `CONTRACT Shop;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nPROCEDURE pay (to ADDRESS) AS BEGIN\n  CALL Token.transfer (:to, 1);\nEND;`, [], { sender: alice });
      ok(h.call(h.token, "transfer", [shop, 10], { sender: alice }));
      const r = ok(h.call(shop, "pay", [bob], { sender: alice }));
      return [r.gasUsed, r.events.length];
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it("adds the gas and events of a contract the host runs itself", async () => {
    const h = await createHarness();
    const native = addr("native");
    h.host.names.set("Native", native);
    h.host.call = (contract, proc, args) => ({
      status: "success",
      returnValue: `${proc}:${args.join(",")}`,
      events: [{ contract, name: "Pinged", args: {} }],
      transfers: [],
      gasUsed: 1234,
      rowsWritten: 0,
      changeset: new Uint8Array(0),
      changesets: [],
      stateChanges: [],
      changesetDigest: new Uint8Array(32),
    });
    const src = `CONTRACT Caller;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nPROCEDURE ping () RETURNS TEXT AS BEGIN\n  LET r = CALL Native.ping (1, 'a');\n  RETURN :r;\nEND;\nPROCEDURE idle () AS BEGIN\n  LET r = 1;\nEND;`;
    const { address } = h.deploy("caller", src, [], { sender: alice });
    const r = ok(h.call(address, "ping", [], { sender: alice }));
    expect(r.returnValue).toBe("ping:1,a");
    expect(r.events).toEqual([{ contract: native, name: "Pinged", args: {} }]);
    expect(r.gasUsed).toBeGreaterThan(1234 + 500);
  });

  it("says which contract it could not find", async () => {
    const h = await createHarness();
    const { address } = h.deploy("lonely", `CONTRACT L;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nPROCEDURE p () AS BEGIN\n  CALL Nobody.run ();\nEND;`, [], { sender: alice });
    expect(h.call(address, "p", [], { sender: alice }).error).toMatchObject({ code: "UNKNOWN_CONTRACT", message: "p: CALL Nobody.run: there is no contract Nobody (line 4)" });
  });
});

describe("gas", () => {
  it("charges the same gas for the same call on the same state, however warm the statement cache is", async () => {
    const a = await token(1_000_000);
    for (let i = 0; i < 40; i++) ok(a.call(a.token, "transfer", [i % 2 ? bob : carol, 3], { sender: alice }));
    // b starts cold from a's exact state: its statements have never run.
    const b = await createHarness();
    b.engine.restore(a.token, a.engine.snapshot(a.token), a.engine.artifact(a.token)!);
    const ra = ok(a.call(a.token, "transfer", [bob, 5], { sender: alice }));
    const rb = ok(b.call(a.token, "transfer", [bob, 5], { sender: alice }));
    expect(rb.gasUsed).toBe(ra.gasUsed);
    expect(toHex(rb.changesetDigest)).toBe(toHex(ra.changesetDigest));
    const again = ok(a.call(a.token, "transfer", [carol, 5], { sender: alice }));
    const againB = ok(b.call(a.token, "transfer", [carol, 5], { sender: alice }));
    expect(againB.gasUsed).toBe(again.gasUsed);
  });

  // How long gas takes to stop it is a benchmark figure (bench/sqlExec.ts, "runaway stopped after"), not a test.
  // The views' wall-time budget is pinned (a clock that does not move): on a busy machine it would
  // stop these views before gas does, and gas is what is tested here.
  it("stops a recursive CTE counting to 1e12 with out of gas, and the engine keeps working", async () => {
    const h = await token(100, { clock: () => 0 });
    const src = `CONTRACT Loop;
CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER);
PROCEDURE spin () AS
BEGIN
  INSERT INTO t
    WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000000)
    SELECT x, x FROM c;
END;
VIEW spinView () RETURNS INTEGER AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000000) SELECT max(x) FROM c;`;
    const { address } = h.deploy("loop", src, [], { sender: alice });
    const r = h.call(address, "spin", [], { sender: alice });
    expect(r.error).toMatchObject({ code: "OUT_OF_GAS", message: "spin: out of gas (line 5)" });
    expect(r.gasUsed).toBe(5_000_000);
    expect(h.engine.tableRows(address, "t").total).toBe(0);
    const v = h.engine.query(address, "spinView");
    expect(v.error).toMatchObject({ code: "OUT_OF_GAS" });
    expect(v.gasUsed).toBe(5_000_000);
    ok(h.call(h.token, "transfer", [bob, 1], { sender: alice }));
  });

  it("stops a huge cross join with out of gas", async () => {
    const h = await createHarness({ clock: () => 0 }); // the views' wall-time budget pinned: gas is what stops it here
    const src = `CONTRACT Join;
CREATE TABLE n (i INTEGER PRIMARY KEY);
CONSTRUCTOR () AS BEGIN
  INSERT INTO n WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000) SELECT x FROM c;
END;
VIEW pairs () RETURNS INTEGER AS SELECT count(*) FROM n a, n b, n c, n d;`;
    const { address, result } = h.deploy("join", src, [], { sender: alice });
    ok(result);
    const r = h.engine.query(address, "pairs");
    expect(r.error).toMatchObject({ code: "OUT_OF_GAS", message: "pairs: out of gas (line 6)" });
  });

  it("honours the transaction's own gas limit and charges all of it when it runs out", async () => {
    const h = await token(100);
    const full = ok(h.call(h.token, "transfer", [bob, 1], { sender: alice }));
    const r = h.call(h.token, "transfer", [bob, 1], { sender: alice, gasLimit: full.gasUsed - 1 });
    expect(r.error?.code).toBe("OUT_OF_GAS");
    expect(r.gasUsed).toBe(full.gasUsed - 1);
    expect(h.engine.query(h.token, "balanceOf", [bob]).result).toBe(1);
  });
});

describe("limits are errors, never crashes", () => {
  const LIMITS_SRC = `CONTRACT Limits;
CREATE TABLE blobs (k INTEGER PRIMARY KEY, b BLOB);
EVENT Note (text TEXT);
PROCEDURE big (n INTEGER) AS BEGIN
  INSERT INTO blobs VALUES (1, zeroblob(:n));
END;
PROCEDURE loud (n INTEGER) AS BEGIN
  EMIT Note (printf('%.*c', :n, 'x'));
END;
PROCEDURE fill () AS BEGIN
  INSERT INTO blobs WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x, zeroblob(1000) FROM c;
END;
PROCEDURE echo (t TEXT) AS BEGIN
  INSERT INTO blobs VALUES (2, :t);
END;`;

  it("refuses a row over the row size limit", async () => {
    const h = await createHarness();
    const { address } = h.deploy("limits", LIMITS_SRC, [], { sender: alice });
    ok(h.call(address, "big", [60_000], { sender: alice }));
    expect(h.call(address, "big", [70_000], { sender: alice }).error).toMatchObject({ code: "ROW_TOO_LARGE", message: "big: a value or row is larger than 65,536 bytes (line 5)" });
  });

  it("refuses an event argument over 4,096 bytes", async () => {
    const h = await createHarness();
    const { address } = h.deploy("limits", LIMITS_SRC, [], { sender: alice });
    ok(h.call(address, "loud", [4000], { sender: alice }));
    expect(h.call(address, "loud", [5000], { sender: alice }).error).toMatchObject({ code: "EVENT_TOO_LARGE", message: "loud: EMIT Note: argument text is 5,003 bytes; the limit is 4,096 (line 8)" });
  });

  it("refuses more than 128 events in one transaction", async () => {
    const h = await createHarness();
    const emits = (n: number) => Array.from({ length: n }, () => "  EMIT Tick ();").join("\n");
    const src = `CONTRACT Ticks;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nEVENT Tick ();\nPROCEDURE ok () AS BEGIN\n${emits(128)}\nEND;\nPROCEDURE tooMany () AS BEGIN\n${emits(129)}\nEND;`;
    const { address } = h.deploy("ticks", src, [], { sender: alice });
    expect(ok(h.call(address, "ok", [], { sender: alice })).events).toHaveLength(128);
    const r = h.call(address, "tooMany", [], { sender: alice });
    expect(r.error).toMatchObject({ code: "TOO_MANY_EVENTS", message: "tooMany: a transaction emits at most 128 events (line 263)" });
  });

  it("refuses to grow a contract database past its size limit", async () => {
    const h = await createHarness({ limits: { maxDbBytes: 1024 * 1024, maxGasPerCall: 100_000_000 } });
    const { address } = h.deploy("limits", LIMITS_SRC, [], { sender: alice });
    expect(h.call(address, "fill", [], { sender: alice }).error).toMatchObject({ code: "DATABASE_FULL", message: "fill: the contract's database is full (limit 1 MiB) (line 11)" });
    expect(h.engine.tableRows(address, "blobs").total).toBe(0);
    ok(h.call(address, "big", [10], { sender: alice }));
  });

  it("refuses oversized arguments before running", async () => {
    const h = await createHarness();
    const { address } = h.deploy("limits", LIMITS_SRC, [], { sender: alice });
    expect(h.call(address, "echo", ["y".repeat(20_000)], { sender: alice }).error).toMatchObject({ code: "BAD_ARGUMENT", message: "echo: argument t must be at most 16384 bytes of text; got \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...\"" });
    expect(h.call(address, "echo", ["y".repeat(16_000)], { sender: alice }).status).toBe("success");
  });

  it("refuses an AMOUNT() beyond 2^63-1 aer rather than wrapping it", async () => {
    const h = await createHarness();
    const { address } = h.deploy("box", ESCROW_LIKE, [], { sender: alice });
    const r = h.engine.call(address, "store", [1, "x", false], { sender: alice, amount: 1n << 63n });
    expect(r.error).toMatchObject({ code: "AMOUNT_OVERFLOW" });
  });
});

describe("the runtime authorizer refuses what the compiler would, even from a hand-made artifact", () => {
  async function tampered(mutate: (a: ContractArtifact) => ContractArtifact) {
    const h = await createHarness();
    const compiled = h.engine.compile(TOKEN_EXAMPLE);
    if (!compiled.ok) throw new Error("no");
    return { h, artifact: mutate(JSON.parse(JSON.stringify(compiled.artifact)) as ContractArtifact) };
  }
  const withTransferSql = (sql: string) => (a: ContractArtifact) => {
    (a.procedures[0]!.body[2] as { sql: string }).sql = sql;
    return a;
  };

  const refused: [string, string, string][] = [
    ["random()", "UPDATE balances SET amount = random() WHERE owner = :$sender", "transfer: random() is not deterministic: every node would draw a different number. (line 23)"],
    ["CURRENT_TIMESTAMP", "UPDATE balances SET amount = CURRENT_TIMESTAMP WHERE owner = :$sender", "transfer: CURRENT_TIMESTAMP reads the wall clock; use datetime(BLOCK_TIME(), 'unixepoch'). (line 23)"],
    ["PRAGMA", "PRAGMA foreign_keys = OFF", "transfer: PRAGMA is not allowed in a contract: it reads or changes the database engine's settings. (line 23)"],
    ["sqlite_schema", "DELETE FROM balances WHERE owner IN (SELECT name FROM sqlite_schema)", "transfer: SQLite's internal table sqlite_master is not part of the contract. (line 23)"],
    ["ATTACH", "ATTACH DATABASE ':memory:' AS x", "transfer: ATTACH and DETACH are not allowed: a contract only sees its own tables. (line 23)"],
    ["a temp table", "CREATE TEMP TABLE x (a)", "transfer: Temporary tables are not allowed: a contract's state lives in its declared tables only. (line 23)"],
    ["a savepoint", "SAVEPOINT mine", "transfer: Transactions and savepoints are managed by the chain. (line 23)"],
  ];
  for (const [what, sql, message] of refused) {
    it(`refuses ${what} at run time`, async () => {
      const { h, artifact } = await tampered(withTransferSql(sql));
      const addrT = addr("tampered");
      ok(h.engine.deploy(artifact, { contract: addrT, sender: alice }, ["Gold", 100]));
      const r = h.engine.call(addrT, "transfer", [bob, 1], { sender: alice });
      expect(r.error).toMatchObject({ code: "NOT_AUTHORIZED", message });
      expect(h.engine.query(addrT, "balanceOf", [alice]).result).toBe(100);
    });
  }

  it("refuses a write smuggled into a view", async () => {
    const { h, artifact } = await tampered((a) => {
      (a.views[0]!.body[0] as { sql: string }).sql = "DELETE FROM balances RETURNING 1";
      return a;
    });
    const addrT = addr("tampered");
    ok(h.engine.deploy(artifact, { contract: addrT, sender: alice }, ["Gold", 100]));
    expect(h.engine.query(addrT, "balanceOf", [alice]).error).toMatchObject({ code: "NOT_AUTHORIZED", message: "balanceOf: A VIEW is read-only: it cannot write to balances. (line 30)" });
    expect(h.engine.tableRows(addrT, "balances").total).toBe(1);
  });

  it("refuses a schema that creates a temp table", async () => {
    const { h, artifact } = await tampered((a) => ({ ...a, ddl: [...a.ddl, "CREATE TEMP TABLE sneaky (a)"] }));
    const r = h.engine.deploy(artifact, { contract: addr("tampered"), sender: alice }, ["Gold", 100]);
    expect(r.error?.code).toBe("NOT_AUTHORIZED");
    expect(h.engine.has(addr("tampered"))).toBe(false);
  });

  it("fails a transaction that leaves a deferred foreign key broken, in every database it touched", async () => {
    const h = await createHarness();
    const src = `CONTRACT Fk;
CREATE TABLE parent (id INTEGER PRIMARY KEY);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id));
PROCEDURE orphan () AS BEGIN
  INSERT INTO child VALUES (1, 99);
END;`;
    const compiled = h.engine.compile(src);
    if (!compiled.ok) throw new Error("no");
    // Only a hand-made artifact can have a deferred constraint: the compiler refuses them.
    const artifact = { ...compiled.artifact, ddl: compiled.artifact.ddl.map((d) => d.replace("REFERENCES parent (id)", "REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED")) };
    const fk = addr("fk");
    ok(h.engine.deploy(artifact, { contract: fk, sender: alice }));
    const r = h.engine.call(fk, "orphan", [], { sender: alice });
    expect(r.error).toMatchObject({ code: "CONSTRAINT", message: "orphan: FOREIGN KEY constraint failed" });
    expect(h.engine.tableRows(fk, "child").total).toBe(0);
  });

  it("gives date functions the block time even when 'now' arrives as data", async () => {
    const h = await createHarness();
    const src = `CONTRACT Clock;\nCREATE TABLE t (k INTEGER PRIMARY KEY);\nVIEW day (when TEXT) RETURNS TEXT AS SELECT datetime(:when);\nVIEW t () RETURNS INTEGER AS SELECT BLOCK_TIME();`;
    const { address } = h.deploy("clock", src, [], { sender: alice });
    expect(h.engine.query(address, "day", ["now"], { blockTime: Date.UTC(2021, 4, 6, 7, 8, 9) }).result).toBe("2021-05-06 07:08:09");
    expect(h.engine.query(address, "t", [], { blockTime: 1_600_000_000_500 }).result).toBe(1_600_000_000);
  });
});

describe("built-ins read the call's context", () => {
  it("returns sender, origin, self, amount, block, tx hash, branch and balances", async () => {
    const h = await createHarness({}, { [alice]: 5_000n });
    const src = `CONTRACT Ctx;
CREATE TABLE t (k INTEGER PRIMARY KEY);
PROCEDURE show () AS BEGIN
  RETURN SELECT SENDER() AS sender, ORIGIN() AS origin, SELF() AS self, AMOUNT() AS amount, BLOCK_HEIGHT() AS height,
    BLOCK_TIME() AS time, TX_HASH() AS tx, BRANCH() AS branch, BALANCE(SENDER()) AS bal, BALANCE(SELF()) AS mine,
    IS_ADDRESS(SENDER()) AS isAddr, IS_ADDRESS('x') AS notAddr;
END;`;
    const { address } = h.deploy("ctx", src, [], { sender: alice });
    const r = ok(h.call(address, "show", [], { sender: alice, amount: 7n, blockHeight: 42, blockTime: 1_234_567_000, txHash: "abc", branch: "dev" }));
    expect(r.returnValue).toEqual({ sender: alice, origin: alice, self: address, amount: 7, height: 42, time: 1_234_567, tx: "abc", branch: "dev", bal: 4_993, mine: 7, isAddr: 1, notAddr: 0 });
  });
});

describe("snapshots", () => {
  it("restore gives back the same state entries, in this engine or a new one", async () => {
    const h = await token(1000);
    ok(h.call(h.token, "transfer", [bob, 10], { sender: alice }));
    const snap = h.engine.snapshot(h.token);
    const before = entriesHex(h.engine.stateEntries(h.token));
    ok(h.call(h.token, "transfer", [carol, 20], { sender: alice }));
    h.engine.restore(h.token, snap);
    expect(entriesHex(h.engine.stateEntries(h.token))).toEqual(before);
    ok(h.call(h.token, "transfer", [carol, 20], { sender: alice }));

    const other = await createHarness();
    other.engine.restore(h.token, h.engine.snapshot(h.token), h.engine.artifact(h.token)!);
    expect(entriesHex(other.engine.stateEntries(h.token))).toEqual(entriesHex(h.engine.stateEntries(h.token)));
    expect(other.engine.query(h.token, "balanceOf", [carol]).result).toBe(20);
    const a = ok(h.call(h.token, "transfer", [bob, 1], { sender: alice }));
    const b = ok(other.call(h.token, "transfer", [bob, 1], { sender: alice }));
    expect([b.gasUsed, toHex(b.changeset)]).toEqual([a.gasUsed, toHex(a.changeset)]);
  });

  it("refuses a snapshot that lacks the artifact's tables", async () => {
    const h = await token(10);
    const other = await createHarness();
    const { address, artifact } = other.deploy("box", ESCROW_LIKE, [], { sender: alice });
    expect(() => other.engine.restore(address, h.engine.snapshot(h.token), artifact)).toThrow(/the snapshot has no table items/);
  });
});

describe("changesets", () => {
  it("inverting a transaction's changeset and applying it restores the previous rows", async () => {
    const h = await token(1000);
    const before = entriesHex(h.engine.stateEntries(h.token));
    const r = ok(h.call(h.token, "transfer", [bob, 10], { sender: alice }));
    const undo = h.engine.applyChangeset(h.token, h.engine.invertChangeset(r.changeset));
    expect(entriesHex(h.engine.stateEntries(h.token))).toEqual(before);
    expect(undo.stateChanges.map((c) => c.value === null)).toEqual([false, true]);
  });

  it("refuses a changeset that conflicts with the current rows, changing nothing", async () => {
    const h = await token(1000);
    const r = ok(h.call(h.token, "transfer", [bob, 10], { sender: alice }));
    ok(h.call(h.token, "transfer", [bob, 10], { sender: alice }));
    const now = entriesHex(h.engine.stateEntries(h.token));
    expect(() => h.engine.applyChangeset(h.token, h.engine.invertChangeset(r.changeset))).toThrow(/conflicts/);
    expect(entriesHex(h.engine.stateEntries(h.token))).toEqual(now);
  });
});

describe("the merge resolver example", () => {
  it("answers ours or theirs from the rows it is given", async () => {
    const h = await createHarness();
    const { address } = h.deploy("merge", MERGE_CONTRACT, ["Gold", 10], { sender: alice });
    const row = (status: string) => ({ id: 1, buyer: bob, status });
    expect(ok(h.call(address, "settle", [row("shipped"), row("open"), row("open")], { sender: alice })).returnValue).toBe("ours");
    expect(ok(h.call(address, "settle", [row("open"), row("cancelled"), row("open")], { sender: alice })).returnValue).toBe("theirs");
    expect(h.call(address, "settle", ["x", row("a"), row("b")], { sender: alice }).error?.code).toBe("BAD_ARGUMENT");
  });
});

describe("the interpreter", () => {
  const FLOW = `CONTRACT Flow;
CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT);
EVENT Picked (label TEXT);
EVENT Typed (who ADDRESS);
PROCEDURE classify (n INTEGER) RETURNS TEXT AS
BEGIN
  LET label = 'none';
  IF :n < 0 THEN
    LET label = 'negative';
  ELSIF :n = 0 THEN
    LET label = 'zero';
  ELSEIF :n < 10 THEN
    IF :n % 2 = 0 THEN LET label = 'small even'; ELSE LET label = 'small odd'; END IF;
  ELSE
    RETURN CASE WHEN :n < 100 THEN 'medium' ELSE 'large' END;
  END IF;
  EMIT Picked (:label);
  RETURN :label;
END;
PROCEDURE fill (n INTEGER) AS
BEGIN
  INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) SELECT x, 'v' || x FROM c;
  RETURN SELECT k, v FROM t ORDER BY k DESC LIMIT 1;
END;
PROCEDURE wrongType () RETURNS INTEGER AS BEGIN RETURN 'text'; END;
PROCEDURE wrongEvent () AS BEGIN EMIT Typed ('not an address'); END;
PROCEDURE nothing () AS BEGIN UPDATE t SET v = v; END;`;

  it("takes IF, ELSIF and ELSE branches, nests them, and returns from inside", async () => {
    const h = await createHarness();
    const { address } = h.deploy("flow", FLOW, [], { sender: alice });
    const pick = (n: number) => ok(h.call(address, "classify", [n], { sender: alice }));
    expect([-5, 0, 4, 7, 50, 500].map((n) => pick(n).returnValue)).toEqual(["negative", "zero", "small even", "small odd", "medium", "large"]);
    expect(pick(4).events).toEqual([{ contract: address, name: "Picked", args: { label: "small even" } }]);
    expect(pick(50).events).toEqual([]);
  });

  it("returns a row as an object from a procedure's RETURN SELECT of several columns", async () => {
    const h = await createHarness();
    const { address } = h.deploy("flow", FLOW, [], { sender: alice });
    const r = ok(h.call(address, "fill", [5], { sender: alice }));
    expect(r.returnValue).toEqual({ k: 5, v: "v5" });
    expect(r.rowsWritten).toBe(5);
    expect(ok(h.call(address, "nothing", [], { sender: alice })).returnValue).toBeNull();
  });

  it("refuses a returned value or event argument of the wrong type", async () => {
    const h = await createHarness();
    const { address } = h.deploy("flow", FLOW, [], { sender: alice });
    expect(h.call(address, "wrongType", [], { sender: alice }).error).toMatchObject({ code: "TYPE_MISMATCH", message: 'wrongType: the returned value "text" is not an INTEGER (line 25)' });
    expect(h.call(address, "wrongEvent", [], { sender: alice }).error).toMatchObject({ code: "TYPE_MISMATCH", message: 'wrongEvent: EMIT Typed: argument who ("not an address") is not a valid address (line 26)' });
  });
});
