/**
 * Gas costs and limits of AergoSQL execution (docs/aergosql.md, "Gas" and "Limits").
 *
 * Gas counts SQLite virtual-machine steps exactly (sqlite3_stmt_status VM_STEP, read and reset
 * after every statement, so it never depends on a statement's history in the cache) plus fixed
 * costs. The progress handler, called every PROGRESS_OPS steps at deterministic points of the
 * program, only enforces the limit: it stops a statement the moment its steps would pass the
 * gas left, which is what makes runaway SQL (recursive CTEs, cross joins) stop.
 */
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

/** VM steps between two progress-handler checks. */
export const PROGRESS_OPS = 100;

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
  /** Bytes of a contract source. */
  readonly maxSourceBytes: number;
};

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
  maxSourceBytes: 128 * 1024,
};

export const PAGE_SIZE = 4096;
