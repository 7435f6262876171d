/**
 * One deployed contract: its own in-memory SQLite database, its compiled routines, and the
 * prepared statements it runs, cached for the database's lifetime. Statements are keyed by the
 * compiled statement object itself (not its text), because the same text binds its `:names`
 * to different slots in different routines.
 */
import type { CompiledRoutine, CompiledStmt, ContractArtifact, EventAbi, TableSchema } from "../types.ts";
import { ContractAuthorizer, type AuthMode } from "./authorizer.ts";
import type { BuiltinOwner, BuiltinSource, ContextParam } from "./builtins.ts";
import { ChangeRecorder } from "./changeRecorder.ts";
import { ContractError, SqlErrorCode } from "./errors.ts";
import { PAGE_SIZE, PROGRESS_OPS, type SqlLimits } from "./limits.ts";
import type { Sqlite } from "./sqlite.ts";

/** Where a statement parameter's value comes from. */
export const BIND_SLOT = 0;
export const BIND_CONTEXT = 1;
export const BIND_ROW_FIELD = 2;

/** A prepared statement with its binding plan. */
export type Prepared = {
  readonly stmt: number;
  readonly n: number;
  readonly kinds: Uint8Array;
  readonly slots: Int32Array;
  readonly names: (ContextParam | string | null)[];
  readonly columns: number;
};

/** The engine side a contract database calls back into. */
export interface EngineHooks {
  onProgress(): number;
  onWrite(bytes: number): void;
  /** Gas of a metered built-in's work (runtime/functionGas.ts); false: out of gas. */
  onFunctionGas(gas: number): boolean;
  readonly builtins: BuiltinSource;
  /** Install the progress handler (off only to measure its cost). */
  readonly metering: boolean;
}

type StmtKey = CompiledStmt | { readonly sql: string };

export class ContractDb implements BuiltinOwner {
  readonly authorizer: ContractAuthorizer;
  readonly recorder: ChangeRecorder;
  readonly procedures = new Map<string, CompiledRoutine>();
  readonly views = new Map<string, CompiledRoutine>();
  readonly events = new Map<string, EventAbi>();
  readonly tables = new Map<string, TableSchema>();
  private readonly cache = new Map<StmtKey, Prepared>();
  private internal = new Map<string, number>();
  /** Savepoint open for the running transaction. */
  inTx = false;
  private internalRunning = false;
  /** The schema has DEFERRABLE INITIALLY DEFERRED constraints (only a hand-made artifact can). */
  readonly hasDeferredConstraints: boolean;
  closed = false;

  private constructor(
    readonly sqlite: Sqlite,
    readonly id: string,
    readonly artifact: ContractArtifact,
    readonly db: number,
    private readonly hooks: EngineHooks,
    private readonly limits: SqlLimits,
  ) {
    this.authorizer = new ContractAuthorizer(artifact.tables.map((t) => t.name));
    this.recorder = new ChangeRecorder(sqlite, artifact.tables);
    this.recorder.onWrite = (bytes) => hooks.onWrite(bytes);
    for (const r of artifact.procedures) this.procedures.set(r.name, r);
    for (const r of artifact.views) this.views.set(r.name, r);
    for (const e of artifact.events) this.events.set(e.name, e);
    for (const t of artifact.tables) this.tables.set(t.name.toLowerCase(), t);
    this.hasDeferredConstraints = artifact.ddl.some((d) => /\bDEFERRED\b/i.test(d));
  }

  /** Deferred foreign-key violations that would make the commit fail. */
  pendingDeferredViolations(): boolean {
    const { capi, wasm } = this.sqlite;
    const stack = wasm.pstack.pointer;
    try {
      const cur = wasm.pstack.alloc("i32") as unknown as number;
      const hi = wasm.pstack.alloc("i32") as unknown as number;
      capi.sqlite3_db_status(this.db, capi.SQLITE_DBSTATUS_DEFERRED_FKS, cur, hi, 0);
      return (wasm.peek32(cur) as number) > 0;
    } finally {
      wasm.pstack.restore(stack);
    }
  }

  get builtins(): BuiltinSource {
    return this.hooks.builtins;
  }
  authorize(code: number, a1: string | null, a2: string | null, a3: string | null, a4: string | null): number {
    return this.authorizer.authorize(code, a1, a2, a3, a4);
  }
  progress(): number {
    // The engine's own savepoint statements are never metered: their VM-step counters grow over
    // the cached statement's whole life, so a progress check inside them would fall at points
    // that depend on the node's history, and after an out-of-gas it would interrupt the rollback.
    return this.internalRunning ? 0 : this.hooks.onProgress();
  }
  chargeGas(gas: number): boolean {
    return this.hooks.onFunctionGas(gas);
  }
  preupdate(db: number, op: number, table: number): void {
    this.recorder.onPreupdate(db, op, table);
  }

