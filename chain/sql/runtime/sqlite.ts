/**
 * The process's one SQLite WebAssembly instance and a thin, allocation-light layer over its
 * C API, shared by the compiler (scratch databases) and the runtime (one database per contract).
 *
 * Why raw `wasm.exports` calls on the hot path: the `capi` wrappers convert every argument
 * (and in this build `sqlite3_bind_text` with a JS string throws a ReferenceError), so binding,
 * stepping and reading go straight to the exports with a reusable scratch buffer; measured, that
 * doubles throughput. Callbacks (authorizer, progress handler, preupdate hook, SQL functions)
 * are installed once per process as wasm function pointers and find their database's handlers
 * through the pArg / user-data integer, so thousands of contracts cost no extra table slots.
 *
 * Determinism at the lowest level: contract databases are opened on the "aergo" VFS, a copy of
 * the default VFS whose clock is the block time of the running call and whose randomness is all
 * zeros. So even a `date(:x)` that receives 'now' at run time sees the block time, and the PRNG
 * that SQLite falls back on (a rowid past 2^63-1) is reseeded to the same state before every call.
 */
import sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import type { Sqlite3Static } from "@sqlite.org/sqlite-wasm";
import type { SqlValue } from "../types.ts";
import { SQLITE_LIMITS } from "./limits.ts";

type CApi = Sqlite3Static["capi"];
type Wasm = Sqlite3Static["wasm"];

/** The C functions called directly through the wasm exports (pointers are numbers, int64 bigints). */
export interface RawExports {
  sqlite3_step(stmt: number): number;
  sqlite3_reset(stmt: number): number;
  sqlite3_finalize(stmt: number): number;
  sqlite3_clear_bindings(stmt: number): number;
  sqlite3_bind_int(stmt: number, i: number, v: number): number;
  sqlite3_bind_int64(stmt: number, i: number, v: bigint): number;
  sqlite3_bind_double(stmt: number, i: number, v: number): number;
  sqlite3_bind_null(stmt: number, i: number): number;
  sqlite3_bind_text(stmt: number, i: number, p: number, n: number, dtor: number): number;
  sqlite3_bind_blob(stmt: number, i: number, p: number, n: number, dtor: number): number;
  sqlite3_bind_parameter_count(stmt: number): number;
  sqlite3_column_count(stmt: number): number;
  sqlite3_column_type(stmt: number, i: number): number;
  sqlite3_column_int64(stmt: number, i: number): bigint;
  sqlite3_column_double(stmt: number, i: number): number;
  sqlite3_column_text(stmt: number, i: number): number;
  sqlite3_column_blob(stmt: number, i: number): number;
  sqlite3_column_bytes(stmt: number, i: number): number;
  sqlite3_stmt_status(stmt: number, op: number, reset: number): number;
  sqlite3_stmt_readonly(stmt: number): number;
  sqlite3_value_type(v: number): number;
  sqlite3_value_int64(v: number): bigint;
  sqlite3_value_double(v: number): number;
  sqlite3_value_text(v: number): number;
  sqlite3_value_blob(v: number): number;
  sqlite3_value_bytes(v: number): number;
  sqlite3_preupdate_old(db: number, i: number, out: number): number;
  sqlite3_preupdate_new(db: number, i: number, out: number): number;
  sqlite3_preupdate_count(db: number): number;
  sqlite3_result_int64(ctx: number, v: bigint): void;
  sqlite3_result_double(ctx: number, v: number): void;
  sqlite3_result_null(ctx: number): void;
  sqlite3_result_text(ctx: number, p: number, n: number, dtor: number): void;
  sqlite3_result_blob(ctx: number, p: number, n: number, dtor: number): void;
  sqlite3_result_error(ctx: number, p: number, n: number): void;
  sqlite3_result_error_code(ctx: number, code: number): void;
  sqlite3_result_zeroblob(ctx: number, n: number): void;
  sqlite3_result_error_toobig(ctx: number): void;
  sqlite3_result_error_nomem(ctx: number): void;
  sqlite3_user_data(ctx: number): number;
  sqlite3_context_db_handle(ctx: number): number;
  sqlite3_limit(db: number, id: number, value: number): number;
  sqlite3_bind_zeroblob(stmt: number, i: number, n: number): number;
  sqlite3_errcode(db: number): number;
  sqlite3_changes(db: number): number;
  sqlite3_get_autocommit(db: number): number;
  sqlite3_errmsg(db: number): number;
  sqlite3_extended_errcode(db: number): number;
  sqlite3_error_offset(db: number): number;
  sqlite3_randomness(n: number, p: number): void;
  sqlite3_free(p: number): void;
  sqlite3_malloc(n: number): number;
}

