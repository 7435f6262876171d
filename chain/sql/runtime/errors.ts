/**
 * Runtime error codes of AergoSQL calls. A failed call is a result (`status: "error"`), never
 * an exception: its message names the routine and source line, as in
 * `transfer: insufficient balance (line 21)`.
 */
export const SqlErrorCode = {
  RequireFailed: "REQUIRE_FAILED",
  Constraint: "CONSTRAINT",
  OutOfGas: "OUT_OF_GAS",
  /** A view query ran past its wall-time budget (views only; calls stop by gas alone). */
  ViewTimeout: "VIEW_TIMEOUT",
  /**
   * The producer gave up on a transaction past its admission time budget (CallContext
   * timeBudgetMs). Never in a receipt: the node refuses such a transaction (chain/exec/contracts.ts).
   */
  TimeBudget: "TIME_BUDGET",
  BadArgument: "BAD_ARGUMENT",
  UnknownContract: "UNKNOWN_CONTRACT",
  UnknownProcedure: "UNKNOWN_PROCEDURE",
  UnknownView: "UNKNOWN_VIEW",
  UnknownTable: "UNKNOWN_TABLE",
  CallDepth: "CALL_DEPTH",
  CallFailed: "CALL_FAILED",
  TooManyEvents: "TOO_MANY_EVENTS",
  EventTooLarge: "EVENT_TOO_LARGE",
  RowTooLarge: "ROW_TOO_LARGE",
  DatabaseFull: "DATABASE_FULL",
  TransferFailed: "TRANSFER_FAILED",
  NotAuthorized: "NOT_AUTHORIZED",
  TypeMismatch: "TYPE_MISMATCH",
  AmountOverflow: "AMOUNT_OVERFLOW",
  ResultTooLarge: "RESULT_TOO_LARGE",
  ContractExists: "CONTRACT_EXISTS",
  BadArtifact: "BAD_ARTIFACT",
  MigrationFailed: "MIGRATION_FAILED",
  Sql: "SQL_ERROR",
  Internal: "INTERNAL",
} as const;
export type SqlErrorCode = (typeof SqlErrorCode)[keyof typeof SqlErrorCode];

/** Thrown inside the interpreter; turned into a CallResult error at the call boundary. */
export class ContractError extends Error {
  override readonly name = "ContractError";
  constructor(
    readonly code: SqlErrorCode,
    /** The bare reason, without routine or line. */
    readonly reason: string,
    readonly line?: number,
    readonly routine?: string,
  ) {
    super(reason);
  }

  /** `routine: reason (line N)` */
  get formatted(): string {
    return `${this.routine ? `${this.routine}: ` : ""}${this.reason}${this.line ? ` (line ${this.line})` : ""}`;
  }
}
