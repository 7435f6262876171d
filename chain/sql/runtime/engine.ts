/**
 * The AergoSQL runtime: deploys compiled contracts into their own SQLite databases, runs
 * procedures as all-or-nothing transactions with metered gas, answers views, and reports
 * events, native transfers, changesets and the rows changed.
 *
 * A transaction is the call tree started by one `call` (or `deploy`): every contract database
 * it touches gets a SAVEPOINT on first touch (CALLs included, even re-entrant ones), one gas
 * meter and one event list are shared by the whole tree, and at the end every savepoint is
 * released, or, if anything failed anywhere, rolled back. A failed call is a result, never an
 * exception.
 */
import { isAddress } from "../../crypto/address.ts";
import { sha256 } from "../../crypto/hash.ts";
import { compileWith, type CompileOptions } from "../compiler/compileContract.ts";
import { checkUpgradeWith, type UpgradePlan } from "../compiler/upgrade.ts";
import {
  ARTIFACT_FORMAT,
  type CallContext,
  type CallError,
  type CallResult,
  type ComputedCall,
  type CompileResult,
  type CompiledRoutine,
  type CompiledStmt,
  type ContractAbi,
  type ContractArtifact,
  type DeployContext,
  type NativeTransfer,
  type QueryResult,
  type ResultSet,
  type SqlEvent,
  type SqlHost,
  type SqlRow,
  type SqlValue,
  type StateChange,
  type StateEntry,
} from "../types.ts";
import { abiOf } from "../compiler/compileContract.ts";
import { checkArgs, INT64_MAX, tableKeyValue, typeProblem, type ArgValue } from "./args.ts";
import type { AuthMode } from "./authorizer.ts";
import type { BuiltinSource, ContextParam } from "./builtins.ts";
import { BIND_CONTEXT, BIND_SLOT, ContractDb, type Prepared } from "./contractDb.ts";
import { ContractError, SqlErrorCode } from "./errors.ts";
import { loadAergoSqlite } from "./instance.ts";
import { CLOCK_EVERY_TICKS, DEFAULT_LIMITS, GAS, PAGE_SIZE, PROGRESS_OPS, type SqlLimits } from "./limits.ts";
import { SQLITE, type Sqlite } from "./sqlite.ts";
import { cellFromColumn, cellSize, concatCells } from "./stateEncoding.ts";
import { quoteName } from "../compiler/tables.ts";
import { sqlValueJsonBound } from "../../readBounds.ts";
import { formatCount } from "../../numberText.ts";

/**
 * deadline: the clock reading past which a view stops, or a transaction being admitted by the
 * producer (forTx; its TIME_BUDGET becomes a refusal, never a receipt); Infinity on replay, so
 * what a block holds never depends on time. timedOut: it passed.
 */
type Meter = { used: number; limit: number; ticks: number; stopped: boolean; deadline: number; timedOut: boolean; readonly forTx: boolean };

/** A transaction past its admission time budget: the node refuses it (chain/exec/applyTx.ts), never a receipt. */
const timeBudgetError = (line: number | undefined, routine: string | undefined) => new ContractError(SqlErrorCode.TimeBudget, "the transaction ran longer than the producer's time budget", line, routine);

const meterOf = (limit: number, deadline = Infinity, forTx = false): Meter => ({ used: 0, limit, ticks: 0, stopped: false, deadline, timedOut: false, forTx });

type Frame = {
  readonly c: ContractDb;
  readonly routine: CompiledRoutine;
  readonly env: ArgValue[];
  readonly ctx: Record<ContextParam, SqlValue>;
  readonly context: CallContext;
  readonly depth: number;
  readonly mode: AuthMode;
};

type Tx = {
  readonly meter: Meter;
  readonly events: SqlEvent[];
  readonly transfers: NativeTransfer[];
  readonly participants: ContractDb[];
  rowsWritten: number;
};

export type SqlEngineOptions = {
  readonly host?: SqlHost;
  readonly limits?: Partial<SqlLimits>;
  /**
   * false: no progress handler, so nothing stops runaway SQL. Only for measuring the
   * handler's cost (bench/sqlExec.ts); never on a node.
   */
  readonly metering?: boolean;
  /** Milliseconds for views' wall-time budget (limits.maxViewMs); tests inject a fake one. */
  readonly clock?: () => number;
};

export type TableRows = { readonly columns: string[]; readonly rows: SqlValue[][]; readonly total: number };

const EMPTY = new Uint8Array(0);
const EMPTY_DIGEST = sha256(EMPTY);
const enc = new TextEncoder();

/** A host with no native balances or other contracts: for pure SQL tests and simulations. */
const NO_HOST: SqlHost = {
  balanceOf: () => 0n,
  transfer: () => {
    throw new Error("native transfers are not available here");
  },
  resolveContract: () => null,
};

/** Creates an engine; loads SQLite's WebAssembly on first use in the process. */
export async function createSqlEngine(options: SqlEngineOptions = {}): Promise<SqlEngine> {
  return new SqlEngine(await loadAergoSqlite(), options);
}

export class SqlEngine {
  readonly limits: SqlLimits;
  private host: SqlHost;
  private readonly contracts = new Map<string, ContractDb>();
  private tx: Tx | null = null;
  private meter: Meter | null = null;
  private readonly frames: Frame[] = [];
  /** Counts calls that joined a running transaction (their gas and events are already counted). */
  private nestedCalls = 0;
  /** An error raised inside an SQL function callback, reported instead of SQLite's message. */
  private pendingError: ContractError | null = null;
  private readonly builtins: BuiltinSource;
  private readonly hooks: { onProgress(): number; onWrite(bytes: number): void; onFunctionGas(gas: number): boolean; builtins: BuiltinSource; metering: boolean };
  private readonly clock: () => number;