export const SQLITE = {
  OK: 0,
  ERROR: 1,
  DENY: 1,
  NOMEM: 7,
  INTERRUPT: 9,
  FULL: 13,
  TOOBIG: 18,
  CONSTRAINT: 19,
  AUTH: 23,
  ROW: 100,
  DONE: 101,
  INTEGER: 1,
  FLOAT: 2,
  TEXT: 3,
  BLOB: 4,
  NULL: 5,
  TRANSIENT: -1,
  STMTSTATUS_VM_STEP: 4,
  PREPARE_PERSISTENT: 1,
  DELETE: 9,
  INSERT: 18,
  UPDATE: 23,
  UTF8: 1,
  DETERMINISTIC: 0x800,
  DIRECTONLY: 0x80000,
  INNOCUOUS: 0x200000,
  LIMIT_LENGTH: 0,
} as const;

/** Per-database callbacks: the authorizer, the progress handler and the preupdate hook. */
export interface DbCallbacks {
  authorize(code: number, a1: string | null, a2: string | null, a3: string | null, a4: string | null): number;
  progress(): number;
  /** `table` points at the table's name (a C string in the wasm heap). */
  preupdate(db: number, op: number, table: number): void;
  /**
   * Charges gas for a metered built-in's work (runtime/functionGas.ts); false: out of gas, the
   * function must not run. Absent (the compiler's scratch databases): the work is free.
   */
  chargeGas?(gas: number): boolean;
}

/** An SQL function implementation: reads its arguments from argv, sets its result on ctx. */
export type SqlFunctionImpl = (owner: DbCallbacks, ctx: number, argc: number, argv: number) => void;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** The shared SQLite instance with the helpers both the compiler and the runtime use. */
export class Sqlite {
  readonly capi: CApi;
  readonly wasm: Wasm;
  readonly x: RawExports;
  /** Block time (ms) the "aergo" VFS reports as "now" while a call runs. */
  clockMs = 0;
  private scratch = 0;
  private scratchSize = 0;
  private readonly outPtr: number;
  private readonly enc = new TextEncoder();
  private readonly dec = new TextDecoder();
  private readonly callbacks = new Map<number, DbCallbacks>();
  private nextId = 1;
  private readonly authorizerPtr: number;
  private readonly progressPtr: number;
  private readonly preupdatePtr: number;
  private readonly functions: { name: string; nArg: number; flags: number; ptr: number }[] = [];

  private h8 = new Uint8Array(0);
  private h32 = new Int32Array(0);

  /** The wasm heap as bytes; re-created when memory growth detaches the old buffer. */
  u8(): Uint8Array {
    if (this.h8.byteLength === 0) this.refreshHeap();
    return this.h8;
  }
  /** A pointer-sized (i32) slot of the heap. */
  ptrAt(p: number): number {
    if (this.h32.byteLength === 0) this.refreshHeap();
    return this.h32[p >> 2]!;
  }
  private refreshHeap() {
    const buffer = (this.wasm as unknown as { memory: WebAssembly.Memory }).memory.buffer;
    this.h8 = new Uint8Array(buffer);
    this.h32 = new Int32Array(buffer);
  }

  constructor(readonly sqlite3: Sqlite3Static) {
    this.capi = sqlite3.capi;
    this.wasm = sqlite3.wasm;
    this.x = sqlite3.wasm.exports as unknown as RawExports;
    this.outPtr = this.wasm.alloc(16);
    this.ensureScratch(4096);
    const cstr = (p: number) => (p ? this.wasm.cstrToJs(p) : null);
    // Callbacks must never throw into C: any JS exception becomes a refusal / an interrupt.
    this.authorizerPtr = this.wasm.installFunction("i(pipppp)", (id: number, code: number, a1: number, a2: number, a3: number, a4: number) => {
      const cb = this.callbacks.get(id);
      if (!cb) return SQLITE.DENY;
      try {
        return cb.authorize(code, cstr(a1), cstr(a2), cstr(a3), cstr(a4));
      } catch {
        return SQLITE.DENY;
      }
    });
    this.progressPtr = this.wasm.installFunction("i(p)", (id: number) => {
      const cb = this.callbacks.get(id);
      if (!cb) return 0;
      try {
        return cb.progress();
      } catch {
        return 1;
      }
    });
    this.preupdatePtr = this.wasm.installFunction("v(ppippjj)", (id: number, db: number, op: number, _zDb: number, zTbl: number) => {
      const cb = this.callbacks.get(id);
      if (!cb) return;
      try {
        cb.preupdate(db, op, zTbl);
      } catch {
        // The recorder marks itself broken; the call then fails with an internal error.
      }
    });
    this.registerVfs();
  }

