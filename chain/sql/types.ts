/**
 * Shapes shared by the AergoSQL compiler and runtime: diagnostics, the ABI, the compiled
 * artifact (what a node stores and executes), values, call contexts and call results.
 * Everything here is plain data; artifacts and ABIs are JSON-serializable.
 */

/** Parameter and column types of the language (see docs/aergosql.md, "Types"). */
export const SQL_TYPES = ["INTEGER", "TEXT", "ADDRESS", "AMOUNT", "BOOLEAN", "REAL", "BLOB", "ROW"] as const;
export type SqlType = (typeof SQL_TYPES)[number];

export type Severity = "error" | "warning";

/** A compile-time finding, positioned in the contract source (1-based line and column). */
export type Diagnostic = {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity: Severity;
  readonly message: string;
  readonly code: string;
};

/** A value as it crosses between SQL and JavaScript. INTEGERs outside ±2^53 are bigints. */
export type SqlValue = null | number | bigint | string | Uint8Array;
/** A row handed to a resolver procedure's ROW parameter, or returned by `RETURN SELECT` of several columns. */
export type SqlRow = { readonly [column: string]: SqlValue };
export type ResultSet = { readonly columns: string[]; readonly rows: SqlValue[][] };

export type ParamAbi = { readonly name: string; readonly type: SqlType };

export type ColumnAbi = {
  readonly name: string;
  /** The declared type as written (ADDRESS and AMOUNT are kept, not their SQLite form). */
  readonly type: string;
  readonly notNull: boolean;
  /** 1-based position in the primary key, 0 when not part of it. */
  readonly pk: number;
};

export type TableAbi = { readonly name: string; readonly columns: ColumnAbi[]; readonly primaryKey: string[] };

export type RoutineAbi = {
  readonly name: string;
  readonly params: ParamAbi[];
  /** `RETURNS type` when declared; null for "whatever RETURN gives" or a result set. */
  readonly returns: SqlType | null;
  readonly readonly: boolean;
  /** Views without RETURNS: the result set's column names. */
  readonly columns?: string[];
  /** Procedures that take ROW parameters: merge resolvers, not meant for transactions. */
  readonly resolver?: boolean;
};

export type EventAbi = { readonly name: string; readonly params: ParamAbi[] };

export const MERGE_POLICY_KINDS = ["additive", "last-writer", "first-writer", "resolve"] as const;
export type MergePolicyKind = (typeof MERGE_POLICY_KINDS)[number];
export type MergePolicyAbi = {
  readonly table: string;
  /** null: the whole row. */
  readonly columns: string[] | null;
  readonly policy: MergePolicyKind;
  readonly resolver?: string;
};

export type ContractAbi = {
  readonly name: string;
  readonly tables: TableAbi[];
  readonly constructor: { readonly params: ParamAbi[] } | null;
  readonly procedures: RoutineAbi[];
  readonly views: RoutineAbi[];
  readonly events: EventAbi[];
  readonly mergePolicies: MergePolicyAbi[];
};

// ---- compiled artifact -------------------------------------------------------------------

/**
 * One compiled body statement. SQL is already rewritten by the compiler: parameters are
 * `:name`, row fields `:row$column`, and the context built-ins `:$sender` etc.; every one was
 * prepared against the contract's schema at compile time.
 */
export type CompiledStmt =
  | { readonly op: "exec"; readonly sql: string; readonly line: number }
  | { readonly op: "require"; readonly sql: string; readonly message: string; readonly line: number }
  | { readonly op: "let"; readonly slot: number; readonly sql: string; readonly line: number }
  | {
      readonly op: "if";
      readonly arms: ReadonlyArray<{ readonly sql: string; readonly line: number; readonly body: CompiledStmt[] }>;
      readonly otherwise: CompiledStmt[];
    }
  | { readonly op: "emit"; readonly event: string; readonly sql: string; readonly line: number }
  | { readonly op: "transfer"; readonly sql: string; readonly line: number }
  | {
      readonly op: "return";
      /** null: `RETURN;` */
      readonly sql: string | null;
      /** scalar: first column of the first row; row: first row as an object; rows: the result set. */
      readonly shape: "scalar" | "row" | "rows";
      readonly line: number;
    }
  | {
      readonly op: "call";
      /** The contract name as written, or null when the target is the first column of `sql`. */
      readonly target: string | null;
      /** How the target was written, for messages: `Token`, `:token`, `'Am...'`. */
      readonly targetText: string;
      readonly proc: string;
      /** Selects [target?, ...args]; null when there is nothing to evaluate. */
      readonly sql: string | null;
      /** `LET x = CALL ...`: the slot receiving the return value. */
      readonly into: number | null;
      readonly line: number;
    };

export type RoutineKind = "constructor" | "procedure" | "view";

export type CompiledRoutine = {
  readonly name: string;
  readonly kind: RoutineKind;
  readonly params: ParamAbi[];
  readonly returns: SqlType | null;
  /** Parameter names first (in order), then LET variables: a statement's `:name` binds from its slot. */
  readonly slots: string[];
  readonly body: CompiledStmt[];
  readonly line: number;
  readonly columns?: string[];
};

export type TableSchema = TableAbi & {
  /** Column indexes (declaration order) of the primary key, in key order. */
  readonly pkIndexes: number[];
};

export const ARTIFACT_FORMAT = "aergosql/1";