  constructor(
    readonly sqlite: Sqlite,
    options: SqlEngineOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.host = options.host ?? NO_HOST;
    this.builtins = {
      contextValue: (param) => this.frames[this.frames.length - 1]?.ctx[param] ?? null,
      balanceOf: (address) => this.balanceOf(address),
    };
    this.hooks = {
      onProgress: () => this.onProgress(),
      onWrite: (bytes) => this.onWrite(bytes),
      onFunctionGas: (gas) => this.onFunctionGas(gas),
      builtins: this.builtins,
      metering: options.metering ?? true,
    };
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Replaces the host (the node wires itself in after creating the engine). */
  setHost(host: SqlHost) {
    this.host = host;
  }

  /** Compiles a contract with this engine's SQLite (synchronous). */
  compile(source: string, options?: CompileOptions): CompileResult {
    return compileWith(this.sqlite, source, { maxSourceBytes: this.limits.maxSourceBytes, ...options });
  }

  has(contract: string): boolean {
    return this.contracts.has(contract);
  }
  contractIds(): string[] {
    return [...this.contracts.keys()];
  }
  artifact(contract: string): ContractArtifact | null {
    return this.contracts.get(contract)?.artifact ?? null;
  }
  abi(contract: string): ContractAbi | null {
    const c = this.contracts.get(contract);
    return c ? abiOf(c.artifact) : null;
  }

  // ---- gas ------------------------------------------------------------------------------------

  private onProgress(): number {
    const m = this.meter;
    if (!m) return 0;
    m.ticks++;
    if (m.used + m.ticks * PROGRESS_OPS > m.limit) {
      m.stopped = true;
      return 1;
    }
    if (m.deadline !== Infinity && m.ticks % CLOCK_EVERY_TICKS === 0 && this.overTime(m)) return 1;
    return 0;
  }

  /** A view past its wall-time budget, or a transaction past its admission budget (replays have none). */
  private overTime(m: Meter): boolean {
    if (this.clock() <= m.deadline) return false;
    m.timedOut = true;
    return true;
  }

  /**
   * Charges a metered built-in's work (runtime/functionGas.ts) the moment it is asked for, so a
   * function whose work would pass the gas left never runs; also a view's clock check, since
   * one such call can be as slow as thousands of VM steps.
   */
  private onFunctionGas(gas: number): boolean {
    const m = this.meter;
    if (!m) return true;
    m.used += gas;
    if (m.used + m.ticks * PROGRESS_OPS > m.limit) {
      m.stopped = true;
      return false;
    }
    return !(m.deadline !== Infinity && this.overTime(m));
  }

  private onWrite(bytes: number) {
    const m = this.meter;
    if (m) m.used += GAS.rowWritten + bytes * GAS.byteStored;
    if (this.tx) this.tx.rowsWritten++;
  }

  private charge(gas: number) {
    const m = this.meter!;
    m.used += gas;
    if (m.used > m.limit) {
      m.stopped = true;
      throw new ContractError(SqlErrorCode.OutOfGas, "out of gas");
    }
  }

  // ---- built-ins -----------------------------------------------------------------------------

  private balanceOf(address: string | null): SqlValue {
    const frame = this.frames[this.frames.length - 1];
    if (!frame) return null;
    const who = address ?? frame.c.id;
    try {
      this.charge(GAS.balance);
      if (!isAddress(who) && !this.contracts.has(who)) throw new ContractError(SqlErrorCode.TypeMismatch, `BALANCE needs an address; got ${JSON.stringify(who)}`);
      const b = this.host.balanceOf(who);
      if (b > INT64_MAX) throw new ContractError(SqlErrorCode.AmountOverflow, `BALANCE(${who}) is ${b} aer, more than the largest SQL integer (2^63-1)`);
      return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    } catch (e) {
      this.pendingError ??= e instanceof ContractError ? e : new ContractError(SqlErrorCode.Sql, `BALANCE failed: ${e instanceof Error ? e.message : String(e)}`);
      throw e;
    }
  }

  // ---- public entry points ------------------------------------------------------------------

  /**
   * Deploys a compiled contract under the address the host chose (`ctx.contract`) and runs its
   * constructor; on failure nothing is kept.
   * @example engine.deploy(artifact, { contract, sender, blockHeight, blockTime }, ["My Token", 1000])
   */
  deploy(artifact: ContractArtifact, ctx: DeployContext, args: unknown = []): CallResult {
    if (this.tx) return this.fail(new ContractError(SqlErrorCode.Internal, "a deploy cannot run inside another call"), 0);
    const c = this.openFresh(artifact, ctx.contract);
    if (!(c instanceof ContractDb)) return c;
    const ctor: CompiledRoutine = artifact.constructor ?? { name: "constructor", kind: "constructor", params: [], returns: null, slots: [], body: [], line: 1 };
    const result = this.transaction(c, ctor, args, ctx);
    if (result.status !== "success") {
      this.contracts.delete(ctx.contract);
      c.close();
    }
    return result;
  }

  /** A new contract's empty database at `contract`, registered; or the failed result that says why not (nothing registered). */
  private openFresh(artifact: ContractArtifact, contract: string): ContractDb | CallResult {
    const problem = artifactProblem(artifact);
    if (problem) return this.fail(new ContractError(SqlErrorCode.BadArtifact, problem), 0);
    if (this.contracts.has(contract)) return this.fail(new ContractError(SqlErrorCode.ContractExists, `a contract already exists at ${contract}`), 0);
    try {
      const c = ContractDb.open(this.sqlite, contract, artifact, this.hooks, this.limits, true);
      this.contracts.set(contract, c);
      return c;
    } catch (e) {
      return this.fail(asContractError(e), 0);
    }
  }

  /**
   * Runs a procedure (or a view, read-only) as a transaction. Inside a running transaction
   * (a CALL routed back here by the host) it joins that transaction instead.
   */
  call(contract: string, procedure: string, args: unknown, ctx: CallContext): CallResult {
    if (this.tx) return this.nestedCall(contract, procedure, args, ctx);
    const c = this.contracts.get(contract);
    if (!c) return this.fail(new ContractError(SqlErrorCode.UnknownContract, `there is no contract at ${contract}`), 0);
    const routine = c.procedures.get(procedure) ?? c.views.get(procedure);
    if (!routine) return this.fail(new ContractError(SqlErrorCode.UnknownProcedure, `${c.artifact.name} has no procedure ${procedure}`), 0);
    return this.transaction(c, routine, args, ctx);
  }

  /**
   * Runs a view: read-only, no transaction, its own gas limit. `ctx.timeBudgetMs` below the
   * view budget (limits.maxViewMs) is a slice: past it the view ends with TIME_BUDGET, and the
   * node runs it again on its execution worker with the whole budget.
   */
  query(contract: string, view: string, args: unknown = [], ctx: Partial<CallContext> = {}): QueryResult {
    const c = this.contracts.get(contract);
    const sliced = ctx.timeBudgetMs !== undefined && ctx.timeBudgetMs < this.limits.maxViewMs;
    // A view outside a transaction is not consensus: it also stops on the node's clock.
    const meter = meterOf(this.limits.maxViewGas, this.tx === null ? this.clock() + (sliced ? ctx.timeBudgetMs! : this.limits.maxViewMs) : Infinity);
    const outer = this.meter;
    this.meter = meter;
    const depth = this.frames.length;
    try {
      if (!c) throw new ContractError(SqlErrorCode.UnknownContract, `there is no contract at ${contract}`);
      const routine = c.views.get(view);
      if (!routine) throw new ContractError(SqlErrorCode.UnknownView, `${c.artifact.name} has no view ${view}`);
      if (sliced && ctx.timeBudgetMs! <= 0) {
        meter.timedOut = true;
        throw timeBudgetError(undefined, view);
      }
      const env = this.args(routine, args);
      const full: CallContext = { sender: "", ...ctx };
      const frame = this.frame(c, routine, env, full, 0);
      if (this.tx === null) this.sqlite.clockMs = full.blockTime ?? 0;
      const result = this.invoke(frame);
      return { status: "success", result, gasUsed: meter.used };
    } catch (e) {
      const err = sliced && meter.timedOut ? timeBudgetError(undefined, view) : asContractError(e);
      return { status: "error", error: toCallError(err, c), result: null, gasUsed: meter.stopped ? meter.limit : Math.min(meter.used, meter.limit) };
    } finally {
      this.frames.length = depth;
      this.meter = outer;
    }
  }

  /**
   * Replaces a deployed contract's code with `artifact`, keeping its rows: the upgrade plan
   * (compiler/upgrade.ts: ADD COLUMN, new tables and indexes, or the MIGRATE block) runs on a
   * copy of the database, so a failure anywhere leaves the contract exactly as it was. The rows
   * the plan changed (every row of a table that gained a column, say) come back as state
   * changes, found by comparing the contract's state entries before and after. Gas: the SQL's
   * VM steps, a statement fee per step, and the row-write fees for every changed row.
   * `checked`: the plan the caller already had `checkUpgradeWith` make for this contract's code
   * and `artifact` (the node checks at admission; the check runs SQL on scratch databases).
   */
  redeploy(contract: string, artifact: ContractArtifact, ctx: CallContext, checked?: UpgradePlan): CallResult {
    if (this.tx) return this.fail(new ContractError(SqlErrorCode.Internal, "a redeploy cannot run inside a call"), 0);
    const old = this.contracts.get(contract);
    if (!old) return this.fail(new ContractError(SqlErrorCode.UnknownContract, `there is no contract at ${contract}`), 0);
    const problem = artifactProblem(artifact);
    if (problem) return this.fail(new ContractError(SqlErrorCode.BadArtifact, problem), 0);
    const plan = checked ?? checkUpgradeWith(this.sqlite, old.artifact, artifact);
    if (!plan.ok) {
      const d = plan.diagnostics[0]!;
      return this.fail(new ContractError(SqlErrorCode.MigrationFailed, d.message, d.line || undefined, "MIGRATE"), 0);
    }
    const limit = Math.max(0, Math.min(ctx.gasLimit ?? this.limits.maxGasPerCall, this.limits.maxGasPerCall));
    const meter = meterOf(limit, ctx.timeBudgetMs === undefined ? Infinity : this.clock() + ctx.timeBudgetMs, true);
    let c: ContractDb | null = null;
    this.meter = meter;
    try {
      const before = this.stateEntries(contract);
      c = ContractDb.open(this.sqlite, contract, artifact, this.hooks, this.limits, false);
      this.sqlite.deserialize(c.db, this.sqlite.serialize(old.db));
      c.reapplyLimits();
      // Rows are compared afterwards; the recorder knows only the new tables' layout.
      c.recorder.active = false;
      this.sqlite.clockMs = ctx.blockTime ?? 0;
      this.sqlite.reseed();
      for (const step of plan.steps) {
        this.charge(GAS.statement);
        c.authorizer.mode = "migrate";
        c.authorizer.denial = null;
        const err = this.sqlite.exec(c.db, step.sql);
        c.authorizer.mode = "trusted";
        const denial = c.authorizer.takeDenial();
        if (meter.timedOut) throw timeBudgetError(step.line || undefined, "MIGRATE");
        if (meter.stopped) throw new ContractError(SqlErrorCode.OutOfGas, "out of gas", step.line || undefined, "MIGRATE");
        if (err) throw new ContractError(SqlErrorCode.MigrationFailed, denial?.message ?? err, step.line || undefined, "MIGRATE");
      }
      this.contracts.set(contract, c);
      const after = this.stateEntries(contract);
      const stateChanges = diffEntries(contract, before, after);
      for (const s of stateChanges) this.charge(GAS.rowWritten + (s.value?.length ?? 0) * GAS.byteStored);
      c.recorder.active = true;
      old.close();
      return new SuccessResult(null, [], [], meter.used, stateChanges.length, EMPTY, [], stateChanges);
    } catch (e) {
      this.contracts.set(contract, old);
      c?.close();
      // The meter stops whatever runs under it, the rows read before and after the migration
      // included (SQLite then says only "interrupted"): a stop for time is the producer's budget,
      // which never becomes a receipt (a replay has none), and a stop for gas is out of gas.
      const said = e instanceof ContractError && (e.code === SqlErrorCode.TimeBudget || e.code === SqlErrorCode.OutOfGas);
      const error = said ? e : meter.timedOut ? timeBudgetError(undefined, "MIGRATE") : meter.stopped ? new ContractError(SqlErrorCode.OutOfGas, "out of gas", undefined, "MIGRATE") : asContractError(e);
      return this.fail(error, meter.stopped ? meter.limit : Math.min(meter.used, meter.limit), old);
    } finally {
      this.meter = null;
    }
  }

  // ---- transactions --------------------------------------------------------------------------

  private args(routine: CompiledRoutine, args: unknown): ArgValue[] {
    try {
      return checkArgs(routine.params, args, this.limits);
    } catch (e) {
      const err = asContractError(e);
      throw new ContractError(err.code, err.reason, undefined, routine.name);
    }
  }

  private frame(c: ContractDb, routine: CompiledRoutine, env: ArgValue[], context: CallContext, depth: number): Frame {
    const amount = toAmount(context.amount);
    const ctx: Record<ContextParam, SqlValue> = {
      $sender: context.sender || null,
      $origin: context.origin ?? (context.sender || null),
      $self: c.id,
      $amount: amount,
      $height: context.blockHeight ?? 0,
      $time: Math.floor((context.blockTime ?? 0) / 1000),
      $txhash: context.txHash ?? null,
      $branch: context.branch ?? "main",
    };
    return { c, routine, env, ctx, context, depth, mode: routine.kind === "view" ? "read" : "write" };
  }

  private join(c: ContractDb) {
    if (c.inTx) return;
    c.begin();
    this.tx!.participants.push(c);
  }

  private transaction(c: ContractDb, routine: CompiledRoutine, args: unknown, ctx: CallContext): CallResult {
    // No time at all: nothing runs (the node's pool sends every call to its execution worker this way).
    if (ctx.timeBudgetMs !== undefined && ctx.timeBudgetMs <= 0) return this.fail(timeBudgetError(undefined, routine.name), 0, c);
    const limit = Math.max(0, Math.min(ctx.gasLimit ?? this.limits.maxGasPerCall, this.limits.maxGasPerCall));
    const meter = meterOf(limit, ctx.timeBudgetMs === undefined ? Infinity : this.clock() + ctx.timeBudgetMs, true);
    const tx: Tx = { meter, events: [], transfers: [], participants: [], rowsWritten: 0 };
    this.tx = tx;
    this.meter = meter;
    try {
      const env = this.args(routine, args);
      const frame = this.frame(c, routine, env, ctx, ctx.depth ?? 0);
      this.sqlite.clockMs = ctx.blockTime ?? 0;
      this.sqlite.reseed();
      this.join(c);
      const returnValue = this.invoke(frame);
      // Whatever the contract made of an interrupted statement (a caught CALL failure), a
      // transaction that ran out of admission time must not reach a receipt.
      if (meter.timedOut) throw timeBudgetError(undefined, routine.name);
      const changesets: { contract: string; changeset: Uint8Array }[] = [];
      const stateChanges: StateChange[] = [];
      for (const p of tx.participants) {
        if (p.recorder.broken) throw new ContractError(SqlErrorCode.Internal, `the change log of ${p.id} failed: ${p.recorder.broken}`);
        const r = p.recorder.finish(p.id);
        if (r.changeset.length) changesets.push({ contract: p.id, changeset: r.changeset });
        for (const s of r.stateChanges) stateChanges.push(s);
      }
      // A deferred foreign key would fail at RELEASE, after other databases committed: check first.
      for (const p of tx.participants) {
        if (p.hasDeferredConstraints && p.pendingDeferredViolations()) throw new ContractError(SqlErrorCode.Constraint, "FOREIGN KEY constraint failed", undefined, routine.name);
      }
      for (const p of tx.participants) p.commit();
      return new SuccessResult(returnValue, tx.events, tx.transfers, meter.used, tx.rowsWritten, changesets.find((x) => x.contract === c.id)?.changeset ?? EMPTY, changesets, stateChanges);
    } catch (e) {
      for (let i = tx.participants.length - 1; i >= 0; i--) tx.participants[i]!.rollback();
      const err = meter.timedOut ? timeBudgetError(undefined, routine.name) : asContractError(e);
      return this.fail(err, meter.stopped ? meter.limit : Math.min(meter.used, meter.limit), c);
    } finally {
      for (const p of tx.participants) {
        p.inTx = false;
        p.recorder.reset();
      }
      this.tx = null;
      this.meter = null;
      this.frames.length = 0;
      this.pendingError = null;
    }
  }

  private nestedCall(contract: string, procedure: string, args: unknown, ctx: CallContext): CallResult {
    const tx = this.tx!;
    this.nestedCalls++;
    const startGas = tx.meter.used;
    const startEvents = tx.events.length;
    const startTransfers = tx.transfers.length;
    const depth = this.frames.length;
    let result: CallResult;
    let c: ContractDb | undefined;
    try {
      c = this.contracts.get(contract);
      if (!c) throw new ContractError(SqlErrorCode.UnknownContract, `there is no contract at ${contract}`);
      const routine = c.procedures.get(procedure) ?? c.views.get(procedure);
      if (!routine) throw new ContractError(SqlErrorCode.UnknownProcedure, `${c.artifact.name} has no procedure ${procedure}`);
      const d = ctx.depth ?? depth;
      if (d > this.limits.maxCallDepth) throw new ContractError(SqlErrorCode.CallDepth, `the call depth limit of ${this.limits.maxCallDepth} is reached`);
      const env = this.args(routine, args);
      const frame = this.frame(c, routine, env, ctx, d);
      if (routine.kind !== "view") this.join(c);
      const returnValue = this.invoke(frame);
      result = {
        status: "success",
        returnValue,
        events: tx.events.slice(startEvents),
        transfers: tx.transfers.slice(startTransfers),
        gasUsed: tx.meter.used - startGas,
        rowsWritten: 0,
        changeset: EMPTY,
        changesets: [],
        stateChanges: [],
        changesetDigest: EMPTY_DIGEST,
      };
    } catch (e) {
      result = this.fail(asContractError(e), tx.meter.used - startGas, c);
    } finally {
      this.frames.length = depth;
    }
    return result;
  }

  private fail(err: ContractError, gasUsed: number, c?: ContractDb): CallResult {
    return {
      status: "error",
      error: toCallError(err, c),
      returnValue: null,
      events: [],
      transfers: [],
      gasUsed,
      rowsWritten: 0,
      changeset: EMPTY,
      changesets: [],
      stateChanges: [],
      changesetDigest: EMPTY_DIGEST,
    };
  }

  // ---- the interpreter -----------------------------------------------------------------------

  private invoke(frame: Frame): SqlValue | SqlRow | ResultSet | null {
    this.frames.push(frame);
    try {
      const done = this.exec(frame.routine.body, frame);
      const value = done ? done.value : null;
      const { returns } = frame.routine;
      if (returns && value !== null && (typeof value !== "object" || value instanceof Uint8Array)) {
        const problem = typeProblem(returns, value);
        if (problem) throw new ContractError(SqlErrorCode.TypeMismatch, `the returned value ${describeValue(value)} is ${problem}`, done?.line, frame.routine.name);
      }
      return value;
    } finally {
      this.frames.pop();
    }
  }

  /** Runs statements; returns the RETURN value when one ran. */
  private exec(body: readonly CompiledStmt[], f: Frame): { value: SqlValue | SqlRow | ResultSet | null; line: number } | null {
    for (const s of body) {
      switch (s.op) {
        case "exec":
          this.run(s, s.sql, f, s.line, 0);
          break;
        case "require":
          if (this.run(s, s.sql, f, s.line, 1) !== 1) throw new ContractError(SqlErrorCode.RequireFailed, s.message, s.line, f.routine.name);
          break;
        case "let":
          f.env[s.slot] = this.run(s, s.sql, f, s.line, 1) as SqlValue;
          break;
        case "if": {
          let taken = false;
          for (const arm of s.arms) {
            if (this.run(arm, arm.sql, f, arm.line, 1) === 1) {
              taken = true;
              const r = this.exec(arm.body, f);
              if (r) return r;
              break;
            }
          }
          if (!taken) {
            const r = this.exec(s.otherwise, f);
            if (r) return r;
          }
          break;
        }
        case "emit":
          this.emit(s, f);
          break;
        case "transfer":
          this.transfer(s, f);
          break;
        case "return": {
          if (s.sql === null) return { value: null, line: s.line };
          const shape = s.shape === "scalar" ? 1 : s.shape === "row" ? 2 : 3;
          return { value: this.run(s, s.sql, f, s.line, shape) as SqlValue | SqlRow | ResultSet, line: s.line };
        }
        case "call":
          this.callOther(s, f);
          break;
      }
    }
    return null;
  }

  /**
   * Executes one statement. want: 0 = run to the end, 1 = first column of the first row,
   * 2 = first row as an object, 3 = all rows, 4 = first row as an array.
   */
  private run(key: object, sql: string, f: Frame, line: number, want: 0 | 1 | 2 | 3 | 4): SqlValue | SqlRow | ResultSet | SqlValue[] | null {
    const { sqlite } = this;
    const x = sqlite.x;
    let p: Prepared;
    try {
      p = f.c.prepared(key as CompiledStmt, sql, f.routine, f.mode);
    } catch (e) {
      const err = asContractError(e);
      throw new ContractError(err.code, err.reason, line, f.routine.name);
    }
    const stmt = p.stmt;
    for (let k = 0; k < p.n; k++) {
      const kind = p.kinds[k];
      let v: ArgValue | undefined;
      if (kind === BIND_SLOT) v = f.env[p.slots[k]!];
      else if (kind === BIND_CONTEXT) v = f.ctx[p.names[k] as ContextParam];
      else v = (f.env[p.slots[k]!] as SqlRow | null | undefined)?.[p.names[k]!] ?? null;
      if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) v = null;
      sqlite.bind(stmt, k + 1, v as SqlValue);
    }
    const m = this.meter!;
    m.ticks = 0;
    if (m.deadline !== Infinity && this.overTime(m)) throw this.sqlFailure(SQLITE.INTERRUPT, "", line, f);
    let result: SqlValue | SqlRow | ResultSet | SqlValue[] | null = null;
    let rc = x.sqlite3_step(stmt);
    if (rc === SQLITE.ROW) {
      if (want === 1) result = sqlite.column(stmt, 0);
      else if (want === 2 || want === 4) {
        const row: SqlValue[] = new Array(p.columns);
        for (let i = 0; i < p.columns; i++) row[i] = sqlite.column(stmt, i);
        if (want === 4) result = row;
        else {
          const names = sqlite.columnNames(stmt);
          const obj: Record<string, SqlValue> = {};
          names.forEach((n, i) => (obj[n] = row[i]!));
          result = obj;
        }
      } else if (want === 3) {
        const columns = sqlite.columnNames(stmt);
        const rows: SqlValue[][] = [];
        let bytes = 0;
        while (rc === SQLITE.ROW) {
          if (rows.length >= this.limits.maxResultRows) {
            x.sqlite3_reset(stmt);
            this.chargeStatement(stmt);
            throw new ContractError(SqlErrorCode.ResultTooLarge, `the result has more than ${formatCount(this.limits.maxResultRows)} rows; add a LIMIT`, line, f.routine.name);
          }
          const row: SqlValue[] = new Array(p.columns);
          for (let i = 0; i < p.columns; i++) bytes += sqlValueJsonBound((row[i] = sqlite.column(stmt, i)));
          // Counted while collecting, so an oversized result is refused before it is held.
          if (bytes > this.limits.maxResultBytes) {
            x.sqlite3_reset(stmt);
            this.chargeStatement(stmt);
            throw new ContractError(SqlErrorCode.ResultTooLarge, `the result is larger than ${formatCount(this.limits.maxResultBytes)} bytes; add a LIMIT or return fewer columns`, line, f.routine.name);
          }
          rows.push(row);
          rc = x.sqlite3_step(stmt);
        }
        result = { columns, rows };
      } else {
        while (rc === SQLITE.ROW) rc = x.sqlite3_step(stmt);
      }
    } else if (want === 3) result = { columns: sqlite.columnNames(stmt), rows: [] };
    if (rc !== SQLITE.ROW && rc !== SQLITE.DONE) {
      const message = sqlite.errmsg(f.c.db);
      x.sqlite3_reset(stmt);
      try {
        this.chargeStatement(stmt);
      } catch {
        // out of gas while failing: the failure below says so
      }
      throw this.sqlFailure(rc, message, line, f);
    }
    x.sqlite3_reset(stmt);
    this.chargeStatement(stmt);
    return result;
  }

