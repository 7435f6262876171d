import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { toHex } from "../../crypto/hash.ts";
import type { TableSchema } from "../types.ts";
import { ChangeRecorder } from "./changeRecorder.ts";
import { parseChangeset, type ChangeRecord } from "./changeset.ts";
import { loadAergoSqlite } from "./instance.ts";
import type { Sqlite } from "./sqlite.ts";

let sqlite: Sqlite;
beforeAll(async () => {
  sqlite = await loadAergoSqlite();
});

const SCHEMA = `CREATE TABLE t (a TEXT NOT NULL, b INTEGER NOT NULL, c REAL, d BLOB, PRIMARY KEY (b, a));
CREATE TABLE u (id INTEGER PRIMARY KEY, v TEXT);
CREATE TABLE w (k TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;`;
const TABLES: TableSchema[] = [
  {
    name: "t",
    columns: [
      { name: "a", type: "TEXT", notNull: true, pk: 2 },
      { name: "b", type: "INTEGER", notNull: true, pk: 1 },
      { name: "c", type: "REAL", notNull: false, pk: 0 },
      { name: "d", type: "BLOB", notNull: false, pk: 0 },
    ],
    primaryKey: ["b", "a"],
    pkIndexes: [1, 0],
  },
  { name: "u", columns: [{ name: "id", type: "INTEGER", notNull: true, pk: 1 }, { name: "v", type: "TEXT", notNull: false, pk: 0 }], primaryKey: ["id"], pkIndexes: [0] },
  { name: "w", columns: [{ name: "k", type: "TEXT", notNull: true, pk: 1 }, { name: "n", type: "INTEGER", notNull: false, pk: 0 }], primaryKey: ["k"], pkIndexes: [0] },
];
const SEED = `INSERT INTO t VALUES ('x', 1, 1.5, x'00'), ('y', 2, NULL, NULL), ('z', 3, -0.25, x'ffee');
INSERT INTO u VALUES (1, 'one'), (2, 'two');
INSERT INTO w VALUES ('p', 1), ('q', NULL);`;

function exec(db: number, sql: string) {
  const err = sqlite.exec(db, sql);
  if (err) throw new Error(`${sql}: ${err}`);
}

/** A database recording with the engine's recorder, and a twin recording with a real session. */
function twins() {
  const mine = sqlite.openDb({ maxPageCount: 10_000, maxLength: 1 << 20 });
  const theirs = sqlite.openDb({ maxPageCount: 10_000, maxLength: 1 << 20 });
  for (const db of [mine, theirs]) exec(db, SCHEMA + SEED);
  const recorder = new ChangeRecorder(sqlite, TABLES);
  sqlite.attachCallbacks(mine, { authorize: () => 0, progress: () => 0, preupdate: (db, op, t) => recorder.onPreupdate(db, op, t) }, 0);
  const { capi, wasm } = sqlite;
  const stack = wasm.pstack.pointer;
  const pp = wasm.pstack.alloc("*") as unknown as number;
  if (capi.sqlite3session_create(theirs, "main", pp) !== 0) throw new Error("session_create failed");
  const session = wasm.peekPtr(pp) as unknown as number;
  wasm.pstack.restore(stack);
  capi.sqlite3session_attach(session, null);
  const sessionChangeset = (): Uint8Array => {
    const st = wasm.pstack.pointer;
    try {
      const pn = wasm.pstack.alloc("i32") as unknown as number;
      const pc = wasm.pstack.alloc("*") as unknown as number;
      if (capi.sqlite3session_changeset(session, pn, pc) !== 0) throw new Error("changeset failed");
      const p = wasm.peekPtr(pc) as unknown as number;
      const bytes = wasm.heap8u().slice(p, p + (wasm.peek32(pn) as number));
      sqlite.x.sqlite3_free(p);
      return bytes;
    } finally {
      wasm.pstack.restore(st);
    }
  };
  const close = () => {
    capi.sqlite3session_delete(session);
    sqlite.closeDb(mine);
    sqlite.closeDb(theirs);
  };
  return { mine, theirs, recorder, sessionChangeset, close };
}

