/**
 * "Gas does not bound CPU": one LIKE, GLOB, instr, replace or hex(zeroblob(n)) on long strings
 * is one VM step, so before metering the likeBomb below ran ~2 s for 26 gas. These tests pin the
 * fix: such calls end with OUT_OF_GAS (the whole limit charged, nothing changed), the metered
 * functions answer exactly what SQLite's built-ins answer, a view stops on its wall-time budget
 * (a fake clock, never real time), and a too-long LIKE pattern gets a clear error.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { addr, createHarness, type Harness } from "../testing/harness.ts";
import type { SqlValue } from "../types.ts";
import { FUNCTION_GAS } from "./limits.ts";
import { METERED_FUNCTIONS } from "./functionGas.ts";
import { loadAergoSqlite } from "./instance.ts";
import { SQLITE, type Sqlite } from "./sqlite.ts";

const alice = addr("alice");

const BOMBS = `CONTRACT Bombs;
CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);
VIEW likeBomb (n INTEGER, m INTEGER) RETURNS INTEGER AS SELECT hex(zeroblob(:n)) LIKE ('%' || hex(zeroblob(:m)) || '1');
VIEW globBomb (n INTEGER, m INTEGER) RETURNS INTEGER AS SELECT hex(zeroblob(:n)) GLOB ('*' || hex(zeroblob(:m)) || '1');
VIEW instrBomb (n INTEGER, m INTEGER) RETURNS INTEGER AS SELECT instr(hex(zeroblob(:n)), hex(zeroblob(:m)) || '1');
VIEW replaceBomb (n INTEGER, m INTEGER) RETURNS INTEGER AS SELECT length(replace(hex(zeroblob(:n)), hex(zeroblob(:m)) || '1', 'x'));
VIEW hexBomb (n INTEGER) RETURNS INTEGER AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c WHERE length(hex(zeroblob(:n + x % 2))) < 0;
VIEW spin () RETURNS INTEGER AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;
VIEW matches (s TEXT, p TEXT) RETURNS INTEGER AS SELECT :s LIKE :p;
VIEW hexOf (b BLOB) RETURNS TEXT AS SELECT hex(:b);
PROCEDURE paidLike (n INTEGER, m INTEGER) AS
BEGIN
  INSERT INTO t (k, v) VALUES (1, 1);
  REQUIRE (SELECT hex(zeroblob(:n)) LIKE ('%' || hex(zeroblob(:m)) || '1')) = 0, 'matched';
  INSERT INTO t (k, v) VALUES (2, 2);
END;
PROCEDURE paidHex (n INTEGER) AS
BEGIN
  INSERT INTO t (k, v) VALUES (3, 3);
  INSERT INTO t (k, v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x + 10, length(hex(zeroblob(:n + x % 2))) FROM c;
END;
PROCEDURE paidSpin () AS
BEGIN
  INSERT INTO t (k, v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x + 10, x FROM c;
END;
`;

/** A clock that never moves: gas alone decides, whatever the machine's load. */
const frozen = () => 0;

async function bombs(clock: () => number = frozen): Promise<Harness & { at: string }> {
  const h = await createHarness({ clock });
  const { address, result } = h.deploy("bombs", BOMBS, [], { sender: alice });
  expect(result.error).toBeUndefined();
  return { ...h, at: address };
}

