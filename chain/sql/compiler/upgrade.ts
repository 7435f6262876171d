/**
 * Contract upgrades: can a new source replace a deployed one, and with which SQL?
 *
 * Without a MIGRATE block only additive changes pass (SQLite's ALTER TABLE ADD COLUMN rules):
 * new tables, new columns at the end of a table that are nullable or have a DEFAULT, new
 * indexes. Procedures, views and events may change freely. With a `MIGRATE BEGIN … END;`
 * block, its statements run first against the OLD schema, then whatever is still missing is
 * added as above. Either way the plan is run in a scratch database holding the old schema and
 * the result must equal the new source's declared tables, column by column, constraint by
 * constraint, index by index: the same check SQLite itself would make, with diagnostics that
 * name the table and column.
 */
import type { ContractArtifact, Diagnostic, MigrationStmt } from "../types.ts";
import { ContractAuthorizer } from "../runtime/authorizer.ts";
import { DEFAULT_LIMITS, SCRATCH_MAX_PAGES } from "../runtime/limits.ts";
import { loadAergoSqlite } from "../runtime/instance.ts";
import type { Sqlite } from "../runtime/sqlite.ts";
import { quoteName } from "./tables.ts";
import { isOp, isWord, tokenize, type Token } from "./tokenizer.ts";

export const UpgradeCode = {
  NeedsMigration: "NEEDS_MIGRATION",
  MigrationFailed: "MIGRATION_FAILED",
  SchemaMismatch: "SCHEMA_MISMATCH",
} as const;

/** One statement of an upgrade; line 0 for statements the plan generated (ADD COLUMN, …). */
export type UpgradeStep = MigrationStmt;

export type UpgradePlan =
  | { readonly ok: true; readonly steps: UpgradeStep[]; readonly migrated: boolean }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

/**
 * Decides whether `next` can replace `prev` and returns the statements that turn the old
 * tables into the new ones.
 * @example
 *   const plan = await checkUpgrade(deployed.artifact, compiled.artifact);
 *   if (!plan.ok) report(plan.diagnostics);
 */
export async function checkUpgrade(prev: ContractArtifact, next: ContractArtifact): Promise<UpgradePlan> {
  return checkUpgradeWith(await loadAergoSqlite(), prev, next);
}

type ColumnInfo = { name: string; type: string; notNull: boolean; dflt: string | null; pk: number };

