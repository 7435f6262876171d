/**
 * Gas for SQLite's built-in string and blob functions. Gas counts VM steps, and one call of
 * like(), instr(), replace(), hex(zeroblob(n)) … is one step however long its strings: a single
 * LIKE of a 64 KB string against a 32 KB pattern ran ~2 s for 26 gas. So each such built-in is
 * overridden on every contract database (an application function of the same name and
 * argument count takes precedence over the built-in) by a wrapper that
 *   1. charges gas from its arguments' byte lengths before any work: a base fee, one gas per
 *      FUNCTION_GAS.bytesPerGas bytes read, and for the searches (LIKE, GLOB, instr, replace,
 *      trim/unhex with a character set), whose worst case compares every character of one
 *      argument with every character of the other, len(a) × len(b) / pairsPerGas;
 *   2. runs the real built-in on a private helper connection that has no overrides (a cached
 *      `SELECT fn(?1, …)`), binding and returning values inside the wasm heap, so the result,
 *      its type and its errors are SQLite's own;
 *   3. charges the result's bytes (printf widths, replace and zeroblob grow their output).
 * Everything is computed from byte counts, never from time, so gas stays consensus.
 *
 * Not overridden: cheap hot functions (length, coalesce, abs, typeof …), the JSON functions (a
 * bound value loses SQLite's JSON subtype, so a delegated json_* could answer differently),
 * and aggregates (group_concat: its output is capped by SQLITE_LIMIT_LENGTH like any value).
 */
import { FUNCTION_GAS, SQLITE_LIMITS } from "./limits.ts";
import { SQLITE, type DbCallbacks, type Sqlite, type SqlFunctionImpl } from "./sqlite.ts";
import { formatCount } from "../../numberText.ts";

/** A metered built-in: its argument counts (-1: any) and which arguments a search pairs up. */
type MeteredFunction = {
  readonly name: string;
  readonly nArgs: readonly number[];
  /** Argument indexes whose byte lengths multiply (the search's worst case), from this many arguments on. */
  readonly search?: { readonly a: number; readonly b: number; readonly fromArgc: number };
  /** Argument index of a LIKE/GLOB pattern, checked against SQLITE_LIMIT_LIKE_PATTERN_LENGTH. */
  readonly pattern?: number;
};

const SEARCH_01_2 = { a: 0, b: 1, fromArgc: 2 };

/** The overridden built-ins (docs/aergosql.md, "Gas"). */
export const METERED_FUNCTIONS: readonly MeteredFunction[] = [
  { name: "like", nArgs: [2, 3], search: SEARCH_01_2, pattern: 0 },
  { name: "glob", nArgs: [2], search: SEARCH_01_2, pattern: 0 },
  { name: "instr", nArgs: [2], search: SEARCH_01_2 },
  { name: "replace", nArgs: [3], search: SEARCH_01_2 },
  { name: "trim", nArgs: [1, 2], search: SEARCH_01_2 },
  { name: "ltrim", nArgs: [1, 2], search: SEARCH_01_2 },
  { name: "rtrim", nArgs: [1, 2], search: SEARCH_01_2 },
  { name: "unhex", nArgs: [1, 2], search: SEARCH_01_2 },
  { name: "hex", nArgs: [1] },
  { name: "zeroblob", nArgs: [1] },
  { name: "quote", nArgs: [1] },
  { name: "upper", nArgs: [1] },
  { name: "lower", nArgs: [1] },
  { name: "substr", nArgs: [2, 3] },
  { name: "substring", nArgs: [2, 3] },
  { name: "char", nArgs: [-1] },
  { name: "concat", nArgs: [-1] },
  { name: "concat_ws", nArgs: [-1] },
  { name: "printf", nArgs: [-1] },
  { name: "format", nArgs: [-1] },
];

/** Bytes a number argument counts as (its text form is at most ~25 bytes; never converted). */
const NUMBER_BYTES = 8;