  /** Adds a finished statement's VM steps to the meter (rows written were charged as they happened). */
  private chargeStatement(stmt: number) {
    const steps = this.sqlite.x.sqlite3_stmt_status(stmt, SQLITE.STMTSTATUS_VM_STEP, 1);
    this.charge(steps * GAS.vmStep + GAS.statement);
  }

  private sqlFailure(rc: number, message: string, line: number, f: Frame): ContractError {
    const routine = f.routine.name;
    const pending = this.pendingError;
    this.pendingError = null;
    if (this.meter?.timedOut && this.meter.forTx) {
      return timeBudgetError(line, routine);
    }
    if (this.meter?.timedOut) {
      return new ContractError(SqlErrorCode.ViewTimeout, `the view ran longer than its ${formatCount(this.limits.maxViewMs)} ms budget; add a LIMIT or an index, or do less per row`, line, routine);
    }
    if (this.meter?.stopped || (rc & 0xff) === SQLITE.INTERRUPT) return new ContractError(SqlErrorCode.OutOfGas, "out of gas", line, routine);
    if (pending) return new ContractError(pending.code, pending.reason, line, routine);
    switch (rc & 0xff) {
      case SQLITE.CONSTRAINT:
        return new ContractError(SqlErrorCode.Constraint, message, line, routine);
      case SQLITE.TOOBIG:
        return new ContractError(SqlErrorCode.RowTooLarge, `a value or row is larger than ${formatCount(this.limits.maxRowBytes)} bytes`, line, routine);
      case SQLITE.FULL:
        return new ContractError(SqlErrorCode.DatabaseFull, `the contract's database is full (limit ${formatCount(this.limits.maxDbBytes / 1048576)} MiB)`, line, routine);
      default:
        return new ContractError(SqlErrorCode.Sql, message, line, routine);
    }
  }