export type ContractArtifact = {
  readonly format: typeof ARTIFACT_FORMAT;
  readonly name: string;
  /** sha256 of the source (hex): which source this artifact was compiled from. */
  readonly sourceHash: string;
  /** CREATE TABLE / CREATE INDEX statements, rewritten for SQLite, in source order. */
  readonly ddl: string[];
  readonly tables: TableSchema[];
  readonly events: EventAbi[];
  readonly constructor: CompiledRoutine | null;
  readonly procedures: CompiledRoutine[];
  readonly views: CompiledRoutine[];
  readonly mergePolicies: MergePolicyAbi[];
  /**
   * The source's `MIGRATE BEGIN … END;` statements (rewritten for SQLite), run by a redeploy
   * against the old tables; absent when the source has no MIGRATE block.
   */
  readonly migration?: ReadonlyArray<MigrationStmt>;
};

export type MigrationStmt = { readonly sql: string; readonly line: number; readonly column: number };

export type CompileResult =
  | { readonly ok: true; readonly artifact: ContractArtifact; readonly abi: ContractAbi; readonly diagnostics: Diagnostic[] }
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

// ---- runtime ---------------------------------------------------------------------------------

/** What a call knows about the transaction and block it runs in. */
export type CallContext = {
  /** The account (or, for a CALL, the calling contract) that SENDER() returns. */
  readonly sender: string;
  /** The account that signed the transaction; defaults to sender. */
  readonly origin?: string;
  /** aer sent with the call (already credited to the contract by the host); AMOUNT(). */
  readonly amount?: bigint | number | string;
  readonly blockHeight?: number;
  /** Block timestamp in milliseconds (chain convention); BLOCK_TIME() gives whole seconds. */
  readonly blockTime?: number;
  readonly txHash?: string;
  readonly branch?: string;
  /** Gas this call may use; capped by the engine's per-call limit. */
  readonly gasLimit?: number;
  /** Call depth as the host counts it (0 for a transaction); the engine adds its own nesting. */
  readonly depth?: number;
  /**
   * Wall-clock milliseconds the producer gives this transaction at admission. Past it the call
   * ends with TIME_BUDGET, which the node turns into a refusal (not a receipt), so time never
   * decides what a block holds. Never set when blocks are replayed.
   */
  readonly timeBudgetMs?: number;
};

/** Context of a deploy: the new contract's address is chosen by the host (the node). */
export type DeployContext = CallContext & { readonly contract: string };

export type SqlEvent = {
  readonly contract: string;
  readonly name: string;
  readonly args: { readonly [param: string]: SqlValue };
};

export type NativeTransfer = { readonly from: string; readonly to: string; readonly amount: bigint };

/** One row's new state in canonical encoding (see runtime/stateEncoding.ts); value null = deleted. */
export type StateChange = {
  readonly contract: string;
  readonly table: string;
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
};

export type StateEntry = { readonly table: string; readonly key: Uint8Array; readonly value: Uint8Array };

export type CallError = {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly routine?: string;
  readonly contract?: string;
};

export type CallResult = {
  readonly status: "success" | "error";
  readonly error?: CallError;
  readonly returnValue: SqlValue | SqlRow | ResultSet | null;
  readonly events: SqlEvent[];
  readonly transfers: NativeTransfer[];
  readonly gasUsed: number;
  readonly rowsWritten: number;
  /** The called contract's changes, in SQLite's changeset format (empty on error). */
  readonly changeset: Uint8Array;
  /** Every contract this call changed (CALLs included), in first-touch order. */
  readonly changesets: ReadonlyArray<{ readonly contract: string; readonly changeset: Uint8Array }>;
  /** The rows changed, in the canonical state encoding, for the state tree. */
  readonly stateChanges: StateChange[];
  /** sha256 over the changesets (contract, bytes) in order: the receipt's state-change digest. */
  readonly changesetDigest: Uint8Array;
};

/**
 * A call's result as another engine computed it over the same databases (the execution worker,
 * chain/exec/executionWorker.ts), in a form that crosses threads: what `SqlEngine.adopt` makes
 * this engine's own.
 */
export type ComputedCall = Pick<CallResult, "status" | "error" | "returnValue" | "events" | "transfers" | "gasUsed" | "rowsWritten" | "changesets"> & {
  /** A redeploy's upgraded database (its tables changed shape: no changeset describes that). */
  readonly image?: Uint8Array;
};

export type QueryResult = {
  readonly status: "success" | "error";
  readonly error?: CallError;
  /** A scalar for `RETURNS type`, else a result set. */
  readonly result: SqlValue | SqlRow | ResultSet | null;
  readonly gasUsed: number;
};

/**
 * What the engine needs from the node. Implemented by the chain (native balances, other
 * contracts); `createMemoryHost` in chain/sql/testing.ts is a small real implementation.
 */
export type SqlHost = {
  /** Native balance in aer. */
  balanceOf(address: string): bigint;
  /** Moves native aer; throws (with a sentence) to refuse, which reverts the transaction. */
  transfer(from: string, to: string, amount: bigint): void;
  /**
   * `CALL Other.proc(args)`: runs another contract with the caller contract as SENDER and
   * depth + 1. When absent, the engine calls its own contracts directly.
   */
  call?(contract: string, proc: string, args: SqlValue[], ctx: CallContext): CallResult;
  /** Resolves a contract name or address to the contract id the engine knows, or null. */
  resolveContract(nameOrAddress: string): string | null;
};