  // ---- the deterministic VFS ---------------------------------------------------------------

  private registerVfs() {
    const { capi, wasm } = this;
    const dflt = capi.sqlite3_vfs_find(null);
    const vfs = new capi.sqlite3_vfs();
    const size = (capi.sqlite3_vfs as unknown as { structInfo: { sizeof: number } }).structInfo.sizeof;
    wasm.heap8u().copyWithin(vfs.pointer, dflt, dflt + size);
    vfs.pNext = 0;
    vfs.$zName = wasm.allocCString("aergo", false) as unknown as number;
    // Julian day 2440587.5 is the Unix epoch; SQLite's int64 clock counts milliseconds.
    this.sqlite3.vfs.installVfs({
      vfs: {
        struct: vfs,
        asDefault: true,
        methods: {
          xCurrentTimeInt64: (_p: number, out: number) => {
            wasm.poke64(out, 210866760000000n + BigInt(Math.trunc(this.clockMs)));
            return 0;
          },
          xCurrentTime: (_p: number, out: number) => {
            wasm.poke64f(out, 2440587.5 + this.clockMs / 86400000);
            return 0;
          },
          xRandomness: (_p: number, n: number, out: number) => {
            wasm.heap8u().fill(0, out, out + n);
            return n as 0;
          },
        },
      },
    });
  }

  /** Reseeds SQLite's PRNG from the zero randomness of the aergo VFS: same state on every node. */
  reseed() {
    this.x.sqlite3_randomness(0, 0);
  }

  // ---- databases ---------------------------------------------------------------------------

  /** Opens an empty in-memory database on the aergo VFS with the contract settings applied. */
  openDb(opts: { maxPageCount: number; maxLength: number }): number {
    const { capi, wasm } = this;
    const stack = wasm.pstack.pointer;
    let db = 0;
    try {
      const pp = wasm.pstack.alloc("*") as unknown as number;
      const rc = capi.sqlite3_open_v2(":memory:", pp, capi.SQLITE_OPEN_READWRITE | capi.SQLITE_OPEN_CREATE, "aergo");
      db = wasm.peekPtr(pp) as unknown as number;
      if (rc !== 0) {
        if (db) capi.sqlite3_close_v2(db);
        throw new Error(`SQLite could not open a database (code ${rc}).`);
      }
    } finally {
      wasm.pstack.restore(stack);
    }
    this.configure(db, opts);
    return db;
  }

