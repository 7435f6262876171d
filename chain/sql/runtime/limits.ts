/**
 * Gas costs and limits of AergoSQL execution (docs/aergosql.md, "Gas" and "Limits").
 *
 * Gas counts SQLite virtual-machine steps exactly (sqlite3_stmt_status VM_STEP, read and reset
 * after every statement, so it never depends on a statement's history in the cache) plus fixed
 * costs. The progress handler, called every PROGRESS_OPS steps at deterministic points of the
 * program, only enforces the limit: it stops a statement the moment its steps would pass the
 * gas left, which is what makes runaway SQL (recursive CTEs, cross joins) stop.
 */
import { READ_BOUNDS } from "../../readBounds.ts";

export const GAS = {
  /** Per SQLite VM instruction. */
  vmStep: 1,
  /** Per statement executed (every REQUIRE, LET, IF arm, EMIT, … is one). */
  statement: 10,
  /** Per row inserted, updated or deleted. */
  rowWritten: 100,
  /** Per byte of new row data (canonical encoding) written. */
  byteStored: 1,
  /** Per event, plus eventByte per byte of its encoded arguments. */
  event: 100,
  eventByte: 1,
  /** Per native TRANSFER. */
  transfer: 200,
  /** Per CALL to another contract (the callee's own gas is added to the same meter). */
  call: 500,
  /** Per BALANCE() lookup. */
  balance: 50,
} as const;

/**
 * Gas of the built-in string and blob functions that do work proportional to their arguments'
 * or result's bytes (runtime/functionGas.ts): one SQLite VM step is one gas, however long the
 * strings it touches, so these functions are charged by bytes instead. Calibrated on sqlite-wasm
 * in Node 20 (bench/bombs.ts): an ordinary VM step takes ~20 ns; hex, upper, replace … move
 * ~1 byte per ns; LIKE/GLOB/instr/replace/trim compare ~0.5 character pairs per ns at worst.
 * Charged from byte counts only, never time, so every node computes the same gas.
 */
export const FUNCTION_GAS = {
  /** Per call of a metered function (the JS callback and its delegation cost ~1.3 µs, ~60 VM steps). */
  call: 50,
  /** Bytes of arguments read, or of result produced, per gas. */
  bytesPerGas: 16,
  /** Character pairs a pattern or substring search may compare, per gas (LIKE, GLOB, instr, replace, 2-argument trim). */
  pairsPerGas: 8,
} as const;

/** VM steps between two progress-handler checks. */
export const PROGRESS_OPS = 100;

/** Progress-handler checks between two reads of the clock for a view's wall-time budget (every 1,600 VM steps). */
export const CLOCK_EVERY_TICKS = 16;

/**
 * SQLite's own limits on every contract database (sqlite3_limit), besides SQLITE_LIMIT_LENGTH
 * (maxRowBytes). They bound what one statement can ask of SQLite before any gas is counted:
 * a longer LIKE/GLOB pattern, a deeper expression, more function arguments or compound SELECT
 * terms than any real contract needs are refused when the statement is prepared or run.
 */
export const SQLITE_LIMITS = {
  /** Bytes of a LIKE or GLOB pattern (SQLite's default 50,000). */
  likePatternLength: 4096,
  /** Depth of an expression tree (default 1,000). */
  exprDepth: 200,
  /** Arguments of one function call (default 1,000). */
  functionArg: 127,
  /** Terms of one compound SELECT (default 500). */
  compoundSelect: 64,
  /** Instructions of one prepared statement's program (default 250,000,000). */
  vdbeOp: 250_000,
  /** Bytes of one SQL statement (default 1,000,000,000); a contract source is at most 128 KiB. */
  sqlLength: 1_048_576,
  /** Parameters of one statement (default 32,766). */
  variableNumber: 999,
} as const;

export type SqlLimits = {
  /** Gas for one transaction's call tree (the real Aergo: 5M instructions per call). */
  readonly maxGasPerCall: number;
  /** Gas for one view query (views are free but must stop). */
  readonly maxViewGas: number;
  readonly maxCallDepth: number;
  readonly maxEventsPerTx: number;
  /** Bytes of one encoded event argument. */
  readonly maxEventArgBytes: number;
  /** Bytes of one value or row (SQLITE_LIMIT_LENGTH). */
  readonly maxRowBytes: number;
  /** Bytes of one contract database (pages × 4096). */
  readonly maxDbBytes: number;
  /** Bytes of one TEXT or BLOB argument, and of all arguments of a call. */
  readonly maxArgBytes: number;
  readonly maxArgsBytes: number;
  /** Rows a view may return. */
  readonly maxResultRows: number;
  /**
   * Bytes of a returned result set, counted as the API sends it (sqlValueJsonBound): 10,000 rows
   * of 64 KB would otherwise be a 640 MB answer, and a procedure's result is part of its receipt.
   */
  readonly maxResultBytes: number;
  /** Bytes of a contract source (also SQLITE_LIMIT_SQL_LENGTH: no statement is longer). */
  readonly maxSourceBytes: number;
  /**
   * Wall-clock milliseconds a view query may run (views are not consensus: a node may stop one
   * on time). Calls never look at the clock: they stop by gas only.
   */
  readonly maxViewMs: number;
};

/** The default wall-time budget of a view query (SqlLimits.maxViewMs). */
export const VIEW_TIME_BUDGET_MS = 500;

export const DEFAULT_LIMITS: SqlLimits = {
  maxGasPerCall: 5_000_000,
  maxViewGas: 5_000_000,
  maxCallDepth: 64,
  maxEventsPerTx: 128,
  maxEventArgBytes: 4096,
  maxRowBytes: 65_536,
  maxDbBytes: 64 * 1024 * 1024,
  maxArgBytes: 16_384,
  maxArgsBytes: 65_536,
  maxResultRows: 10_000,
  maxResultBytes: READ_BOUNDS.maxPageBytes,
  maxSourceBytes: 128 * 1024,
  maxViewMs: VIEW_TIME_BUDGET_MS,
};

export const PAGE_SIZE = 4096;

/** Pages of the compiler's and the upgrade check's scratch databases (schemas on empty tables; 4 MiB). */
export const SCRATCH_MAX_PAGES = 1024;