export function checkUpgradeWith(sqlite: Sqlite, prev: ContractArtifact, next: ContractArtifact): UpgradePlan {
  const scratch = new Scratch(sqlite);
  const reference = new Scratch(sqlite);
  try {
    for (const ddl of prev.ddl) {
      const err = scratch.run(ddl, "trusted");
      if (err) return fail(1, 1, `The deployed contract's schema could not be rebuilt: ${err}`, UpgradeCode.MigrationFailed);
    }
    for (const ddl of next.ddl) {
      const err = reference.run(ddl, "trusted");
      if (err) return fail(1, 1, `The new schema could not be built: ${err}`, UpgradeCode.MigrationFailed);
    }
    const migrated = !!next.migration;
    const steps: UpgradeStep[] = [];
    for (const m of next.migration ?? []) {
      const err = scratch.run(m.sql, "migrate");
      if (err) return fail(m.line, m.column, `MIGRATE: ${err}`, UpgradeCode.MigrationFailed);
      steps.push(m);
    }
    const diagnostics: Diagnostic[] = [];
    const problem = (message: string) => diagnostics.push({ line: 1, column: 1, severity: "error", message, code: migrated ? UpgradeCode.SchemaMismatch : UpgradeCode.NeedsMigration });
    const hint = migrated ? "after the MIGRATE block" : "without a MIGRATE block";

    // What is still missing and may be added: tables, trailing nullable/defaulted columns, indexes.
    const existing = new Set(scratch.names("table"));
    const tableDdl = new Map(next.tables.map((t, i) => [t.name.toLowerCase(), next.ddl[i]!]));
    for (const t of next.tables) {
      if (!existing.has(t.name.toLowerCase())) {
        steps.push({ sql: tableDdl.get(t.name.toLowerCase())!, line: 0, column: 0 });
        continue;
      }
      const have = scratch.columns(t.name);
      const want = reference.columns(t.name);
      const defs = columnDefinitions(tableDdl.get(t.name.toLowerCase())!);
      for (let i = have.length; i < want.length; i++) {
        const c = want[i]!;
        if (have.some((h) => h.name.toLowerCase() === c.name.toLowerCase())) continue;
        if (c.pk > 0) problem(`The column ${t.name}.${c.name} is part of the primary key: it cannot be added ${hint}.`);
        else if (c.notNull && c.dflt === null) problem(`The column ${t.name}.${c.name} is NOT NULL without a DEFAULT: existing rows would have no value, so it cannot be added ${hint}.`);
        else if (defs[i] === undefined) problem(`The column ${t.name}.${c.name} could not be read from the declaration.`);
        else steps.push({ sql: `ALTER TABLE ${quoteName(t.name)} ADD COLUMN ${defs[i]}`, line: 0, column: 0 });
      }
    }
    const existingIndexes = new Set(scratch.names("index"));
    for (const ddl of next.ddl.slice(next.tables.length)) {
      const name = indexName(ddl);
      if (name && !existingIndexes.has(name.toLowerCase())) steps.push({ sql: ddl, line: 0, column: 0 });
    }
    if (diagnostics.length) return { ok: false, diagnostics };
    for (const s of steps.slice(next.migration?.length ?? 0)) {
      const err = scratch.run(s.sql, "migrate");
      if (err) problem(`${s.sql.slice(0, 80)}: ${err}`);
    }
    if (diagnostics.length) return { ok: false, diagnostics };

    // The result must be exactly the declared schema.
    const declared = new Set(next.tables.map((t) => t.name.toLowerCase()));
    for (const name of scratch.names("table")) {
      if (!declared.has(name)) problem(`The table ${scratch.displayName(name)} is not declared by the new source: dropping a table needs a MIGRATE block that drops it.`);
    }
    for (const t of next.tables) {
      const have = scratch.columns(t.name);
      const want = reference.columns(t.name);
      for (const h of have) {
        if (!want.some((w) => w.name.toLowerCase() === h.name.toLowerCase())) problem(`The column ${t.name}.${h.name} is not declared by the new source ${hint}: dropping or renaming a column needs a MIGRATE block.`);
      }
      want.forEach((w, i) => {
        const h = have.find((x) => x.name.toLowerCase() === w.name.toLowerCase());
        if (!h) return problem(`The column ${t.name}.${w.name} is missing ${hint}.`);
        if (have.indexOf(h) !== i) return problem(`The column ${t.name}.${w.name} is at position ${have.indexOf(h) + 1} but declared at position ${i + 1} ${hint}.`);
        const diff = describeColumnDiff(h, w);
        if (diff) problem(`The column ${t.name}.${w.name} changed (${diff}) ${hint}: that needs a MIGRATE block that rebuilds ${t.name}.`);
      });
      const a = constraintsOf(scratch.tableSql(t.name));
      const b = constraintsOf(reference.tableSql(t.name));
      if (diagnostics.length === 0 && a.join("\n") !== b.join("\n")) {
        const changed = b.find((x) => !a.includes(x)) ?? a.find((x) => !b.includes(x)) ?? "";
        problem(`The constraints of ${t.name} differ from its declaration ${hint} (${changed.slice(0, 100)}): that needs a MIGRATE block that rebuilds ${t.name}.`);
      }
    }
    const haveIdx = scratch.indexSql();
    const wantIdx = reference.indexSql();
    for (const i of wantIdx) if (!haveIdx.includes(i)) problem(`The index ${i.slice(0, 100)} is missing or different ${hint}.`);
    for (const i of haveIdx) if (!wantIdx.includes(i)) problem(`The index ${i.slice(0, 100)} is not declared by the new source (drop it in the MIGRATE block).`);
    if (diagnostics.length) return { ok: false, diagnostics };
    return { ok: true, steps, migrated };
  } finally {
    scratch.close();
    reference.close();
  }
}