  private emit(s: Extract<CompiledStmt, { op: "emit" }>, f: Frame) {
    const tx = this.tx;
    if (!tx) throw new ContractError(SqlErrorCode.NotAuthorized, "EMIT needs a transaction", s.line, f.routine.name);
    const ev = f.c.events.get(s.event);
    if (!ev) throw new ContractError(SqlErrorCode.BadArtifact, `unknown event ${s.event}`, s.line, f.routine.name);
    if (tx.events.length >= this.limits.maxEventsPerTx) {
      throw new ContractError(SqlErrorCode.TooManyEvents, `a transaction emits at most ${this.limits.maxEventsPerTx} events`, s.line, f.routine.name);
    }
    const row = ev.params.length ? (this.run(s, s.sql, f, s.line, 4) as SqlValue[] | null) ?? [] : (this.run(s, s.sql, f, s.line, 0), []);
    const args: Record<string, SqlValue> = {};
    let bytes = 0;
    for (let i = 0; i < ev.params.length; i++) {
      const param = ev.params[i]!;
      const v = row[i] ?? null;
      const problem = typeProblem(param.type, v);
      if (problem) throw new ContractError(SqlErrorCode.TypeMismatch, `EMIT ${ev.name}: argument ${param.name} (${describeValue(v)}) is ${problem}`, s.line, f.routine.name);
      const size = cellSize(v);
      if (size > this.limits.maxEventArgBytes) {
        throw new ContractError(SqlErrorCode.EventTooLarge, `EMIT ${ev.name}: argument ${param.name} is ${formatCount(size)} bytes; the limit is ${formatCount(this.limits.maxEventArgBytes)}`, s.line, f.routine.name);
      }
      bytes += size;
      args[param.name] = v;
    }
    this.charge(GAS.event + bytes * GAS.eventByte);
    tx.events.push({ contract: f.c.id, name: ev.name, args });
  }

