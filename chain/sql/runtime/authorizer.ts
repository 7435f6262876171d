/**
 * What SQL a contract may prepare, decided by SQLite's authorizer callback. The compiler runs
 * it on a scratch database (to report violations as diagnostics) and the runtime installs it
 * on every contract database, so a hand-made artifact that skipped the compiler is refused too.
 * The authorizer runs when a statement is prepared (once per contract and statement), so it
 * costs nothing per call.
 */

/** SQLite authorizer action codes (sqlite3.h). */
export const AUTH = {
  CREATE_INDEX: 1,
  CREATE_TABLE: 2,
  CREATE_TEMP_INDEX: 3,
  CREATE_TEMP_TABLE: 4,
  CREATE_TEMP_TRIGGER: 5,
  CREATE_TEMP_VIEW: 6,
  CREATE_TRIGGER: 7,
  CREATE_VIEW: 8,
  DELETE: 9,
  DROP_INDEX: 10,
  DROP_TABLE: 11,
  INSERT: 18,
  PRAGMA: 19,
  READ: 20,
  SELECT: 21,
  TRANSACTION: 22,
  UPDATE: 23,
  ATTACH: 24,
  DETACH: 25,
  ALTER_TABLE: 26,
  REINDEX: 27,
  ANALYZE: 28,
  FUNCTION: 31,
  SAVEPOINT: 32,
  RECURSIVE: 33,
} as const;

const OK = 0;
const DENY = 1;

/** Functions a contract may never call, with the reason given to its author. */
export const FORBIDDEN_FUNCTIONS: Readonly<Record<string, string>> = {
  random: "random() is not deterministic: every node would draw a different number.",
  randomblob: "randomblob() is not deterministic: every node would draw different bytes.",
  current_time: "CURRENT_TIME reads the wall clock; use BLOCK_TIME() (the block's timestamp).",
  current_date: "CURRENT_DATE reads the wall clock; use date(BLOCK_TIME(), 'unixepoch').",
  current_timestamp: "CURRENT_TIMESTAMP reads the wall clock; use datetime(BLOCK_TIME(), 'unixepoch').",
  last_insert_rowid: "last_insert_rowid() depends on the connection's history; use RETURNING or a SELECT.",
  changes: "changes() depends on the connection's history; count with a SELECT.",
  total_changes: "total_changes() depends on the connection's history.",
  sqlite_version: "sqlite_version() depends on the node's build.",
  sqlite_source_id: "sqlite_source_id() depends on the node's build.",
  sqlite_compileoption_get: "sqlite_compileoption_get() depends on the node's build.",
  sqlite_compileoption_used: "sqlite_compileoption_used() depends on the node's build.",
  sqlite_offset: "sqlite_offset() exposes the database file's layout.",
  load_extension: "load_extension() is not allowed: contracts run only SQLite's built-in code.",
  fts3_tokenizer: "fts3_tokenizer() is not allowed.",
};

/** Table-valued functions that read only their arguments: allowed like tables. */
const PURE_TABLE_FUNCTIONS = new Set(["json_each", "json_tree"]);

/**
 * trusted: the engine's own statements (savepoints, schema, browsing);
 * ddl: the contract's CREATE TABLE / CREATE INDEX;
 * write: procedure and constructor bodies; read: views (no writes at all);
 * migrate: a redeploy's MIGRATE block (schema changes and any table of the contract, since
 * its tables are the old, the new and the ones in between).
 */
export type AuthMode = "trusted" | "ddl" | "write" | "read" | "migrate";

export type AuthDenial = { readonly code: "FORBIDDEN_FUNCTION" | "FORBIDDEN_STATEMENT" | "FORBIDDEN_TABLE" | "WRITE_IN_VIEW"; readonly message: string };

/** The authorizer of one contract database; `mode` is set before each prepare. */
export class ContractAuthorizer {
  mode: AuthMode = "trusted";
  /** Why the last refusal happened (SQLite itself only says "not authorized"). */
  denial: AuthDenial | null = null;
  private readonly tables: Set<string>;

  constructor(tables: Iterable<string>) {
    this.tables = new Set([...tables].map((t) => t.toLowerCase()));
  }

  /** Clears and returns the recorded refusal (a method, so callers re-read it after a prepare). */
  takeDenial(): AuthDenial | null {
    const d = this.denial;
    this.denial = null;
    return d;
  }

  setTables(tables: Iterable<string>) {
    this.tables.clear();
    for (const t of tables) this.tables.add(t.toLowerCase());
  }