function fail(line: number, column: number, message: string, code: string): UpgradePlan {
  return { ok: false, diagnostics: [{ line, column, severity: "error", message, code }] };
}

function describeColumnDiff(h: ColumnInfo, w: ColumnInfo): string | null {
  const parts: string[] = [];
  if (h.type.toUpperCase() !== w.type.toUpperCase()) parts.push(`type ${h.type || "none"} → ${w.type || "none"}`);
  if (h.notNull !== w.notNull) parts.push(w.notNull ? "now NOT NULL" : "no longer NOT NULL");
  if (h.dflt !== w.dflt) parts.push(`DEFAULT ${h.dflt ?? "none"} → ${w.dflt ?? "none"}`);
  if (h.pk !== w.pk) parts.push(w.pk ? "now in the primary key" : "no longer in the primary key");
  return parts.length ? parts.join(", ") : null;
}

/** A token in a schema comparison: names upper-cased and unquoted, the rest as written. */
const norm = (t: Token) => (t.kind === "ident" ? t.value : t.kind === "qident" ? `"${t.value.toUpperCase()}"` : t.text);

/** Top-level elements (columns, table constraints) of a CREATE TABLE, as token lists. */
function elementsOf(sql: string): Token[][] {
  const toks = tokenize(sql).tokens;
  const open = toks.findIndex((t) => isOp(t, "("));
  const out: Token[][] = [];
  let cur: Token[] = [];
  let depth = 0;
  for (let i = open + 1; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.kind === "eof") break;
    if (depth === 0 && (isOp(t, ",") || isOp(t, ")"))) {
      out.push(cur);
      cur = [];
      if (isOp(t, ")")) break;
      continue;
    }
    if (isOp(t, "(")) depth++;
    if (isOp(t, ")")) depth--;
    cur.push(t);
  }
  return out;
}

/** Column definitions of a CREATE TABLE in declaration order, as SQL text (for ADD COLUMN). */
function columnDefinitions(sql: string): string[] {
  const words = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);
  return elementsOf(sql)
    .filter((e) => e.length && !(e[0]!.kind === "ident" && words.has(e[0]!.value)))
    .map((e) => sql.slice(e[0]!.start, e[e.length - 1]!.end));
}

/**
 * Every element of a CREATE TABLE, normalized and sorted, with constraint names left out
 * (an ADDRESS column's CHECK is named after the column, and names do not change what is checked).
 */
function constraintsOf(sql: string): string[] {
  return elementsOf(sql)
    .map((e) => {
      const out: string[] = [];
      for (let i = 0; i < e.length; i++) {
        if (isWord(e[i], "CONSTRAINT")) {
          i++;
          continue;
        }
        out.push(norm(e[i]!));
      }
      return out.join(" ");
    })
    .sort();
}

function indexName(ddl: string): string | null {
  const toks = tokenize(ddl).tokens;
  let i = 1;
  if (isWord(toks[i], "UNIQUE")) i++;
  i++; // INDEX
  if (isWord(toks[i], "IF")) i += 3;
  const t = toks[i];
  return t && (t.kind === "ident" || t.kind === "qident") ? (t.kind === "qident" ? t.value : t.text) : null;
}

/**
 * SQLite steps, in thousands, the whole check may take on its empty copies of the tables (~7–10
 * ms here). A migration reshapes tables, and on empty ones that takes under a thousand steps (every
 * migration in the tests); making 3,000 rows from nothing takes ~90. A MIGRATE block that makes
 * rows without end (a recursive CTE) ran until the scratch file was full (~0.65 s) or, counting
 * them instead of inserting them, forever: on the hub's main thread, for a redeploy that is then
 * refused and pays nothing. Counted in steps, not time, so every node refuses the same sources.
 */