  private transfer(s: Extract<CompiledStmt, { op: "transfer" }>, f: Frame) {
    const tx = this.tx;
    if (!tx) throw new ContractError(SqlErrorCode.NotAuthorized, "TRANSFER needs a transaction", s.line, f.routine.name);
    const [to, amount] = (this.run(s, s.sql, f, s.line, 4) as SqlValue[] | null) ?? [null, null];
    if (typeof to !== "string" || !isAddress(to)) throw new ContractError(SqlErrorCode.TypeMismatch, `TRANSFER needs a valid address; got ${describeValue(to ?? null)}`, s.line, f.routine.name);
    if (!((typeof amount === "number" && Number.isInteger(amount)) || typeof amount === "bigint") || amount < 0) {
      throw new ContractError(SqlErrorCode.TypeMismatch, `TRANSFER needs a whole non-negative amount of aer; got ${describeValue(amount ?? null)}`, s.line, f.routine.name);
    }
    this.charge(GAS.transfer);
    const value = BigInt(amount);
    try {
      this.host.transfer(f.c.id, to, value);
    } catch (e) {
      throw new ContractError(SqlErrorCode.TransferFailed, `TRANSFER failed: ${e instanceof Error ? e.message : String(e)}`, s.line, f.routine.name);
    }
    tx.transfers.push({ from: f.c.id, to, amount: value });
  }

  private callOther(s: Extract<CompiledStmt, { op: "call" }>, f: Frame) {
    const tx = this.tx;
    const routine = f.routine.name;
    if (!tx) throw new ContractError(SqlErrorCode.NotAuthorized, "CALL needs a transaction", s.line, routine);
    const values = s.sql ? ((this.run(s, s.sql, f, s.line, 4) as SqlValue[] | null) ?? []) : [];
    const rawTarget = s.target ?? values.shift() ?? null;
    if (typeof rawTarget !== "string") throw new ContractError(SqlErrorCode.TypeMismatch, `CALL needs a contract name or address; got ${describeValue(rawTarget)}`, s.line, routine);
    const target = this.host.resolveContract(rawTarget) ?? (this.contracts.has(rawTarget) ? rawTarget : null);
    if (!target) throw new ContractError(SqlErrorCode.UnknownContract, `CALL ${s.targetText}.${s.proc}: there is no contract ${rawTarget}`, s.line, routine);
    const depth = f.depth + 1;
    if (depth > this.limits.maxCallDepth) throw new ContractError(SqlErrorCode.CallDepth, `CALL ${s.targetText}.${s.proc}: the call depth limit of ${this.limits.maxCallDepth} is reached`, s.line, routine);
    this.charge(GAS.call);
    const ctx: CallContext = {
      ...f.context,
      sender: f.c.id,
      origin: f.ctx.$origin as string,
      amount: 0n,
      depth,
      gasLimit: this.meter!.limit - this.meter!.used,
    };
    const joined = this.nestedCalls;
    const result = this.host.call ? this.host.call(target, s.proc, values, ctx) : this.call(target, s.proc, values, ctx);
    if (this.nestedCalls === joined) {
      // A contract the host ran itself: count its gas and events here.
      this.charge(Math.max(0, result.gasUsed | 0));
      if (result.status === "success") for (const e of result.events) tx.events.push(e);
    }
    if (result.status !== "success") {
      const err = result.error;
      if (err?.code === SqlErrorCode.OutOfGas) throw new ContractError(SqlErrorCode.OutOfGas, "out of gas", s.line, routine);
      if (err?.code === SqlErrorCode.CallDepth) throw new ContractError(SqlErrorCode.CallDepth, err.message, s.line, routine);
      throw new ContractError(SqlErrorCode.CallFailed, `CALL ${s.targetText}.${s.proc} failed: ${err?.message ?? "unknown error"}`, s.line, routine);
    }
    if (s.into !== null) {
      const v = result.returnValue;
      if (v !== null && typeof v === "object" && !(v instanceof Uint8Array)) {
        throw new ContractError(SqlErrorCode.TypeMismatch, `LET … = CALL ${s.targetText}.${s.proc}: only a single value can be stored, not a row or a result set`, s.line, routine);
      }
      f.env[s.into] = v;
    }
  }

  // ---- state, browsing, snapshots ------------------------------------------------------------

  private requireContract(contract: string): ContractDb {
    const c = this.contracts.get(contract);
    if (!c) throw new ContractError(SqlErrorCode.UnknownContract, `there is no contract at ${contract}`);
    return c;
  }

  /** Runs a trusted query (the engine's own) and hands each row to `row`; `row` answering false stops it. */
  private each(c: ContractDb, sql: string, binds: SqlValue[], row: (stmt: number) => unknown) {
    const { sqlite } = this;
    const r = sqlite.prepare(c.db, sql, false);
    if ("error" in r) throw new ContractError(SqlErrorCode.Internal, r.error);
    try {
      binds.forEach((v, i) => sqlite.bind(r.stmt, i + 1, v));
      let rc: number;
      while ((rc = sqlite.x.sqlite3_step(r.stmt)) === SQLITE.ROW) {
        if (row(r.stmt) === false) {
          rc = SQLITE.DONE;
          break;
        }
      }
      if (rc !== SQLITE.DONE) throw new ContractError(SqlErrorCode.Internal, sqlite.errmsg(c.db));
    } finally {
      sqlite.x.sqlite3_finalize(r.stmt);
    }
  }

