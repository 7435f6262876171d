import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createSqlCompiler, type SqlCompiler } from "./compileContract.ts";
import { formatDiagnostic } from "./diagnostics.ts";
import { MERGE_CONTRACT, TOKEN_EXAMPLE } from "../testing/examples.ts";
import type { CompileResult, Diagnostic } from "../types.ts";

let compiler: SqlCompiler;
beforeAll(async () => {
  compiler = await createSqlCompiler();
});

const compile = (src: string) => compiler.compile(src);
function errorsOf(r: CompileResult): Diagnostic[] {
  return r.diagnostics.filter((d) => d.severity === "error");
}
/** Compiles a contract that must fail; returns its first error. */
function firstError(src: string): Diagnostic {
  const r = compile(src);
  expect(r.ok, JSON.stringify(r.diagnostics)).toBe(false);
  const e = errorsOf(r)[0];
  expect(e).toBeDefined();
  return e!;
}

const HEAD = `CONTRACT T;
CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0);
`;
/** A contract with one procedure whose body is `body`; the body starts on line 5. */
const withBody = (body: string) => `${HEAD}PROCEDURE p (x INTEGER) AS
BEGIN
${body}
END;
`;

describe("the Token example of AERGOSQL.md", () => {
  it("compiles without diagnostics", () => {
    const r = compile(TOKEN_EXAMPLE);
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it("has an ABI listing its tables, constructor, procedure, views and event with types", () => {
    const r = compile(TOKEN_EXAMPLE);
    if (!r.ok) throw new Error("did not compile");
    const { abi } = r;
    expect(abi.name).toBe("Token");
    expect(abi.tables.map((t) => t.name)).toEqual(["balances", "meta"]);
    expect(abi.tables[0]!.columns).toEqual([
      { name: "owner", type: "ADDRESS", notNull: true, pk: 1 },
      { name: "amount", type: "INTEGER", notNull: true, pk: 0 },
    ]);
    expect(abi.tables[0]!.primaryKey).toEqual(["owner"]);
    expect(abi.constructor).toEqual({ params: [{ name: "name", type: "TEXT" }, { name: "supply", type: "INTEGER" }] });
    expect(abi.procedures).toEqual([{ name: "transfer", params: [{ name: "to", type: "ADDRESS" }, { name: "amount", type: "INTEGER" }], returns: null, readonly: false }]);
    expect(abi.views).toEqual([
      { name: "balanceOf", params: [{ name: "who", type: "ADDRESS" }], returns: "INTEGER", readonly: true },
      { name: "holders", params: [], returns: null, readonly: true, columns: ["owner", "amount"] },
    ]);
    expect(abi.events).toEqual([{ name: "Transfer", params: [{ name: "from", type: "ADDRESS" }, { name: "to", type: "ADDRESS" }, { name: "amount", type: "INTEGER" }] }]);
  });

  it("turns SENDER() into a bound parameter and keeps the source line of every statement", () => {
    const r = compile(TOKEN_EXAMPLE);
    if (!r.ok) throw new Error("did not compile");
    const transfer = r.artifact.procedures[0]!;
    expect(transfer.body.map((s) => ("line" in s ? s.line : 0))).toEqual([20, 21, 23, 24, 26]);
    expect(transfer.body[2]).toMatchObject({ op: "exec", sql: "UPDATE balances SET amount = amount - :amount WHERE owner = :$sender" });
  });

  it("compiles to the same artifact every time", () => {
    expect(JSON.stringify(compile(TOKEN_EXAMPLE))).toBe(JSON.stringify(compile(TOKEN_EXAMPLE)));
  });
});

describe("the MERGE POLICY example of AERGOSQL.md", () => {
  it("compiles and lists every policy in the ABI", () => {
    const r = compile(MERGE_CONTRACT);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) throw new Error("did not compile");
    expect(r.abi.mergePolicies).toEqual([
      { table: "balances", columns: ["amount"], policy: "additive" },
      { table: "meta", columns: null, policy: "last-writer" },
      { table: "orders", columns: null, policy: "resolve", resolver: "settle" },
    ]);
    expect(r.abi.procedures.find((p) => p.name === "settle")).toEqual({
      name: "settle",
      params: [{ name: "ours", type: "ROW" }, { name: "theirs", type: "ROW" }, { name: "base", type: "ROW" }],
      returns: null,
      readonly: false,
      resolver: true,
    });
  });

  it("checks the resolver's :ours.column against the table the policy names", () => {
    const bad = MERGE_CONTRACT.replace("IF :ours.status = 'shipped'", "IF :ours.state = 'shipped'");
    const e = firstError(bad);
    expect(e.message).toBe("The row :ours has no column state.");
    expect(e.code).toBe("UNKNOWN_COLUMN");
  });

  it("refuses ADDITIVE on a text column and a resolver that is not a procedure", () => {
    expect(firstError(MERGE_CONTRACT.replace("MERGE POLICY balances (amount) ADDITIVE", "MERGE POLICY balances (owner) ADDITIVE")).message).toBe(
      "ADDITIVE sums numbers: balances.owner is part of the primary key.",
    );
    expect(firstError(MERGE_CONTRACT.replace("RESOLVE WITH settle", "RESOLVE WITH holders")).message).toBe(
      "RESOLVE WITH names holders, which is not a procedure of this contract.",
    );
  });
});

describe("syntax and type errors come back with positions", () => {
  it("reports a missing CONTRACT line at 1:1", () => {
    const e = firstError("CREATE TABLE t (k TEXT PRIMARY KEY);");
    expect([e.line, e.column, e.code]).toEqual([1, 1, "MISSING_CONTRACT"]);
  });

  it("points at the token where the contract grammar breaks", () => {
    const e = firstError(withBody("  REQUIRE :x > 0 'no comma';"));
    expect([e.line, e.column]).toEqual([5, 18]);
    expect(e.message).toBe(`Expected "," between the REQUIRE condition and its message.`);
    expect(formatDiagnostic(e, "t.sql")).toBe(`t.sql:5:18: Expected "," between the REQUIRE condition and its message.`);
    expect(formatDiagnostic(e)).toBe(`5:18: Expected "," between the REQUIRE condition and its message.`);
  });

  it("maps SQLite's syntax error inside a statement to the source line and column", () => {
    const e = firstError(withBody("  UPDATE t SET v = v + WHERE k = 'a';"));
    expect(e.code).toBe("SQL_ERROR");
    expect(e.message).toBe('near "WHERE": syntax error');
    expect([e.line, e.column]).toEqual([5, 24]);
  });

  it("reports an unknown column and an unknown table where they are written", () => {
    const col = firstError(withBody("  UPDATE t SET v = 1 WHERE nosuch = 2;"));
    expect([col.code, col.message, col.line, col.column]).toEqual(["UNKNOWN_COLUMN", "no such column: nosuch", 5, 28]);
    const table = firstError(withBody("\n  DELETE FROM ghosts WHERE 1;"));
    expect([table.code, table.message, table.line]).toEqual(["UNKNOWN_TABLE", "no such table: ghosts", 6]);
  });

  it("reports an unknown parameter and suggests the right case", () => {
    expect(firstError(withBody("  UPDATE t SET v = :y;")).message).toBe("Unknown parameter :y: it is neither a parameter nor a LET variable defined before this line.");
    expect(firstError(withBody("  UPDATE t SET v = :X;")).message).toBe("Unknown parameter :X; did you mean :x? (names are case-sensitive)");
  });

  it("accepts LET variables after their LET, not before", () => {
    expect(compile(withBody("  LET y = :x * 2;\n  UPDATE t SET v = :y;")).ok).toBe(true);
    expect(firstError(withBody("  UPDATE t SET v = :y;\n  LET y = 1;")).code).toBe("UNKNOWN_PARAMETER");
  });

  it("refuses an unknown type with the list of types", () => {
    const e = firstError(`${HEAD}PROCEDURE p (x MONEY) AS BEGIN END;`);
    expect(e.code).toBe("UNKNOWN_TYPE");
    expect(e.message).toBe("Unknown type MONEY: use INTEGER, TEXT, ADDRESS, AMOUNT, BOOLEAN, REAL, BLOB.");
    expect([e.line, e.column]).toEqual([3, 16]);
  });

  it("checks EMIT against the event's declaration", () => {
    const src = `${HEAD}EVENT Moved (who ADDRESS, n INTEGER);
PROCEDURE p () AS BEGIN
  EMIT Moved (SENDER());
END;`;
    const e = firstError(src);
    expect(e.code).toBe("ARGUMENT_COUNT");
    expect(e.message).toBe("Moved takes 2 arguments (who, n); 1 given.");
    expect(firstError(src.replace("EMIT Moved", "EMIT Gone")).code).toBe("UNKNOWN_EVENT");
  });

  it("refuses a procedure declared twice", () => {
    const e = firstError(`${HEAD}PROCEDURE p () AS BEGIN END;\nVIEW p () RETURNS INTEGER AS SELECT 1;`);
    expect(e.code).toBe("DUPLICATE_NAME");
    expect(e.line).toBe(4);
  });

  it("reports an unclosed string at its position", () => {
    const e = firstError(withBody("  REQUIRE :x > 0, 'oops;"));
    expect(e.code).toBe("LEXICAL_ERROR");
    expect([e.line, e.column]).toEqual([5, 19]);
  });

  it("gives several diagnostics at once, in source order", () => {
    const r = compile(withBody("  UPDATE t SET v = :nope;\n  DELETE FROM ghosts;"));
    expect(errorsOf(r).map((d) => [d.line, d.code])).toEqual([
      [5, "UNKNOWN_PARAMETER"],
      [6, "UNKNOWN_TABLE"],
    ]);
  });

  it("warns when a SELECT's result is thrown away", () => {
    const r = compile(withBody("  SELECT v FROM t;"));
    expect(r.ok).toBe(true);
    expect(r.diagnostics).toMatchObject([{ severity: "warning", code: "RESULT_DISCARDED", line: 5 }]);
  });

  it("says clearly when a column name is an SQL keyword, and accepts it quoted", () => {
    const e = firstError(`CONTRACT T;\nCREATE TABLE t (k TEXT PRIMARY KEY, from TEXT);`);
    expect(e.code).toBe("RESERVED_WORD");
    expect(e.message).toBe('from is an SQL keyword: quote it ("from") or choose another name.');
    expect([e.line, e.column]).toEqual([2, 37]);
    expect(compile(`CONTRACT T;\nCREATE TABLE t (k TEXT PRIMARY KEY, "from" TEXT);`).ok).toBe(true);
  });

  it("accepts keywords as names where the contract grammar is unambiguous", () => {
    const src = `CONTRACT Keys;
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT);
EVENT Set (key TEXT, from ADDRESS, to ADDRESS);
PROCEDURE set (key TEXT, value TEXT, to ADDRESS) AS BEGIN
  INSERT INTO kv VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
  EMIT Set (:key, SENDER(), :to);
END;
VIEW get (key TEXT) RETURNS TEXT AS SELECT value FROM kv WHERE key = :key;`;
    const r = compile(src);
    expect(r.diagnostics).toEqual([]);
  });

  it("refuses deferred constraints, which would only fail at commit", () => {
    const e = firstError("CONTRACT T;\nCREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, a INTEGER REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED);");
    expect([e.code, e.line, e.column]).toEqual(["UNSUPPORTED", 3, 90]);
  });

  it("requires a primary key on every table", () => {
    const e = firstError("CONTRACT T;\nCREATE TABLE log (line TEXT);");
    expect(e.code).toBe("MISSING_PRIMARY_KEY");
    expect([e.line, e.column]).toEqual([2, 14]);
  });

  it("refuses a source over the size limit", () => {
    const e = firstError(`CONTRACT Big;\n-- ${"x".repeat(140 * 1024)}\n`);
    expect(e.code).toBe("SOURCE_TOO_LARGE");
    expect(e.message).toMatch(/^The source is 143,\d{3} bytes; the limit is 131,072 bytes\.$/);
  });
});

describe("what could differ between nodes is refused at compile time", () => {
  const cases: [string, string, string][] = [
    ["random()", "  UPDATE t SET v = random();", "random() is not deterministic: every node would draw a different number."],
    ["randomblob()", "  INSERT INTO t VALUES (hex(randomblob(8)), 1);", "randomblob() is not deterministic: every node would draw different bytes."],
    ["date('now')", "  UPDATE t SET v = date('now');", "date('now') reads the wall clock, which differs on every node; use BLOCK_TIME(), as in date(BLOCK_TIME(), 'unixepoch')."],
    ["strftime with 'now'", "  UPDATE t SET v = strftime('%s', 'now');", "strftime('now') reads the wall clock, which differs on every node; use BLOCK_TIME(), as in strftime(BLOCK_TIME(), 'unixepoch')."],
    ["date() without a value", "  UPDATE t SET k = date();", "date() without a time value reads the wall clock, which differs on every node; pass BLOCK_TIME(), as in date(BLOCK_TIME(), 'unixepoch')."],
    ["strftime(format) without a value", "  UPDATE t SET k = strftime('%Y');", "strftime() without a time value reads the wall clock, which differs on every node; pass BLOCK_TIME(), as in strftime('%Y', BLOCK_TIME(), 'unixepoch')."],
    ["CURRENT_TIMESTAMP", "  UPDATE t SET v = CURRENT_TIMESTAMP;", "CURRENT_TIMESTAMP reads the wall clock; use datetime(BLOCK_TIME(), 'unixepoch')."],
    ["CURRENT_DATE", "  UPDATE t SET v = CURRENT_DATE;", "CURRENT_DATE reads the wall clock; use date(BLOCK_TIME(), 'unixepoch')."],
    ["CURRENT_TIME", "  UPDATE t SET v = CURRENT_TIME;", "CURRENT_TIME reads the wall clock; use BLOCK_TIME() (the block's timestamp)."],
    ["last_insert_rowid()", "  UPDATE t SET v = last_insert_rowid();", "last_insert_rowid() depends on the connection's history; use RETURNING or a SELECT."],
    ["load_extension()", "  UPDATE t SET v = load_extension('x');", "load_extension() is not allowed: contracts run only SQLite's built-in code."],
    ["sqlite_version()", "  UPDATE t SET k = sqlite_version();", "sqlite_version() depends on the node's build."],
    ["PRAGMA", "  PRAGMA foreign_keys = OFF;", "PRAGMA is not allowed in a contract: it reads or changes the database engine's settings."],
    ["ATTACH", "  ATTACH DATABASE 'x' AS other;", "ATTACH is not allowed: a contract only sees its own tables."],
    ["DETACH", "  DETACH DATABASE other;", "DETACH is not allowed: a contract only sees its own tables."],
    ["VACUUM", "  VACUUM;", "VACUUM is not allowed in a contract."],
    ["BEGIN", "  BEGIN TRANSACTION;", "Transactions are managed by the chain: every call already runs all or nothing."],
    ["CREATE inside a body", "  CREATE TABLE x (a INTEGER PRIMARY KEY);", "Tables and indexes are declared at the top level of the contract, not inside a body."],
    ["sqlite_schema", "  DELETE FROM t WHERE k IN (SELECT name FROM sqlite_schema);", "SQLite's internal table sqlite_schema is not part of the contract."],
    ["a table-valued PRAGMA", "  DELETE FROM t WHERE k IN (SELECT name FROM pragma_table_info('t'));", "pragma_table_info is a PRAGMA, which a contract cannot use."],
    ["temp.t", "  DELETE FROM temp.t;", "Only the contract's own tables can be used; temp.t is outside it."],
  ];
  for (const [what, body, message] of cases) {
    it(`refuses ${what} on its line with a reason`, () => {
      const e = firstError(withBody(body));
      expect(e.message).toBe(message);
      expect(e.line).toBe(5);
      expect(e.code).toMatch(/^FORBIDDEN_/);
    });
  }

  it("refuses a temporary table at the top level", () => {
    const e = firstError(`CONTRACT T;\nCREATE TEMP TABLE x (a INTEGER PRIMARY KEY);`);
    expect(e.message).toBe("Temporary tables are not allowed: a contract's state lives in its declared tables only.");
    expect([e.line, e.column]).toEqual([2, 8]);
  });

  it("refuses a wall-clock default in a table definition", () => {
    const e = firstError(`CONTRACT T;\nCREATE TABLE x (a INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP);`);
    expect(e.code).toBe("FORBIDDEN_FUNCTION");
    expect([e.line, e.column]).toEqual([2, 56]);
  });

  it("refuses context built-ins in a CHECK, where no call is running", () => {
    const e = firstError(`CONTRACT T;\nCREATE TABLE x (a INTEGER PRIMARY KEY, owner TEXT CHECK (owner = SENDER()));`);
    expect(e.code).toBe("SQL_ERROR");
    expect(e.message).toMatch(/SENDER/);
  });

  it("accepts date arithmetic on BLOCK_TIME()", () => {
    expect(compile(withBody("  UPDATE t SET k = date(BLOCK_TIME(), 'unixepoch', '+1 day');")).diagnostics).toEqual([]);
  });
});

describe("views are read-only", () => {
  it("refuses a write inside a view body", () => {
    const e = firstError(`${HEAD}VIEW v () RETURNS INTEGER AS BEGIN
  UPDATE t SET v = 1;
  RETURN 1;
END;`);
    expect(e.code).toBe("WRITE_IN_VIEW");
    expect(e.line).toBe(4);
  });

  it("refuses a write hidden in a WITH inside a view", () => {
    const e = firstError(`${HEAD}VIEW v () RETURNS INTEGER AS BEGIN
  WITH x AS (SELECT 1) DELETE FROM t;
  RETURN 1;
END;`);
    expect(e.code).toBe("WRITE_IN_VIEW");
  });

  it("refuses EMIT, TRANSFER and CALL in a view", () => {
    const src = (stmt: string) => `${HEAD}EVENT E (n INTEGER);\nVIEW v () RETURNS INTEGER AS BEGIN\n  ${stmt}\n  RETURN 1;\nEND;`;
    expect(firstError(src("EMIT E (1);")).message).toBe("A VIEW cannot EMIT events: views are read-only.");
    expect(firstError(src("TRANSFER SENDER(), 1;")).message).toBe("A VIEW cannot TRANSFER: views are read-only.");
    expect(firstError(src("CALL Other.p ();")).message).toBe("A VIEW cannot CALL other contracts.");
  });

  it("requires a view to return", () => {
    expect(firstError(`${HEAD}VIEW v () AS BEGIN LET a = 1; END;`).code).toBe("MISSING_RETURN");
  });

  it("requires RETURNS type views to select one column", () => {
    const e = firstError(`${HEAD}VIEW v () RETURNS INTEGER AS SELECT k, v FROM t;`);
    expect(e.code).toBe("COLUMN_COUNT");
  });
});

describe("ADDRESS and AMOUNT columns", () => {
  it("become TEXT and INTEGER with named checks SQLite enforces", () => {
    const r = compile(`CONTRACT T;\nCREATE TABLE w (who ADDRESS PRIMARY KEY, owed AMOUNT NOT NULL);`);
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.artifact.ddl[0]).toContain(`CONSTRAINT "who must be an address" CHECK ("who" IS NULL OR IS_ADDRESS("who"))`);
    expect(r.artifact.ddl[0]).toContain(`CONSTRAINT "owed must be a whole non-negative amount"`);
    expect(r.abi.tables[0]!.columns.map((c) => c.type)).toEqual(["ADDRESS", "AMOUNT"]);
  });
});

describe("bad source never crashes the compiler", () => {
  const check = (src: string) => {
    const r = compile(src);
    expect(typeof r.ok).toBe("boolean");
    for (const d of r.diagnostics) {
      expect(d.code).not.toBe("INTERNAL");
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.message.length).toBeGreaterThan(0);
    }
    if (!r.ok) expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
  };

  it("answers arbitrary text with diagnostics", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (src) => check(src)), { numRuns: 300 });
  });

  it("answers every mangling of the Token example with diagnostics or an artifact", () => {
    const edit = fc.record({ at: fc.nat({ max: TOKEN_EXAMPLE.length }), cut: fc.nat({ max: 12 }), insert: fc.constantFrom("", ";", "(", ")", "'", "END", "BEGIN", ",", ":x", "--", "/*", "CASE", "SELECT") });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let src = TOKEN_EXAMPLE;
        for (const e of edits) src = src.slice(0, e.at) + e.insert + src.slice(e.at + e.cut);
        check(src);
      }),
      { numRuns: 300 },
    );
  });
});