  private deny(code: AuthDenial["code"], message: string): number {
    // Keep the first reason: SQLite may ask again while unwinding.
    this.denial ??= { code, message };
    return DENY;
  }

  private table(name: string | null, db: string | null, write: boolean): number {
    if (db === null) return OK; // a CTE or subquery alias: no storage behind it
    // ALTER TABLE reads the temp schema itself (to rename references there): not a temp table of the contract.
    if (db === "temp" && this.mode === "migrate" && (name ?? "").toLowerCase().startsWith("sqlite_temp")) return OK;
    if (db === "temp" && (name ?? "").toLowerCase().startsWith("sqlite_temp")) {
      return this.deny("FORBIDDEN_STATEMENT", "Temporary tables are not allowed: a contract's state lives in its declared tables only.");
    }
    if (db !== "main") return this.deny("FORBIDDEN_TABLE", `Only the contract's own tables can be used; ${db}.${name} is outside it.`);
    const t = (name ?? "").toLowerCase();
    if (this.tables.has(t) || (this.mode === "migrate" && !t.startsWith("sqlite_"))) {
      if (write && this.mode === "read") return this.deny("WRITE_IN_VIEW", `A VIEW is read-only: it cannot write to ${name}.`);
      return OK;
    }
    if (!write && PURE_TABLE_FUNCTIONS.has(t)) return OK;
    if ((this.mode === "ddl" || this.mode === "migrate") && (t === "sqlite_master" || t === "sqlite_schema")) return OK;
    if (t.startsWith("sqlite_")) return this.deny("FORBIDDEN_TABLE", `SQLite's internal table ${name} is not part of the contract.`);
    if (t.startsWith("pragma_")) return this.deny("FORBIDDEN_STATEMENT", `${name} is a PRAGMA, which a contract cannot use.`);
    return this.deny("FORBIDDEN_TABLE", `The table ${name} is not declared by this contract.`);
  }

  authorize(code: number, a1: string | null, a2: string | null, a3: string | null, _a4: string | null): number {
    if (this.mode === "trusted") return OK;
    switch (code) {
      case AUTH.SELECT:
      case AUTH.RECURSIVE:
        return OK;
      case AUTH.READ:
        return this.table(a1, a3, false);
      case AUTH.INSERT:
      case AUTH.UPDATE:
      case AUTH.DELETE:
        return this.table(a1, a3, true);
      case AUTH.FUNCTION: {
        const fn = (a2 ?? "").toLowerCase();
        const why = FORBIDDEN_FUNCTIONS[fn];
        return why ? this.deny("FORBIDDEN_FUNCTION", why) : OK;
      }
      case AUTH.CREATE_TABLE:
      case AUTH.CREATE_INDEX:
      case AUTH.REINDEX: // CREATE INDEX fills the new index through a REINDEX step
        if ((this.mode === "ddl" || this.mode === "migrate") && a3 === "main") return OK;
        return this.deny("FORBIDDEN_STATEMENT", "Tables and indexes are declared at the top level of the contract.");
      case AUTH.DROP_TABLE:
      case AUTH.DROP_INDEX:
        if (this.mode === "migrate" && a3 === "main") return OK;
        return this.deny("FORBIDDEN_STATEMENT", "DROP is not allowed: a contract's schema changes only by REDEPLOY.");
      case AUTH.ALTER_TABLE:
        if (this.mode === "migrate" && a1 === "main") return OK;
        return this.deny("FORBIDDEN_STATEMENT", "ALTER is not allowed: a contract's schema changes only by REDEPLOY.");
      case AUTH.CREATE_TEMP_TABLE:
      case AUTH.CREATE_TEMP_INDEX:
      case AUTH.CREATE_TEMP_TRIGGER:
      case AUTH.CREATE_TEMP_VIEW:
        return this.deny("FORBIDDEN_STATEMENT", "Temporary tables are not allowed: a contract's state lives in its declared tables only.");
      case AUTH.PRAGMA:
        return this.deny("FORBIDDEN_STATEMENT", "PRAGMA is not allowed in a contract: it reads or changes the database engine's settings.");
      case AUTH.ATTACH:
      case AUTH.DETACH:
        return this.deny("FORBIDDEN_STATEMENT", "ATTACH and DETACH are not allowed: a contract only sees its own tables.");
      case AUTH.TRANSACTION:
      case AUTH.SAVEPOINT:
        return this.deny("FORBIDDEN_STATEMENT", "Transactions and savepoints are managed by the chain.");
      default:
        return this.deny("FORBIDDEN_STATEMENT", "This statement is not allowed in a contract.");
    }
  }
}