export const SCRATCH_STEP_LIMIT_THOUSANDS = 50;

/** A scratch database configured like a contract's, with the contract authorizer. */
class Scratch {
  readonly db: number;
  private readonly authorizer = new ContractAuthorizer([]);
  /** Thousands of SQLite steps run so far (the progress handler's calls). */
  steps = 0;
  constructor(private readonly sqlite: Sqlite) {
    this.db = sqlite.openDb({ maxPageCount: SCRATCH_MAX_PAGES, maxLength: DEFAULT_LIMITS.maxRowBytes });
    const owner = {
      authorize: (code: number, a1: string | null, a2: string | null, a3: string | null, a4: string | null) => this.authorizer.authorize(code, a1, a2, a3, a4),
      progress: () => (++this.steps > SCRATCH_STEP_LIMIT_THOUSANDS ? 1 : 0),
      preupdate: () => {},
      builtins: { contextValue: () => null, balanceOf: () => 0 },
    };
    sqlite.attachCallbacks(this.db, owner, 1000);
  }

  /** Runs statements; returns the authorizer's or SQLite's reason for refusing, or null. */
  run(sql: string, mode: "trusted" | "migrate"): string | null {
    this.authorizer.mode = mode;
    this.authorizer.denial = null;
    const err = this.sqlite.exec(this.db, sql);
    this.authorizer.mode = "trusted";
    const denial = this.authorizer.takeDenial();
    if (err && this.steps > SCRATCH_STEP_LIMIT_THOUSANDS) return `it does more work than reshaping tables needs (over ${SCRATCH_STEP_LIMIT_THOUSANDS.toLocaleString("en-US")} thousand SQLite steps on empty tables): a migration may not generate rows`;
    return err ? (denial?.message ?? err) : null;
  }

  private rows(sql: string): unknown[][] {
    const { sqlite } = this;
    const r = sqlite.prepare(this.db, sql, false);
    if ("error" in r) throw new Error(r.error);
    const out: unknown[][] = [];
    const n = sqlite.x.sqlite3_column_count(r.stmt);
    while (sqlite.x.sqlite3_step(r.stmt) === 100) {
      const row: unknown[] = [];
      for (let i = 0; i < n; i++) row.push(sqlite.column(r.stmt, i));
      out.push(row);
    }
    sqlite.x.sqlite3_finalize(r.stmt);
    return out;
  }

  /** Lower-cased names of the contract's tables or indexes (SQLite's own left out). */
  names(type: "table" | "index"): string[] {
    return this.rows(`SELECT lower(name) FROM sqlite_schema WHERE type = '${type}' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1`).map((r) => String(r[0]));
  }
  displayName(lower: string): string {
    return String(this.rows(`SELECT name FROM sqlite_schema WHERE lower(name) = '${lower.replace(/'/g, "''")}'`)[0]?.[0] ?? lower);
  }
  columns(table: string): ColumnInfo[] {
    return this.rows(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_xinfo('${table.replace(/'/g, "''")}')`).map((r) => ({
      name: String(r[0]),
      type: String(r[1] ?? ""),
      notNull: r[2] === 1,
      dflt: r[3] === null || r[3] === undefined ? null : String(r[3]),
      pk: Number(r[4]),
    }));
  }
  tableSql(table: string): string {
    return String(this.rows(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND lower(name) = lower('${table.replace(/'/g, "''")}')`)[0]?.[0] ?? "");
  }
  /** Index definitions, normalized (names unquoted and upper-cased), sorted. */
  indexSql(): string[] {
    return this.rows("SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL")
      .map((r) => tokenize(String(r[0])).tokens.filter((t) => t.kind !== "eof").map(norm).join(" "))
      .sort();
  }

  close() {
    this.sqlite.closeDb(this.db);
  }
}