  /**
   * Rows of a table in primary-key order, for explorers. With `visit`, each row goes to it instead
   * of into `rows`, and reading stops when it answers false: a caller that bounds a page by bytes
   * never holds more than it keeps (chain/readBounds.ts).
   * @throws ContractError UNKNOWN_CONTRACT, UNKNOWN_TABLE
   */
  tableRows(contract: string, table: string, opts: { limit?: number; offset?: number; visit?: (row: SqlValue[]) => boolean } = {}): TableRows {
    const c = this.requireContract(contract);
    const t = c.tables.get(table.toLowerCase());
    if (!t) throw new ContractError(SqlErrorCode.UnknownTable, `${c.artifact.name} has no table ${table}`);
    const limit = Math.max(0, Math.min(opts.limit ?? 100, this.limits.maxResultRows));
    const offset = Math.max(0, opts.offset ?? 0);
    const order = t.primaryKey.map(quoteName).join(", ");
    const rows: SqlValue[][] = [];
    this.each(c, `SELECT * FROM ${quoteName(t.name)} ORDER BY ${order} LIMIT ?1 OFFSET ?2`, [limit, offset], (stmt) => {
      const row: SqlValue[] = [];
      for (let i = 0; i < t.columns.length; i++) row.push(this.sqlite.column(stmt, i));
      if (opts.visit) return opts.visit(row);
      rows.push(row);
    });
    let total = 0;
    this.each(c, `SELECT count(*) FROM ${quoteName(t.name)}`, [], (stmt) => (total = Number(this.sqlite.column(stmt, 0))));
    return { columns: t.columns.map((col) => col.name), rows, total };
  }

  /**
   * One cell of the row whose primary key is `key` (values in key order, as table browsing shows
   * them: numbers or decimal strings, text, 0x-hex blobs), or undefined when no row has that key.
   * @throws ContractError UNKNOWN_CONTRACT, UNKNOWN_TABLE, BAD_ARGUMENT (no such column, a key of the wrong shape)
   */
  tableCell(contract: string, table: string, column: string, key: readonly unknown[]): { value: SqlValue } | undefined {
    const c = this.requireContract(contract);
    const t = c.tables.get(table.toLowerCase());
    if (!t) throw new ContractError(SqlErrorCode.UnknownTable, `${c.artifact.name} has no table ${table}`);
    const col = t.columns.find((x) => x.name.toLowerCase() === column.toLowerCase());
    if (!col) throw new ContractError(SqlErrorCode.BadArgument, `${t.name} has no column ${column} (columns: ${t.columns.map((x) => x.name).join(", ")})`);
    if (key.length !== t.pkIndexes.length) throw new ContractError(SqlErrorCode.BadArgument, `the key of ${t.name} is ${t.pkIndexes.length} value${t.pkIndexes.length === 1 ? "" : "s"} (${t.primaryKey.join(", ")}); ${key.length} given`);
    const binds = t.pkIndexes.map((ci, k) => tableKeyValue(t.columns[ci]!, key[k], this.limits));
    const where = t.pkIndexes.map((ci, k) => `${quoteName(t.columns[ci]!.name)} = ?${k + 1}`).join(" AND ");
    let found: { value: SqlValue } | undefined;
    this.each(c, `SELECT ${quoteName(col.name)} FROM ${quoteName(t.name)} WHERE ${where}`, binds, (stmt) => {
      found = { value: this.sqlite.column(stmt, 0) };
      return false;
    });
    return found;
  }

  /**
   * Every row of every table in canonical encoding (runtime/stateEncoding.ts), sorted by table
   * name then key bytes: the contract's part of the state tree.
   */
  stateEntries(contract: string): StateEntry[] {
    const c = this.requireContract(contract);
    const out: StateEntry[] = [];
    const tables = [...c.artifact.tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const t of tables) {
      const entries: StateEntry[] = [];
      this.each(c, `SELECT * FROM ${quoteName(t.name)}`, [], (stmt) => {
        const cells: Uint8Array[] = [];
        for (let i = 0; i < t.columns.length; i++) cells.push(cellFromColumn(this.sqlite, stmt, i));
        const key = t.pkIndexes.length === 1 ? cells[t.pkIndexes[0]!]! : concatCells(t.pkIndexes.map((i) => cells[i]!));
        entries.push({ table: t.name, key, value: concatCells(cells) });
      });
      entries.sort((a, b) => compareBytes(a.key, b.key));
      out.push(...entries);
    }
    return out;
  }

  /** The size of the contract's database file in bytes (what `snapshot` would copy). */
  databaseBytes(contract: string): number {
    const c = this.requireContract(contract);
    let pages = 0;
    this.each(c, "PRAGMA page_count", [], (stmt) => (pages = Number(this.sqlite.column(stmt, 0))));
    return pages * PAGE_SIZE;
  }

  /** The contract's database file (SQLite's own format): persist it, restore it later. */
  snapshot(contract: string): Uint8Array {
    return this.withSnapshotView(contract, (view) => view.slice());
  }

  /** `use` reads the contract's database file in place (a view valid only during the call; no engine call inside). */
  withSnapshotView<T>(contract: string, use: (view: Uint8Array) => T): T {
    const c = this.requireContract(contract);
    if (c.inTx) throw new ContractError(SqlErrorCode.Internal, "cannot snapshot a contract in the middle of a transaction");
    return this.sqlite.withSerialized(c.db, use);
  }