/** Gas of a metered call before it runs, from its arguments' byte lengths. */
export function functionGasBefore(f: MeteredFunction, bytes: readonly number[]): number {
  let total = 0;
  for (const n of bytes) total += n;
  let gas = FUNCTION_GAS.call + Math.ceil(total / FUNCTION_GAS.bytesPerGas);
  const s = f.search;
  if (s && bytes.length >= s.fromArgc) gas += Math.ceil((bytes[s.a]! * bytes[s.b]!) / FUNCTION_GAS.pairsPerGas);
  return gas;
}

/** Gas for a metered call's result. */
export function functionGasAfter(resultBytes: number): number {
  return Math.ceil(resultBytes / FUNCTION_GAS.bytesPerGas);
}

/**
 * The connection the real built-ins run on: no overrides, no callbacks, only engine SQL. One
 * statement per function and argument count, prepared once.
 */
class BuiltinRunner {
  private readonly db: number;
  private readonly stmts = new Map<string, number | string>();
  private maxLength = -1;

  constructor(private readonly sqlite: Sqlite) {
    this.db = sqlite.openDb({ maxPageCount: 16, maxLength: 1 });
  }

  private statement(name: string, argc: number): number | string {
    const key = `${name}/${argc}`;
    let s = this.stmts.get(key);
    if (s === undefined) {
      const params = Array.from({ length: argc }, (_, i) => `?${i + 1}`).join(", ");
      const r = this.sqlite.prepare(this.db, `SELECT ${name}(${params})`, true);
      // A wrong argument count (concat()) is SQLite's own error, answered on every call.
      s = "error" in r ? r.error : r.stmt;
      this.stmts.set(key, s);
    }
    return s;
  }

  /**
   * Runs `name` on the caller's argument values and sets its result (or error) on ctx; before
   * setting it, `charge(resultBytes)` may refuse (out of gas).
   */
  run(ctx: number, name: string, argc: number, argv: number, charge: (resultBytes: number) => boolean) {
    const { sqlite } = this;
    const x = sqlite.x;
    const stmt = this.statement(name, argc);
    if (typeof stmt === "string") {
      sqlite.resultError(ctx, stmt);
      return;
    }
    // The same SQLITE_LIMIT_LENGTH as the calling database, so a too-big result fails alike.
    const maxLength = x.sqlite3_limit(x.sqlite3_context_db_handle(ctx), SQLITE.LIMIT_LENGTH, -1);
    if (maxLength !== this.maxLength) {
      x.sqlite3_limit(this.db, SQLITE.LIMIT_LENGTH, maxLength);
      this.maxLength = maxLength;
    }
    for (let i = 0; i < argc; i++) bindValue(sqlite, stmt, i + 1, sqlite.ptrAt(argv + 4 * i));
    const rc = x.sqlite3_step(stmt);
    try {
      if (rc !== SQLITE.ROW) {
        const code = x.sqlite3_errcode(this.db) & 0xff;
        if (code === SQLITE.TOOBIG) x.sqlite3_result_error_toobig(ctx);
        else if (code === SQLITE.NOMEM) x.sqlite3_result_error_nomem(ctx);
        else sqlite.resultError(ctx, sqlite.errmsg(this.db));
        return;
      }
      copyResult(sqlite, ctx, stmt, charge);
    } finally {
      x.sqlite3_reset(stmt);
    }
  }
}

/** Binds an sqlite3_value* to a parameter without leaving the wasm heap (sqlite3_bind_value is not exported). */
function bindValue(sqlite: Sqlite, stmt: number, i: number, v: number) {
  const x = sqlite.x;
  switch (x.sqlite3_value_type(v)) {
    case SQLITE.INTEGER:
      x.sqlite3_bind_int64(stmt, i, x.sqlite3_value_int64(v));
      break;
    case SQLITE.FLOAT:
      x.sqlite3_bind_double(stmt, i, x.sqlite3_value_double(v));
      break;
    case SQLITE.TEXT: {
      const p = x.sqlite3_value_text(v);
      x.sqlite3_bind_text(stmt, i, p, x.sqlite3_value_bytes(v), SQLITE.TRANSIENT);
      break;
    }
    case SQLITE.BLOB: {
      const p = x.sqlite3_value_blob(v);
      const n = x.sqlite3_value_bytes(v);
      // An empty BLOB has a null pointer, which would bind as NULL.
      if (n === 0) x.sqlite3_bind_zeroblob(stmt, i, 0);
      else x.sqlite3_bind_blob(stmt, i, p, n, SQLITE.TRANSIENT);
      break;
    }
    default:
      x.sqlite3_bind_null(stmt, i);
  }
}