  /** Settings every contract database (and the compiler's scratch database) runs with. */
  configure(db: number, opts: { maxPageCount: number; maxLength: number }) {
    const { capi } = this;
    // "x" must always be a name: with DQS on, a misspelt column silently becomes a string.
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_DQS_DML, 0, 0);
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_DQS_DDL, 0, 0);
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_DEFENSIVE, 1, 0);
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_ENABLE_FKEY, 1, 0);
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, 0);
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_ENABLE_VIEW, 0, 0);
    capi.sqlite3_db_config(db, capi.SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, 0);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_ATTACHED, 0);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_LENGTH, opts.maxLength);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, SQLITE_LIMITS.likePatternLength);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_EXPR_DEPTH, SQLITE_LIMITS.exprDepth);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_FUNCTION_ARG, SQLITE_LIMITS.functionArg);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_COMPOUND_SELECT, SQLITE_LIMITS.compoundSelect);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_VDBE_OP, SQLITE_LIMITS.vdbeOp);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_SQL_LENGTH, SQLITE_LIMITS.sqlLength);
    capi.sqlite3_limit(db, capi.SQLITE_LIMIT_VARIABLE_NUMBER, SQLITE_LIMITS.variableNumber);
    this.applyPageLimit(db, opts.maxPageCount);
  }

  /** max_page_count is per connection and reset by deserialize, hence separate. */
  applyPageLimit(db: number, maxPageCount: number) {
    const err = this.exec(db, `PRAGMA max_page_count = ${Math.floor(maxPageCount)}`);
    if (err) throw new Error(err);
  }

  closeDb(db: number) {
    this.callbacks.delete(this.idOf.get(db) ?? -1);
    this.idOf.delete(db);
    this.capi.sqlite3_close_v2(db);
  }

  private readonly idOf = new Map<number, number>();

  /** Installs the authorizer, progress handler (every `progressOps` VM steps) and preupdate hook. */
  attachCallbacks(db: number, cb: DbCallbacks, progressOps: number): number {
    const id = this.nextId++;
    this.callbacks.set(id, cb);
    this.idOf.set(db, id);
    const capi = this.capi as unknown as Record<string, (...a: unknown[]) => unknown>;
    capi.sqlite3_set_authorizer!(db, this.authorizerPtr, id);
    if (progressOps > 0) capi.sqlite3_progress_handler!(db, progressOps, this.progressPtr, id);
    capi.sqlite3_preupdate_hook!(db, this.preupdatePtr, id);
    for (const f of this.functions) {
      const rc = capi.sqlite3_create_function_v2!(db, f.name, f.nArg, SQLITE.UTF8 | f.flags, id, f.ptr, 0, 0, 0);
      if (rc !== 0) throw new Error(`Could not register SQL function ${f.name}: ${this.errmsg(db)}`);
    }
    return id;
  }

  /** Defines an SQL function for every database attached afterwards. */
  defineFunction(name: string, nArg: number, flags: number, impl: SqlFunctionImpl) {
    const ptr = this.wasm.installFunction("v(pip)", (ctx: number, argc: number, argv: number) => {
      const cb = this.callbacks.get(this.x.sqlite3_user_data(ctx));
      if (!cb) {
        this.resultError(ctx, `${name}() is not available here.`);
        return;
      }
      try {
        impl(cb, ctx, argc, argv);
      } catch (e) {
        this.resultError(ctx, e instanceof Error ? e.message : String(e));
      }
    });
    this.functions.push({ name, nArg, flags, ptr });
  }

  /** Runs trusted SQL (engine-internal); returns an error message or null. */
  exec(db: number, sql: string): string | null {
    const rc = this.capi.sqlite3_exec(db, sql, 0, 0, 0);
    return rc === 0 ? null : this.errmsg(db);
  }

  errmsg(db: number): string {
    return this.wasm.cstrToJs(this.x.sqlite3_errmsg(db)) ?? "unknown error";
  }

  /** Prepares one statement; on failure returns SQLite's message and the byte offset of the error. */
  prepare(db: number, sql: string, persistent = true): { stmt: number; tail: string } | { error: string; offset: number; code: number } {
    const { capi, wasm } = this;
    const bytes = this.enc.encode(sql);
    const stack = wasm.pstack.pointer;
    try {
      const pSql = wasm.pstack.alloc(bytes.length + 1) as unknown as number;
      wasm.heap8u().set(bytes, pSql);
      wasm.heap8u()[pSql + bytes.length] = 0;
      const pp = wasm.pstack.alloc("*") as unknown as number;
      const pTail = wasm.pstack.alloc("*") as unknown as number;
      wasm.pokePtr(pp, 0);
      const rc = capi.sqlite3_prepare_v3(db, pSql, bytes.length, persistent ? SQLITE.PREPARE_PERSISTENT : 0, pp, pTail);
      const stmt = wasm.peekPtr(pp) as unknown as number;
      if (rc !== 0) {
        if (stmt) this.x.sqlite3_finalize(stmt);
        return { error: this.errmsg(db), offset: this.x.sqlite3_error_offset(db), code: this.x.sqlite3_extended_errcode(db) };
      }
      const tailOff = (wasm.peekPtr(pTail) as unknown as number) - pSql;
      const tail = this.dec.decode(bytes.subarray(tailOff));
      return { stmt, tail };
    } finally {
      wasm.pstack.restore(stack);
    }
  }

  // ---- binding and reading -----------------------------------------------------------------

  private ensureScratch(n: number) {
    if (n <= this.scratchSize) return;
    if (this.scratch) this.wasm.dealloc(this.scratch);
    let size = Math.max(4096, this.scratchSize);
    while (size < n) size *= 2;
    this.scratch = this.wasm.alloc(size) as unknown as number;
    this.scratchSize = size;
  }

  /** Copies `s` as UTF-8 into the scratch buffer; returns its byte length there. */
  private putText(s: string): number {
    this.ensureScratch(s.length * 3 + 1);
    // ASCII (addresses, most keys) is copied byte by byte: cheaper than encodeInto on short text.
    const n = s.length;
    if (n < 128) {
      const heap = this.u8();
      const base = this.scratch;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        heap[base + i] = c;
      }
      if (i === n) return n;
    }
    return this.enc.encodeInto(s, this.u8().subarray(this.scratch, this.scratch + this.scratchSize)).written;
  }
  private putBytes(b: Uint8Array): number {
    this.ensureScratch(b.length + 1);
    this.u8().set(b, this.scratch);
    return b.length;
  }

  /** Binds one value (SQLite copies it, so the scratch buffer is free again at once). */
  bind(stmt: number, i: number, v: SqlValue | boolean | undefined): number {
    const x = this.x;
    if (v === null || v === undefined) return x.sqlite3_bind_null(stmt, i);
    switch (typeof v) {
      case "number":
        if (Number.isInteger(v)) {
          return v >= -2147483648 && v <= 2147483647 ? x.sqlite3_bind_int(stmt, i, v) : x.sqlite3_bind_int64(stmt, i, BigInt(v));
        }
        return x.sqlite3_bind_double(stmt, i, v);
      case "bigint":
        if (v < INT64_MIN || v > INT64_MAX) throw new RangeError("An integer is outside SQLite's 64-bit range.");
        return x.sqlite3_bind_int64(stmt, i, v);
      case "string": {
        const n = this.putText(v);
        return x.sqlite3_bind_text(stmt, i, this.scratch, n, SQLITE.TRANSIENT);
      }
      case "boolean":
        return x.sqlite3_bind_int(stmt, i, v ? 1 : 0);
      default: {
        const n = this.putBytes(v);
        return x.sqlite3_bind_blob(stmt, i, this.scratch, n, SQLITE.TRANSIENT);
      }
    }
  }

  /** Reads result column i of the current row. */
  column(stmt: number, i: number): SqlValue {
    const x = this.x;
    switch (x.sqlite3_column_type(stmt, i)) {
      case SQLITE.INTEGER: {
        // A double read is exact for |v| < 2^53, and skips allocating a BigInt.
        const d = x.sqlite3_column_double(stmt, i);
        return Number.isSafeInteger(d) ? d : x.sqlite3_column_int64(stmt, i);
      }
      case SQLITE.FLOAT:
        return x.sqlite3_column_double(stmt, i);
      case SQLITE.TEXT: {
        const p = x.sqlite3_column_text(stmt, i);
        const n = x.sqlite3_column_bytes(stmt, i);
        return decodeText(this.u8(), p, n, this.dec);
      }
      case SQLITE.BLOB: {
        const p = x.sqlite3_column_blob(stmt, i);
        const n = x.sqlite3_column_bytes(stmt, i);
        return this.u8().slice(p, p + n);
      }
      default:
        return null;
    }
  }

  columnNames(stmt: number): string[] {
    const n = this.x.sqlite3_column_count(stmt);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.capi.sqlite3_column_name(stmt, i) ?? `column${i + 1}`);
    return out;
  }

  /** Reads an sqlite3_value* (function arguments). */
  value(v: number): SqlValue {
    const x = this.x;
    switch (x.sqlite3_value_type(v)) {
      case SQLITE.INTEGER: {
        const b = x.sqlite3_value_int64(v);
        return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
      }
      case SQLITE.FLOAT:
        return x.sqlite3_value_double(v);
      case SQLITE.TEXT: {
        const p = x.sqlite3_value_text(v);
        const n = x.sqlite3_value_bytes(v);
        return decodeText(this.u8(), p, n, this.dec);
      }
      case SQLITE.BLOB: {
        const p = x.sqlite3_value_blob(v);
        const n = x.sqlite3_value_bytes(v);
        return this.u8().slice(p, p + n);
      }
      default:
        return null;
    }
  }

  /** Function argument i from argv. */
  arg(argv: number, i: number): SqlValue {
    return this.value(this.ptrAt(argv + 4 * i));
  }

  result(ctx: number, v: SqlValue | boolean) {
    const x = this.x;
    if (v === null) x.sqlite3_result_null(ctx);
    else if (typeof v === "number") {
      if (Number.isInteger(v)) x.sqlite3_result_int64(ctx, BigInt(v));
      else x.sqlite3_result_double(ctx, v);
    } else if (typeof v === "bigint") {
      if (v < INT64_MIN || v > INT64_MAX) throw new RangeError("An integer is outside SQLite's 64-bit range.");
      x.sqlite3_result_int64(ctx, v);
    } else if (typeof v === "boolean") x.sqlite3_result_int64(ctx, v ? 1n : 0n);
    else if (typeof v === "string") {
      const n = this.putText(v);
      x.sqlite3_result_text(ctx, this.scratch, n, SQLITE.TRANSIENT);
    } else {
      const n = this.putBytes(v);
      x.sqlite3_result_blob(ctx, this.scratch, n, SQLITE.TRANSIENT);
    }
  }

  resultError(ctx: number, message: string) {
    const n = this.putText(message);
    this.x.sqlite3_result_error(ctx, this.scratch, n);
  }

  /** The out-pointer slot for sqlite3_preupdate_old/new (one call at a time). */
  get valueOut(): number {
    return this.outPtr;
  }
  peekPtr(p: number): number {
    return this.ptrAt(p);
  }

  // ---- snapshots -----------------------------------------------------------------------------

  serialize(db: number): Uint8Array {
    return this.withSerialized(db, (view) => view.slice());
  }

  /**
   * Runs `use` on the database file as SQLite serializes it into its own heap: a view valid only
   * during the call, in which `use` must not call into SQLite (the heap could move). Saves the
   * copy (and a fresh buffer's page faults) when only parts of the file are kept.
   */
  withSerialized<T>(db: number, use: (view: Uint8Array) => T): T {
    const { capi, wasm } = this;
    const stack = wasm.pstack.pointer;
    let p = 0;
    try {
      const pSize = wasm.pstack.alloc(8) as unknown as number;
      p = capi.sqlite3_serialize(db, "main", pSize, 0) as unknown as number;
      if (!p) throw new Error("SQLite could not serialize the database.");
      const n = Number(wasm.peek64(pSize));
      return use(wasm.heap8u().subarray(p, p + n));
    } finally {
      if (p) this.x.sqlite3_free(p);
      wasm.pstack.restore(stack);
    }
  }

  deserialize(db: number, bytes: Uint8Array) {
    const { capi, wasm } = this;
    const p = this.x.sqlite3_malloc(Math.max(1, bytes.length));
    if (!p) throw new Error("Out of memory restoring a contract database.");
    wasm.heap8u().set(bytes, p);
    const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
    const rc = capi.sqlite3_deserialize(db, "main", p, bytes.length, bytes.length, flags);
    if (rc !== 0) throw new Error(`SQLite refused the snapshot: ${this.errmsg(db)}`);
  }
}

/**
 * Very short ASCII text is decoded by hand, the rest by TextDecoder. Measured on Node 20 here:
 * the hand loop costs ~6 ns a character and TextDecoder ~70 ns a call, so they cross near 12
 * characters; at 52 (an address) the loop took 255 ns against 72. The loop also builds a chain
 * of concatenated strings, which the next Map lookup or comparison of the value must flatten
 * (the address cache's lookups showed up in profiles for that).
 */
const HAND_DECODED = 12;
function decodeText(heap: Uint8Array, p: number, n: number, dec: TextDecoder): string {
  if (n <= HAND_DECODED) {
    let s = "";
    for (let i = 0; i < n; i++) {
      const c = heap[p + i]!;
      if (c > 0x7f) return dec.decode(heap.subarray(p, p + n));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return dec.decode(heap.subarray(p, p + n));
}

let loading: Promise<Sqlite> | null = null;

/** Loads SQLite's WebAssembly once per process (about 50 ms) and returns the shared instance. */
export function loadSqlite(): Promise<Sqlite> {
  loading ??= sqlite3InitModule().then((s) => new Sqlite(s));
  return loading;
}