  /**
   * Replaces a contract's database with a snapshot; a contract this engine does not hold yet
   * needs its artifact. Inside a transaction only a contract this engine does not hold yet can be
   * opened (it takes no part in the transaction until called): the execution worker opens a
   * CALL's target when the call reaches it.
   * @throws ContractError BAD_ARTIFACT when the snapshot does not hold the artifact's tables.
   */
  restore(contract: string, bytes: Uint8Array, artifact?: ContractArtifact): void {
    if (this.tx && this.contracts.has(contract)) throw new ContractError(SqlErrorCode.Internal, "cannot restore in the middle of a transaction");
    // Opening is the engine's own work, never the running call's gas.
    const meter = this.meter;
    this.meter = null;
    try {
      let c = this.contracts.get(contract);
      const art = artifact ?? c?.artifact;
      if (!art) throw new ContractError(SqlErrorCode.BadArtifact, `restoring ${contract} needs its artifact`);
      const problem = artifactProblem(art);
      if (problem) throw new ContractError(SqlErrorCode.BadArtifact, problem);
      if (c && artifact && c.artifact !== artifact) {
        this.drop(contract);
        c = undefined;
      }
      const fresh = !c;
      if (!c) c = ContractDb.open(this.sqlite, contract, art, this.hooks, this.limits, false);
      try {
        c.finalizeAll();
        this.sqlite.deserialize(c.db, bytes);
        c.reapplyLimits();
        const names = new Set<string>();
        this.each(c, "SELECT name FROM sqlite_schema WHERE type = 'table'", [], (stmt) => names.add(String(this.sqlite.column(stmt, 0)).toLowerCase()));
        const missing = art.tables.filter((t) => !names.has(t.name.toLowerCase()));
        if (missing.length) throw new ContractError(SqlErrorCode.BadArtifact, `the snapshot has no table ${missing.map((t) => t.name).join(", ")}`);
      } catch (e) {
        if (fresh) c.close();
        else this.drop(contract);
        throw e instanceof ContractError ? e : new ContractError(SqlErrorCode.BadArtifact, `the snapshot was refused: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.contracts.set(contract, c);
    } finally {
      this.meter = meter;
    }
  }

  /** Forgets a contract and frees its database. */
  drop(contract: string) {
    const c = this.contracts.get(contract);
    if (!c) return;
    this.contracts.delete(contract);
    c.close();
  }

  /** Inverts a changeset (SQLite's sqlite3changeset_invert): applying it undoes the original. */
  invertChangeset(changeset: Uint8Array): Uint8Array {
    if (!changeset.length) return EMPTY;
    const { sqlite } = this;
    const { capi, wasm } = sqlite;
    const p = sqlite.x.sqlite3_malloc(changeset.length);
    wasm.heap8u().set(changeset, p);
    const stack = wasm.pstack.pointer;
    try {
      const pn = wasm.pstack.alloc("i32") as unknown as number;
      const pp = wasm.pstack.alloc("*") as unknown as number;
      const rc = capi.sqlite3changeset_invert(changeset.length, p, pn, pp);
      if (rc !== 0) throw new ContractError(SqlErrorCode.BadArgument, `the changeset is malformed (SQLite code ${rc})`);
      const out = wasm.peekPtr(pp) as unknown as number;
      const bytes = wasm.heap8u().slice(out, out + (wasm.peek32(pn) as number));
      sqlite.x.sqlite3_free(out);
      return bytes;
    } finally {
      wasm.pstack.restore(stack);
      sqlite.x.sqlite3_free(p);
    }
  }

  /**
   * Applies a changeset to a contract's database (an undo, or replaying another branch's
   * changes), all or nothing: any conflict aborts. Returns the rows it changed.
   */
  applyChangeset(contract: string, changeset: Uint8Array): { stateChanges: StateChange[]; changeset: Uint8Array } {
    if (this.tx) throw new ContractError(SqlErrorCode.Internal, "cannot apply a changeset in the middle of a transaction");
    const c = this.requireContract(contract);
    if (!changeset.length) return { stateChanges: [], changeset: EMPTY };
    const { sqlite } = this;
    const { capi, wasm } = sqlite;
    c.begin();
    const p = sqlite.x.sqlite3_malloc(changeset.length);
    wasm.heap8u().set(changeset, p);
    let conflict = false;
    try {
      const apply = capi.sqlite3changeset_apply as unknown as (db: number, n: number, p: number, xFilter: number, xConflict: (ctx: number, kind: number, iter: number) => number, ctx: number) => number;
      const rc = apply(c.db, changeset.length, p, 0, () => {
        conflict = true;
        return 2; // SQLITE_CHANGESET_ABORT
      }, 0);
      if (rc !== 0 || conflict) throw new ContractError(SqlErrorCode.Constraint, conflict ? "the changeset conflicts with the contract's current rows" : `the changeset could not be applied: ${sqlite.errmsg(c.db)}`);
      if (c.recorder.broken) throw new ContractError(SqlErrorCode.Internal, c.recorder.broken);
      const r = c.recorder.finish(c.id);
      c.commit();
      return { stateChanges: r.stateChanges, changeset: r.changeset };
    } catch (e) {
      c.rollback();
      throw e;
    } finally {
      c.recorder.reset();
      sqlite.x.sqlite3_free(p);
    }
  }

  /**
   * Makes a call computed by another engine over the same databases this engine's own (the
   * execution worker, chain/exec/executionWorker.ts): its native transfers go through this
   * engine's host in order, its changesets into the databases, and the result is what `call`
   * would have returned. A failed call changes nothing and comes back as it is. All or nothing:
   * a changeset that does not apply undoes the ones before it.
   * @throws ContractError INTERNAL when the outcome does not fit these databases (never for an outcome computed on them).
   */
  adopt(contract: string, outcome: ComputedCall): CallResult {
    if (this.tx) throw new ContractError(SqlErrorCode.Internal, "cannot adopt a call in the middle of a transaction");
    if (outcome.status !== "success") return { ...outcome, changeset: EMPTY, changesets: [], stateChanges: [], changesetDigest: EMPTY_DIGEST };
    for (const t of outcome.transfers) this.host.transfer(t.from, t.to, t.amount);
    const applied: { contract: string; changeset: Uint8Array }[] = [];
    const stateChanges: StateChange[] = [];
    try {
      for (const { contract, changeset } of outcome.changesets) {
        const r = this.applyChangeset(contract, changeset);
        applied.push({ contract, changeset: r.changeset });
        for (const c of r.stateChanges) stateChanges.push(c);
      }
    } catch (e) {
      for (const a of applied.reverse()) this.applyChangeset(a.contract, this.invertChangeset(a.changeset));
      throw new ContractError(SqlErrorCode.Internal, `the computed call does not fit this contract's rows: ${e instanceof Error ? e.message : String(e)}`);
    }
    const target = outcome.changesets.find((x) => x.contract === contract)?.changeset ?? EMPTY;
    return new SuccessResult(outcome.returnValue, outcome.events, outcome.transfers, outcome.gasUsed, outcome.rowsWritten, target, outcome.changesets, stateChanges);
  }

  /**
   * Makes a deploy computed by another engine (the execution worker ran the constructor on a
   * fresh database of the same artifact) this engine's own: the contract's database is created
   * here as `deploy` creates it, then the outcome is adopted as `adopt` does. A failed deploy
   * creates nothing and comes back as it is.
   * @throws ContractError INTERNAL when the outcome does not fit the fresh database (never for one computed from this artifact).
   */
  adoptDeploy(artifact: ContractArtifact, ctx: DeployContext, outcome: ComputedCall): CallResult {
    if (this.tx) throw new ContractError(SqlErrorCode.Internal, "cannot adopt a deploy in the middle of a transaction");
    if (outcome.status !== "success") return this.adopt(ctx.contract, outcome);
    const c = this.openFresh(artifact, ctx.contract);
    if (!(c instanceof ContractDb)) return c;
    try {
      return this.adopt(ctx.contract, outcome);
    } catch (e) {
      this.contracts.delete(ctx.contract);
      c.close();
      throw e;
    }
  }

  /**
   * Makes a redeploy computed by another engine (the execution worker upgraded a copy of this
   * contract's database to `artifact`) this engine's own: the upgraded database replaces the
   * contract's, and the result is what `redeploy` would have returned (its row changes diffed
   * here, its gas the worker's). A failed redeploy changes nothing and comes back as it is.
   */
  adoptRedeploy(contract: string, artifact: ContractArtifact, outcome: ComputedCall): CallResult {
    if (this.tx) throw new ContractError(SqlErrorCode.Internal, "cannot adopt a redeploy in the middle of a transaction");
    const old = this.contracts.get(contract);
    if (!old) return this.fail(new ContractError(SqlErrorCode.UnknownContract, `there is no contract at ${contract}`), 0);
    if (outcome.status !== "success") return this.adopt(contract, outcome);
    if (!outcome.image) throw new ContractError(SqlErrorCode.Internal, "the computed redeploy carries no database");
    let c: ContractDb | null = null;
    try {
      const before = this.stateEntries(contract);
      c = ContractDb.open(this.sqlite, contract, artifact, this.hooks, this.limits, false);
      this.sqlite.deserialize(c.db, outcome.image);
      c.reapplyLimits();
      this.contracts.set(contract, c);
      const stateChanges = diffEntries(contract, before, this.stateEntries(contract));
      old.close();
      return new SuccessResult(null, [], [], outcome.gasUsed, stateChanges.length, EMPTY, [], stateChanges);
    } catch (e) {
      this.contracts.set(contract, old);
      c?.close();
      throw new ContractError(SqlErrorCode.Internal, `the computed redeploy does not fit this contract: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The whole row whose primary key is `key` (exact values, in key order), or undefined. */
  tableRow(contract: string, table: string, key: readonly SqlValue[]): SqlValue[] | undefined {
    const c = this.requireContract(contract);
    const t = c.tables.get(table.toLowerCase());
    if (!t) throw new ContractError(SqlErrorCode.UnknownTable, `${c.artifact.name} has no table ${table}`);
    const where = t.pkIndexes.map((ci, k) => `${quoteName(t.columns[ci]!.name)} = ?${k + 1}`).join(" AND ");
    let found: SqlValue[] | undefined;
    this.each(c, `SELECT * FROM ${quoteName(t.name)} WHERE ${where}`, [...key], (stmt) => {
      found = t.columns.map((_, i) => this.sqlite.column(stmt, i));
      return false;
    });
    return found;
  }

  /**
   * Writes whole rows by primary key (a consistent merge's outcome), all or nothing: a row is
   * updated, inserted or (cells null) deleted, and every constraint is checked as in a transaction.
   * @throws ContractError CONSTRAINT naming the row whose write broke a constraint; nothing is written then.
   */
  writeRows(contract: string, writes: ReadonlyArray<{ readonly table: string; readonly key: readonly SqlValue[]; readonly cells: readonly SqlValue[] | null }>): StateChange[] {
    if (this.tx) throw new ContractError(SqlErrorCode.Internal, "cannot write rows in the middle of a transaction");
    const c = this.requireContract(contract);
    if (!writes.length) return [];
    const { sqlite } = this;
    c.begin();
    try {
      for (const w of writes) {
        const t = c.tables.get(w.table.toLowerCase());
        if (!t) throw new ContractError(SqlErrorCode.UnknownTable, `${c.artifact.name} has no table ${w.table}`);
        const where = t.pkIndexes.map((ci, k) => `${quoteName(t.columns[ci]!.name)} = ?${k + 1}`).join(" AND ");
        let sql: string;
        let binds: SqlValue[];
        if (w.cells === null) {
          sql = `DELETE FROM ${quoteName(t.name)} WHERE ${where}`;
          binds = [...w.key];
        } else {
          // One upsert on the primary key: any other constraint a row breaks still fails it.
          const rest = t.columns.filter((_, i) => !t.pkIndexes.includes(i)).map((col) => `${quoteName(col.name)} = excluded.${quoteName(col.name)}`);
          const pk = t.pkIndexes.map((ci) => quoteName(t.columns[ci]!.name)).join(", ");
          sql = `INSERT INTO ${quoteName(t.name)} (${t.columns.map((col) => quoteName(col.name)).join(", ")}) VALUES (${t.columns.map((_, i) => `?${i + 1}`).join(", ")}) ON CONFLICT (${pk}) DO ${rest.length ? `UPDATE SET ${rest.join(", ")}` : "NOTHING"}`;
          binds = [...w.cells];
        }
        const r = sqlite.prepare(c.db, sql, false);
        if ("error" in r) throw new ContractError(SqlErrorCode.Internal, r.error);
        try {
          binds.forEach((v, i) => sqlite.bind(r.stmt, i + 1, v));
          const rc = sqlite.x.sqlite3_step(r.stmt);
          if (rc !== SQLITE.DONE) throw new ContractError(SqlErrorCode.Constraint, `${t.name} ${JSON.stringify(w.key.map((v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? "blob" : v)))}: ${sqlite.errmsg(c.db)}`);
        } finally {
          sqlite.x.sqlite3_finalize(r.stmt);
        }
      }
      if (c.recorder.broken) throw new ContractError(SqlErrorCode.Internal, c.recorder.broken);
      const recorded = c.recorder.finish(c.id);
      c.commit();
      return recorded.stateChanges;
    } catch (e) {
      c.rollback();
      throw e;
    } finally {
      c.recorder.reset();
    }
  }

  /** Closes every contract database. */
  close() {
    for (const id of [...this.contracts.keys()]) this.drop(id);
  }
}

// ---- helpers -----------------------------------------------------------------------------------

/** A successful transaction's result; the digest is hashed on first read (replays may never ask). */
class SuccessResult implements CallResult {
  readonly status = "success" as const;
  private digestCache: Uint8Array | null = null;
  constructor(
    readonly returnValue: SqlValue | SqlRow | ResultSet | null,
    readonly events: SqlEvent[],
    readonly transfers: NativeTransfer[],
    readonly gasUsed: number,
    readonly rowsWritten: number,
    readonly changeset: Uint8Array,
    readonly changesets: ReadonlyArray<{ readonly contract: string; readonly changeset: Uint8Array }>,
    readonly stateChanges: StateChange[],
  ) {}
  get changesetDigest(): Uint8Array {
    return (this.digestCache ??= digest(this.changesets));
  }
  toJSON() {
    const { digestCache: _, ...rest } = this;
    return { ...rest, changesetDigest: this.changesetDigest };
  }
}

function asContractError(e: unknown): ContractError {
  if (e instanceof ContractError) return e;
  return new ContractError(SqlErrorCode.Internal, e instanceof Error ? e.message : String(e));
}

function toCallError(err: ContractError, c?: ContractDb): CallError {
  return {
    code: err.code,
    message: err.formatted,
    ...(err.line ? { line: err.line } : {}),
    ...(err.routine ? { routine: err.routine } : {}),
    ...(c ? { contract: c.id } : {}),
  };
}

function toAmount(v: CallContext["amount"]): number | bigint {
  if (v === undefined || v === null) return 0;
  let b: bigint;
  try {
    b = BigInt(v);
  } catch {
    throw new ContractError(SqlErrorCode.BadArgument, `the amount sent (${String(v)}) is not a whole number of aer`);
  }
  if (b < 0n) throw new ContractError(SqlErrorCode.BadArgument, "the amount sent cannot be negative");
  if (b > INT64_MAX) throw new ContractError(SqlErrorCode.AmountOverflow, `the amount sent (${b} aer) is more than AMOUNT() can hold (2^63-1 aer)`);
  return b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function describeValue(v: SqlValue): string {
  if (v === null) return "NULL";
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (v instanceof Uint8Array) return `a ${v.length}-byte BLOB`;
  return String(v);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** sha256 over (u32 len ‖ contract ‖ u32 len ‖ changeset) for each contract, in order. */
function digest(changesets: readonly { contract: string; changeset: Uint8Array }[]): Uint8Array {
  if (!changesets.length) return EMPTY_DIGEST;
  const parts: Uint8Array[] = [];
  for (const { contract, changeset } of changesets) {
    const id = enc.encode(contract);
    const head = new Uint8Array(4);
    new DataView(head.buffer).setUint32(0, id.length);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, changeset.length);
    parts.push(head, id, len, changeset);
  }
  return sha256(...parts);
}

/** The rows that differ between two sorted state-entry lists (value null: gone). */
function diffEntries(contract: string, before: StateEntry[], after: StateEntry[]): StateChange[] {
  const id = (e: StateEntry) => `${e.table.toLowerCase()}\u0000${Array.from(e.key, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  const old = new Map(before.map((e) => [id(e), e]));
  const out: StateChange[] = [];
  for (const e of after) {
    const prior = old.get(id(e));
    old.delete(id(e));
    // A table renamed only in case is another state key: drop the old one.
    if (prior && prior.table !== e.table) out.push({ contract, table: prior.table, key: prior.key, value: null });
    if (!prior || compareBytes(prior.value, e.value) !== 0 || prior.table !== e.table) out.push({ contract, table: e.table, key: e.key, value: e.value });
  }
  for (const e of old.values()) out.push({ contract, table: e.table, key: e.key, value: null });
  return out;
}

/** A quick shape check of an artifact from outside (a store, a peer). */
function artifactProblem(a: ContractArtifact): string | null {
  if (!a || typeof a !== "object") return "the artifact is not an object";
  if (a.format !== ARTIFACT_FORMAT) return `the artifact format is ${String(a.format)}, not ${ARTIFACT_FORMAT}`;
  if (!Array.isArray(a.ddl) || !Array.isArray(a.tables) || !Array.isArray(a.procedures) || !Array.isArray(a.views) || !Array.isArray(a.events)) return "the artifact is incomplete";
  return null;
}