  /**
   * Opens a database for `artifact`. With `schema`, creates its tables (a deploy); without, the
   * caller fills it from a snapshot.
   * @throws ContractError BAD_ARTIFACT when SQLite refuses the artifact's schema.
   */
  static open(sqlite: Sqlite, id: string, artifact: ContractArtifact, hooks: EngineHooks, limits: SqlLimits, schema: boolean): ContractDb {
    const db = sqlite.openDb({ maxPageCount: Math.floor(limits.maxDbBytes / PAGE_SIZE), maxLength: limits.maxRowBytes });
    const c = new ContractDb(sqlite, id, artifact, db, hooks, limits);
    try {
      sqlite.attachCallbacks(db, c, hooks.metering ? PROGRESS_OPS : 0);
      if (schema) {
        for (const ddl of artifact.ddl) {
          // The schema runs under the contract authorizer too: a hand-made artifact cannot
          // sneak a temp table or a forbidden function into its CREATE statements.
          c.authorizer.mode = "ddl";
          const err = sqlite.exec(db, ddl);
          const denial = c.authorizer.takeDenial();
          c.authorizer.mode = "trusted";
          if (err) throw new ContractError(denial ? SqlErrorCode.NotAuthorized : SqlErrorCode.BadArtifact, `the contract's schema was refused: ${denial?.message ?? err}`);
        }
      }
    } catch (e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** The cached statement for a compiled statement, prepared on first use. */
  prepared(key: StmtKey, sql: string, routine: CompiledRoutine | null, mode: AuthMode): Prepared {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const p = this.prepare(sql, routine, mode);
    this.cache.set(key, p);
    return p;
  }

  private prepare(sql: string, routine: CompiledRoutine | null, mode: AuthMode): Prepared {
    const { sqlite } = this;
    this.authorizer.mode = mode;
    this.authorizer.denial = null;
    const r = sqlite.prepare(this.db, sql, true);
    this.authorizer.mode = "trusted";
    const denial = this.authorizer.takeDenial();
    if ("error" in r) {
      if (denial) throw new ContractError(SqlErrorCode.NotAuthorized, denial.message);
      throw new ContractError(SqlErrorCode.Sql, r.error);
    }
    const stmt = r.stmt;
    if (mode === "read" && sqlite.x.sqlite3_stmt_readonly(stmt) === 0) {
      sqlite.x.sqlite3_finalize(stmt);
      throw new ContractError(SqlErrorCode.NotAuthorized, "A VIEW is read-only: this statement writes.");
    }
    const n = sqlite.x.sqlite3_bind_parameter_count(stmt);
    const kinds = new Uint8Array(n);
    const slots = new Int32Array(n);
    const names: (ContextParam | string | null)[] = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const full = sqlite.capi.sqlite3_bind_parameter_name(stmt, i + 1) ?? "";
      const name = full.slice(1);
      const dollar = name.indexOf("$");
      if (dollar === 0) {
        kinds[i] = BIND_CONTEXT;
        names[i] = name as ContextParam;
        continue;
      }
      const slotName = dollar > 0 ? name.slice(0, dollar) : name;
      const slot = routine ? routine.slots.indexOf(slotName) : -1;
      if (full[0] !== ":" || slot < 0) {
        sqlite.x.sqlite3_finalize(stmt);
        throw new ContractError(SqlErrorCode.BadArtifact, `the statement uses ${full || "?"}, which is not a parameter of ${routine?.name ?? "this statement"}`);
      }
      slots[i] = slot;
      if (dollar > 0) {
        kinds[i] = BIND_ROW_FIELD;
        names[i] = name.slice(dollar + 1);
      } else kinds[i] = BIND_SLOT;
    }
    return { stmt, n, kinds, slots, names, columns: sqlite.x.sqlite3_column_count(stmt) };
  }

  /** Runs one of the engine's own statements (savepoints); never metered. */
  internalExec(sql: string): void {
    const { sqlite } = this;
    let stmt = this.internal.get(sql);
    if (stmt === undefined) {
      const r = sqlite.prepare(this.db, sql, true);
      if ("error" in r) throw new ContractError(SqlErrorCode.Internal, r.error);
      stmt = r.stmt;
      this.internal.set(sql, stmt);
    }
    this.internalRunning = true;
    let rc: number;
    try {
      rc = sqlite.x.sqlite3_step(stmt);
      sqlite.x.sqlite3_reset(stmt);
    } finally {
      this.internalRunning = false;
    }
    if (rc !== 101) throw new ContractError(SqlErrorCode.Internal, `${sql}: ${sqlite.errmsg(this.db)}`);
  }

  begin() {
    this.recorder.reset();
    this.internalExec("SAVEPOINT aergo_tx");
    this.inTx = true;
  }
  commit() {
    this.internalExec("RELEASE aergo_tx");
    this.inTx = false;
  }
  rollback() {
    // A conflict clause like OR ROLLBACK may already have ended the transaction.
    if (this.sqlite.x.sqlite3_get_autocommit(this.db) === 0) {
      this.internalExec("ROLLBACK TO aergo_tx");
      this.internalExec("RELEASE aergo_tx");
    }
    this.inTx = false;
    this.recorder.reset();
  }

  /** Drops every prepared statement (before a restore replaces the database). */
  finalizeAll() {
    for (const p of this.cache.values()) this.sqlite.x.sqlite3_finalize(p.stmt);
    for (const s of this.internal.values()) this.sqlite.x.sqlite3_finalize(s);
    this.cache.clear();
    this.internal.clear();
  }

  reapplyLimits() {
    this.sqlite.applyPageLimit(this.db, Math.floor(this.limits.maxDbBytes / PAGE_SIZE));
  }

  close() {
    if (this.closed) return;
    this.finalizeAll();
    this.sqlite.closeDb(this.db);
    this.closed = true;
  }
}