describe("string and blob bombs", () => {
  it("stops the reported likeBomb view with OUT_OF_GAS, charging the whole view limit", async () => {
    const h = await bombs();
    const r = h.engine.query(h.at, "likeBomb", [32000, 16000]);
    expect(r.status).toBe("error");
    expect(r.error).toMatchObject({ code: "OUT_OF_GAS" });
    expect(r.gasUsed).toBe(h.engine.limits.maxViewGas);
  });

  it.each([
    ["globBomb", [32000, 16000]],
    ["instrBomb", [32000, 16000]],
    ["replaceBomb", [32000, 16000]],
    ["hexBomb", [32000]],
  ])("stops %s with OUT_OF_GAS", async (view, args) => {
    const h = await bombs();
    const r = h.engine.query(h.at, view, args);
    expect(r.error).toMatchObject({ code: "OUT_OF_GAS" });
    expect(r.gasUsed).toBe(h.engine.limits.maxViewGas);
  });

  it.each([
    ["paidLike", [32000, 16000]],
    ["paidHex", [32000]],
  ])("stops %s as a paid call with OUT_OF_GAS: the gas limit charged, no row kept", async (proc, args) => {
    const h = await bombs();
    const before = h.engine.stateEntries(h.at);
    const r = h.call(h.at, proc, args, { sender: alice, gasLimit: 1_000_000 });
    expect(r.status).toBe("error");
    expect(r.error).toMatchObject({ code: "OUT_OF_GAS" });
    expect(r.gasUsed).toBe(1_000_000);
    expect(r.stateChanges).toEqual([]);
    expect(h.engine.stateEntries(h.at)).toEqual(before);
  });

  it("rolls back every out-of-gas call, however often the engine's own savepoint statements ran", async () => {
    // The cached ROLLBACK's VM-step counter once crossed a progress check right after an
    // out-of-gas, and the exhausted meter interrupted the rollback itself (an INTERNAL throw).
    const h = await bombs();
    const before = h.engine.stateEntries(h.at);
    for (let i = 0; i < 300; i++) {
      const r = h.call(h.at, "paidLike", [32000, 16000], { sender: alice, gasLimit: 2_000 + i });
      expect(r.error?.code).toBe("OUT_OF_GAS");
    }
    expect(h.engine.stateEntries(h.at)).toEqual(before);
  });

  it("charges a metered function by the bytes it reads and produces", async () => {
    const h = await bombs();
    const small = h.engine.query(h.at, "hexOf", [new Uint8Array(16)]);
    const large = h.engine.query(h.at, "hexOf", [new Uint8Array(1600)]);
    expect(small.result).toBe("00".repeat(16));
    expect(large.result).toBe("00".repeat(1600));
    // Same VM steps; the difference is (1600 - 16) bytes read and (3200 - 32) bytes written.
    const perBytes = (n: number) => Math.ceil(n / FUNCTION_GAS.bytesPerGas);
    expect(large.gasUsed - small.gasUsed).toBe(perBytes(1600) - perBytes(16) + perBytes(3200) - perBytes(32));
  });

  it("refuses a LIKE pattern longer than the limit with a clear error and no work", async () => {
    const h = await bombs();
    const r = h.engine.query(h.at, "matches", ["abc", "a".repeat(5000)]);
    expect(r.status).toBe("error");
    expect(r.error?.code).toBe("SQL_ERROR");
    expect(r.error?.message).toMatch(/LIKE or GLOB pattern too complex: the pattern is 5,000 bytes; the limit is 4,096/);
    expect(h.engine.query(h.at, "matches", ["abc", "a%"]).result).toBe(1);
  });

  it("keeps metered built-ins usable in CHECK constraints and index expressions", async () => {
    const h = await createHarness();
    const src = `CONTRACT Names;
CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) <= 8 AND upper(name) = name AND trim(name) = name));
CREATE INDEX names_lower ON names (lower(name));
PROCEDURE add (id INTEGER, name TEXT) AS BEGIN INSERT INTO names VALUES (:id, :name); END;
VIEW find (name TEXT) RETURNS INTEGER AS SELECT id FROM names WHERE lower(name) = lower(:name);
`;
    const { address, result } = h.deploy("names", src, [], { sender: alice });
    expect(result.error).toBeUndefined();
    expect(h.call(address, "add", [1, "ALICE"], { sender: alice }).status).toBe("success");
    expect(h.call(address, "add", [2, "bob"], { sender: alice }).error).toMatchObject({ code: "CONSTRAINT" });
    expect(h.engine.query(address, "find", ["alice"]).result).toBe(1);
  });
});

describe("the wall-time budget of a view", () => {
  /** A fake clock: every reading is one millisecond later. */
  const ticking = () => {
    let now = 0;
    return () => now++;
  };

  it("stops a slow view with VIEW_TIMEOUT once the budget has passed", async () => {
    const h = await bombs(ticking());
    const r = h.engine.query(h.at, "spin", []);
    expect(r.status).toBe("error");
    expect(r.error?.code).toBe("VIEW_TIMEOUT");
    expect(r.error?.message).toMatch(/the view ran longer than its 500 ms budget/);
    expect(r.gasUsed).toBeLessThan(h.engine.limits.maxViewGas);
  });

  it("never stops a call on time: the same work as a call ends by gas alone", async () => {
    const h = await bombs(ticking());
    const r = h.call(h.at, "paidSpin", [], { sender: alice, gasLimit: 300_000 });
    expect(r.error).toMatchObject({ code: "OUT_OF_GAS" });
    expect(r.gasUsed).toBe(300_000);
  });

  it("lets a quick view finish", async () => {
    const h = await bombs(ticking());
    expect(h.engine.query(h.at, "matches", ["abc", "%b%"]).result).toBe(1);
  });
});

