import { beforeAll, describe, expect, it } from "vitest";
import { compileContract } from "./compileContract.ts";
import { checkUpgrade } from "./upgrade.ts";
import { TOKEN_EXAMPLE } from "../testing/examples.ts";
import type { ContractArtifact } from "../types.ts";

async function artifact(source: string): Promise<ContractArtifact> {
  const r = await compileContract(source);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.artifact;
}

const V1 = `CONTRACT Book;
CREATE TABLE notes (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, body TEXT NOT NULL);
PROCEDURE add (id INTEGER, body TEXT) AS BEGIN INSERT INTO notes VALUES (:id, SENDER(), :body); END;
`;

let v1: ContractArtifact;
beforeAll(async () => {
  v1 = await artifact(V1);
});

describe("checkUpgrade", () => {
  it("allows new tables, nullable or defaulted columns, indexes and new procedures without a MIGRATE block", async () => {
    const v2 = await artifact(`CONTRACT Book;
CREATE TABLE notes (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, body TEXT NOT NULL, stars INTEGER NOT NULL DEFAULT 0, tag TEXT);
CREATE TABLE likes (id INTEGER PRIMARY KEY, who ADDRESS NOT NULL);
CREATE INDEX notes_by_owner ON notes (owner);
PROCEDURE like (id INTEGER) AS BEGIN INSERT INTO likes VALUES (:id, SENDER()); END;
`);
    const plan = await checkUpgrade(v1, v2);
    expect(plan.ok, JSON.stringify(plan)).toBe(true);
    if (!plan.ok) return;
    expect(plan.migrated).toBe(false);
    expect(plan.steps.map((s) => s.sql)).toEqual([
      'ALTER TABLE "notes" ADD COLUMN stars INTEGER NOT NULL DEFAULT 0',
      'ALTER TABLE "notes" ADD COLUMN tag TEXT',
      expect.stringMatching(/^CREATE TABLE likes \(id INTEGER PRIMARY KEY, who TEXT NOT NULL CONSTRAINT "who must be an address"/),
      "CREATE INDEX notes_by_owner ON notes (owner)",
    ]);
  });

  it("refuses a dropped column without a MIGRATE block and names it", async () => {
    const v2 = await artifact(`CONTRACT Book;
CREATE TABLE notes (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
`);
    const plan = await checkUpgrade(v1, v2);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.diagnostics[0]!.code).toBe("NEEDS_MIGRATION");
    expect(plan.diagnostics[0]!.message).toContain("notes.body");
    expect(plan.diagnostics[0]!.message).toContain("MIGRATE");
  });

  it("refuses a NOT NULL column without a DEFAULT and a changed column type", async () => {
    const base = V1.split("PROCEDURE")[0]!;
    const notNull = await checkUpgrade(v1, await artifact(base.replace("body TEXT NOT NULL)", "body TEXT NOT NULL, stars INTEGER NOT NULL)")));
    expect(notNull.ok).toBe(false);
    if (!notNull.ok) expect(notNull.diagnostics[0]!.message).toMatch(/notes\.stars is NOT NULL without a DEFAULT/);
    const retyped = await checkUpgrade(v1, await artifact(base.replace("body TEXT NOT NULL", "body BLOB NOT NULL")));
    expect(retyped.ok).toBe(false);
    if (!retyped.ok) expect(retyped.diagnostics[0]!.message).toMatch(/notes\.body changed \(type TEXT → BLOB\)/);
  });

  it("accepts a MIGRATE block that renames a column", async () => {
    const v2 = await artifact(`CONTRACT Book;
CREATE TABLE notes (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, text TEXT NOT NULL);
MIGRATE BEGIN
  ALTER TABLE notes RENAME COLUMN body TO text;
END;
PROCEDURE add (id INTEGER, text TEXT) AS BEGIN INSERT INTO notes VALUES (:id, SENDER(), :text); END;
`);
    const plan = await checkUpgrade(v1, v2);
    expect(plan.ok, JSON.stringify(plan)).toBe(true);
    if (plan.ok) expect(plan.migrated).toBe(true);
  });

  it("accepts a MIGRATE block that rebuilds a table with a new primary key", async () => {
    const v2 = await artifact(`CONTRACT Book;
CREATE TABLE notes (owner ADDRESS NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (owner, id));
MIGRATE BEGIN
  CREATE TABLE notes_new (owner ADDRESS NOT NULL, id INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (owner, id));
  INSERT INTO notes_new SELECT owner, id, body FROM notes;
  DROP TABLE notes;
  ALTER TABLE notes_new RENAME TO notes;
END;
`);
    const plan = await checkUpgrade(v1, v2);
    expect(plan.ok, JSON.stringify(plan)).toBe(true);
  });

  it("refuses a MIGRATE block that makes rows from nothing, inserted or counted, within its step limit", async () => {
    for (const make of [
      "INSERT INTO seeds WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c;",
      // Bounded here so the test ends without the limit too (then after seconds, accepted).
      "INSERT INTO seeds SELECT (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c);",
    ]) {
      const v2 = await artifact(`${V1}CREATE TABLE seeds (n INTEGER PRIMARY KEY);
MIGRATE BEGIN
  CREATE TABLE seeds (n INTEGER PRIMARY KEY);
  ${make}
END;
`);
      const plan = await checkUpgrade(v1, v2);
      expect(plan.ok).toBe(false);
      if (plan.ok) return;
      expect(plan.diagnostics[0]).toMatchObject({ line: 7, code: "MIGRATION_FAILED", message: expect.stringMatching(/over 50 thousand SQLite steps on empty tables\): a migration may not generate rows/) });
    }
    // A few rows made in a migration are still fine.
    const seeded = await checkUpgrade(v1, await artifact(`${V1}CREATE TABLE seeds (n INTEGER PRIMARY KEY);
MIGRATE BEGIN
  CREATE TABLE seeds (n INTEGER PRIMARY KEY);
  INSERT INTO seeds VALUES (1), (2), (3);
END;
`));
    expect(seeded.ok).toBe(true);
  });

  it("refuses a MIGRATE block whose result does not match the declared tables", async () => {
    const v2 = await artifact(`CONTRACT Book;
CREATE TABLE notes (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, text TEXT NOT NULL);
MIGRATE BEGIN
  ALTER TABLE notes RENAME COLUMN body TO content;
END;
`);
    const plan = await checkUpgrade(v1, v2);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.diagnostics.map((d) => d.code)).toContain("SCHEMA_MISMATCH");
    expect(plan.diagnostics.map((d) => d.message).join("\n")).toMatch(/notes\.content is not declared/);
  });

  it("reports a MIGRATE statement SQLite refuses at its line", async () => {
    const v2 = await artifact(`CONTRACT Book;
CREATE TABLE notes (id INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, body TEXT NOT NULL);
MIGRATE BEGIN
  UPDATE notes SET body = title;
END;
`);
    const plan = await checkUpgrade(v1, v2);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    expect(plan.diagnostics[0]).toMatchObject({ line: 4, code: "MIGRATION_FAILED" });
    expect(plan.diagnostics[0]!.message).toContain("no such column: title");
  });

  it("keeps the Token example upgradable to itself", async () => {
    const token = await artifact(TOKEN_EXAMPLE);
    const plan = await checkUpgrade(token, token);
    expect(plan).toEqual({ ok: true, steps: [], migrated: false });
  });
});

describe("MIGRATE blocks in the compiler", () => {
  it("refuses statements other than schema changes and writes", async () => {
    const r = await compileContract(`${V1}MIGRATE BEGIN PRAGMA foo; END;`);
    expect(r.ok).toBe(false);
    expect(r.diagnostics[0]!.message).toMatch(/A MIGRATE block holds/);
  });
});