/** Sets column 0 of the helper's row as the function's result (sqlite3_result_value is not exported). */
function copyResult(sqlite: Sqlite, ctx: number, stmt: number, charge: (resultBytes: number) => boolean) {
  const x = sqlite.x;
  const type = x.sqlite3_column_type(stmt, 0);
  if (type === SQLITE.TEXT || type === SQLITE.BLOB) {
    const p = type === SQLITE.TEXT ? x.sqlite3_column_text(stmt, 0) : x.sqlite3_column_blob(stmt, 0);
    const n = x.sqlite3_column_bytes(stmt, 0);
    if (!charge(n)) return;
    if (type === SQLITE.TEXT) x.sqlite3_result_text(ctx, p, n, SQLITE.TRANSIENT);
    else if (n === 0) x.sqlite3_result_zeroblob(ctx, 0);
    else x.sqlite3_result_blob(ctx, p, n, SQLITE.TRANSIENT);
    return;
  }
  if (!charge(0)) return;
  if (type === SQLITE.INTEGER) x.sqlite3_result_int64(ctx, x.sqlite3_column_int64(stmt, 0));
  else if (type === SQLITE.FLOAT) x.sqlite3_result_double(ctx, x.sqlite3_column_double(stmt, 0));
  else x.sqlite3_result_null(ctx);
}

function outOfGas(sqlite: Sqlite, ctx: number) {
  // The engine's meter is already marked stopped: the statement fails as OUT_OF_GAS.
  sqlite.resultError(ctx, "out of gas");
}

function meteredImpl(sqlite: Sqlite, runner: BuiltinRunner, f: MeteredFunction): SqlFunctionImpl {
  const bytes: number[] = [];
  return (owner: DbCallbacks, ctx: number, argc: number, argv: number) => {
    const x = sqlite.x;
    bytes.length = argc;
    for (let i = 0; i < argc; i++) {
      const v = sqlite.ptrAt(argv + 4 * i);
      const t = x.sqlite3_value_type(v);
      // Only TEXT/BLOB are measured: sqlite3_value_bytes would give a number a text form.
      bytes[i] = t === SQLITE.TEXT || t === SQLITE.BLOB ? x.sqlite3_value_bytes(v) : t === SQLITE.NULL ? 0 : NUMBER_BYTES;
    }
    if (owner.chargeGas && !owner.chargeGas(functionGasBefore(f, bytes))) return outOfGas(sqlite, ctx);
    if (f.pattern !== undefined && argc > f.pattern && bytes[f.pattern]! > SQLITE_LIMITS.likePatternLength) {
      sqlite.resultError(ctx, `LIKE or GLOB pattern too complex: the pattern is ${formatCount(bytes[f.pattern]!)} bytes; the limit is ${formatCount(SQLITE_LIMITS.likePatternLength)}`);
      return;
    }
    runner.run(ctx, f.name, argc, argv, (n) => {
      if (!owner.chargeGas || owner.chargeGas(functionGasAfter(n))) return true;
      outOfGas(sqlite, ctx);
      return false;
    });
  };
}

/** Registers the metered overrides on the shared SQLite instance (once per process). */
export function defineMeteredBuiltins(sqlite: Sqlite) {
  const runner = new BuiltinRunner(sqlite);
  for (const f of METERED_FUNCTIONS) {
    const impl = meteredImpl(sqlite, runner, f);
    // Deterministic and innocuous like the built-ins: usable in CHECK constraints and indexes.
    for (const n of f.nArgs) sqlite.defineFunction(f.name, n, SQLITE.DETERMINISTIC | SQLITE.INNOCUOUS, impl);
  }
}