describe("metered built-ins give SQLite's own answers", () => {
  let sqlite: Sqlite;
  let plain: number;
  let metered: number;

  beforeAll(async () => {
    sqlite = await loadAergoSqlite();
    const opts = { maxPageCount: 256, maxLength: 65_536 };
    plain = sqlite.openDb(opts);
    metered = sqlite.openDb(opts);
    // An owner whose gas never runs out: only the results are compared here.
    sqlite.attachCallbacks(metered, { authorize: () => SQLITE.OK, progress: () => 0, preupdate: () => {}, chargeGas: () => true }, 0);
  });

  type Answer = { value: SqlValue; type: number } | { error: number; message: string };

  function evaluate(db: number, sql: string, args: SqlValue[]): Answer {
    const r = sqlite.prepare(db, sql, false);
    if ("error" in r) return { error: r.code & 0xff, message: r.error };
    try {
      args.forEach((v, i) => sqlite.bind(r.stmt, i + 1, v));
      const rc = sqlite.x.sqlite3_step(r.stmt);
      if (rc !== SQLITE.ROW) return { error: sqlite.x.sqlite3_errcode(db) & 0xff, message: sqlite.errmsg(db) };
      return { value: sqlite.column(r.stmt, 0), type: sqlite.x.sqlite3_column_type(r.stmt, 0) };
    } finally {
      sqlite.x.sqlite3_finalize(r.stmt);
    }
  }

  const text = fc.string({ unit: fc.constantFrom("a", "b", "%", "_", "*", "?", "[", "]", "^", "-", "\\", " ", "é", "€", "😀", "\u0000", "%s", "%d", "%5.2f", "%q", "%w", "%c"), maxLength: 12 });
  const value: fc.Arbitrary<SqlValue> = fc.oneof(
    fc.constant(null),
    fc.integer({ min: -300, max: 300 }),
    fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
    fc.double({ noNaN: true }),
    text,
    fc.uint8Array({ maxLength: 8 }),
  );
  const call = fc.constantFrom(...METERED_FUNCTIONS.flatMap((f) => f.nArgs.map((n) => ({ name: f.name, n })))).chain(({ name, n }) =>
    fc.array(value, n === -1 ? { minLength: 0, maxLength: 4 } : { minLength: n, maxLength: n }).map((args) => ({ name, args })),
  );

  it("for random arguments, including NULLs, BLOBs, UTF-8, wildcards and escapes", () => {
    fc.assert(
      fc.property(call, ({ name, args }) => {
        const sql = `SELECT ${name}(${args.map((_, i) => `?${i + 1}`).join(", ")})`;
        const want = evaluate(plain, sql, args);
        const got = evaluate(metered, sql, args);
        if ("error" in want) {
          // concat() with no argument is refused when prepared by the built-in, when run by the override.
          expect(got).toMatchObject({ error: want.error, message: want.message });
        } else expect(got).toEqual(want);
      }),
      { numRuns: 3000, seed: 20261123 },
    );
  });

  it("for the LIKE / GLOB operators with ESCAPE", () => {
    const cases: [string, SqlValue[]][] = [
      ["SELECT ?1 LIKE ?2", ["Hello", "h%"]],
      ["SELECT ?1 LIKE ?2 ESCAPE ?3", ["10%", "10!%", "!"]],
      ["SELECT ?1 LIKE ?2 ESCAPE ?3", ["10%", "10!%", "!!"]],
      ["SELECT ?1 GLOB ?2", ["abc", "a[a-c]?"]],
      ["SELECT ?1 NOT LIKE ?2", [null, "%"]],
      ["SELECT ?1 LIKE ?2", ["ÉCOLE", "école"]],
      ["SELECT substr(?1, -3, 2) || substring(?1, 2)", ["αβγδε"]],
      ["SELECT printf('%.3s|%5d|%-4s|%x', ?1, ?2, ?1, ?2)", ["héllo", 42]],
      ["SELECT quote(?1), hex(?1), unhex(?2, ' '), char(?3, ?3 + 1)", [new Uint8Array([0, 255]), "41 42", 0x1f600]],
      ["SELECT concat_ws(',', ?1, NULL, ?2), concat(?1, ?2), trim(?3, 'x'), rtrim(?3), ltrim(?3, ' x')", ["a", 2.5, " xxhixx "]],
      ["SELECT zeroblob(?1), length(zeroblob(?1)), typeof(zeroblob(0))", [3]],
      ["SELECT upper(?1), lower(?1), replace(?1, '', 'x'), instr(?1, ''), instr(?2, ?2)", ["MiXéd", new Uint8Array([1, 2])]],
    ];
    for (const [sql, args] of cases) expect(evaluate(metered, sql, args), sql).toEqual(evaluate(plain, sql, args));
  });

  it("report a result over SQLITE_LIMIT_LENGTH as too big, like the built-in", () => {
    for (const sql of ["SELECT zeroblob(100000)", "SELECT printf('%.*c', 70000, 'x')", "SELECT hex(zeroblob(40000))"]) {
      const want = evaluate(plain, sql, []);
      expect(want).toMatchObject({ error: SQLITE.TOOBIG });
      expect(evaluate(metered, sql, [])).toMatchObject({ error: SQLITE.TOOBIG });
    }
  });
});