/** Records as comparable strings; the session orders rows by its hash table, so compare as sets. */
const normalize = (records: ChangeRecord[]) =>
  records
    .map((r) => JSON.stringify([r.table, r.op, r.pk, r.old?.map((c) => `${c.type}:${String(c.value instanceof Uint8Array ? toHex(c.value) : c.value)}`), r.new?.map((c) => `${c.type}:${String(c.value instanceof Uint8Array ? toHex(c.value) : c.value)}`)]))
    .sort();

describe("the per-transaction changeset", () => {
  it("is byte for byte the session extension's for single changes, table header included", () => {
    const t = twins();
    try {
      const sql = "UPDATE u SET v = 'uno' WHERE id = 1;";
      exec(t.mine, sql);
      exec(t.theirs, sql);
      expect(toHex(t.recorder.finish("c").changeset)).toBe(toHex(t.sessionChangeset()));
    } finally {
      t.close();
    }
  });

  it("consolidates per row exactly as the session does, whatever the statements", () => {
    const key = fc.constantFrom("x", "y", "z", "n1", "n2");
    const num = fc.integer({ min: -3, max: 6 });
    const op = fc.oneof(
      fc.record({ k: key, b: num, c: fc.oneof(fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })) }).map(
        ({ k, b, c }) => `INSERT OR REPLACE INTO t VALUES ('${k}', ${b}, ${c === null ? "NULL" : c.toString()}, x'${(b & 0xff).toString(16).padStart(2, "0")}');`,
      ),
      fc.record({ k: key, c: fc.integer({ min: -5, max: 5 }) }).map(({ k, c }) => `UPDATE t SET c = ${c} WHERE a = '${k}';`),
      fc.record({ k: key }).map(({ k }) => `UPDATE OR IGNORE t SET b = b + 1 WHERE a = '${k}';`),
      fc.record({ k: key }).map(({ k }) => `DELETE FROM t WHERE a = '${k}';`),
      fc.record({ id: fc.integer({ min: 1, max: 4 }), v: fc.string({ maxLength: 5 }) }).map(({ id, v }) => `INSERT INTO u VALUES (${id}, '${v.replace(/'/g, "''")}') ON CONFLICT (id) DO UPDATE SET v = excluded.v;`),
      fc.record({ id: fc.integer({ min: 1, max: 4 }) }).map(({ id }) => `UPDATE OR IGNORE u SET id = id + 10 WHERE id = ${id};`),
      fc.record({ id: fc.integer({ min: 1, max: 14 }) }).map(({ id }) => `DELETE FROM u WHERE id = ${id};`),
      fc.record({ k: fc.constantFrom("p", "q", "r"), n: fc.oneof(fc.constant("NULL"), fc.integer().map(String)) }).map(({ k, n }) => `INSERT OR REPLACE INTO w VALUES ('${k}', ${n});`),
      fc.constant("UPDATE w SET n = n;"),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        const t = twins();
        try {
          for (const sql of ops) {
            exec(t.mine, sql);
            exec(t.theirs, sql);
          }
          const mine = t.recorder.finish("c").changeset;
          expect(normalize(parseChangeset(mine))).toEqual(normalize(parseChangeset(t.sessionChangeset())));
        } finally {
          t.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it("reports each changed row's new state in canonical encoding, or null when deleted", () => {
    const t = twins();
    try {
      exec(t.mine, "UPDATE u SET v = 'uno' WHERE id = 1; DELETE FROM u WHERE id = 2; INSERT INTO u VALUES (3, NULL);");
      const { stateChanges } = t.recorder.finish("c");
      expect(stateChanges.map((s) => [s.table, toHex(s.key), s.value && toHex(s.value)])).toEqual([
        ["u", "010000000000000001", "0100000000000000010303756e6f"],
        ["u", "010000000000000002", null],
        ["u", "010000000000000003", "01000000000000000305"],
      ]);
    } finally {
      t.close();
    }
  });

  it("is empty when a row is changed and changed back", () => {
    const t = twins();
    try {
      exec(t.mine, "UPDATE u SET v = 'x' WHERE id = 1; UPDATE u SET v = 'one' WHERE id = 1; INSERT INTO u VALUES (9, 'n'); DELETE FROM u WHERE id = 9;");
      expect(t.recorder.finish("c")).toEqual({ changeset: new Uint8Array(0), stateChanges: [] });
    } finally {
      t.close();
    }
  });
});
