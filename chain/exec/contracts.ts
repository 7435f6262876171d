import { contractAddressOf, decodeAddress } from "../crypto/address.ts";
import { bytesKey, sha256, utf8Bytes, utf8String } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import type { Account } from "../state/account.ts";
import { putRowPreimage } from "../state/preimages.ts";
import { createSparseMerkleTree, EMPTY_ROOT } from "../state/smt.ts";
import type { PendingState } from "../state/worldState.ts";
import { checkUpgradeWith, rowStateKey, rowValueHash, type CallResult, type CompileResult, type ComputedCall, type ContractAbi, type ContractArtifact, type SqlEngine, type SqlValue, type StateChange, type UpgradePlan } from "../sql/index.ts";
import type { EventJSON } from "../types.ts";
import type { SignedTx } from "../tx/tx.ts";
import { snapshotKey, sourceKey, type ContractCode } from "./contractHistory.ts";
import { getContractImage, putContractImage, type ContractImage } from "./contractImages.ts";
import type { CallJob, CallJobHost, ViewJob } from "./executionWorker.ts";
import { parseCallPayload, parseDeployPayload, parseRedeployPayload, type CallPayload, type DeployPayload } from "./contractPayload.ts";
import { compileForChain, eventsToJSON, nativeHost, txCallContext, viewHost, type BlockCallContext, type NativeLedger } from "./contractTx.ts";

export { fromSqlAmount, sqlValueToJSON, toSqlAmount, type BlockCallContext } from "./contractTx.ts";

/** A row a block's transaction wrote: its state key and the (last) transaction that wrote it. */
export type RowWriter = { readonly stateKey: Uint8Array; readonly txHash: string };

export type ContractCallOutcome = {
  readonly result: CallResult;
  readonly contractAddress: string | null;
};

/** A redeploy that passed its checks, with the upgrade plan they made (the engine runs it without checking again). */
export type PreparedRedeploy = { readonly source: string; readonly artifact: ContractArtifact; readonly abi: ContractAbi; readonly plan: UpgradePlan };

/** An upgrade check made elsewhere (the execution worker): from the deployed source to the new one. */
export type UpgradeChecked = { readonly from: string; readonly plan: UpgradePlan };

export type PreparedDeploy = { readonly payload: DeployPayload; readonly compiled: { readonly artifact: ContractArtifact; readonly abi: ContractAbi } };

const CREATOR_PREFIX = utf8Bytes("aergo/contract-creator:");
/** Compile results kept by source (a deploy is prepared up to three times; the pool may compile it on the worker first). */
const COMPILED_SOURCES_KEPT = 8;

/**
 * The node's side of AergoSQL: runs deploys and calls against the pending state (native AERGO
 * moves through PendingState scopes, so a revert undoes them), keeps every contract's rows in its
 * own sparse Merkle tree (the storage root in the contract account) and a version of its
 * database per storage root (chain/exec/contractImages.ts), which is how a view reads any past
 * height.
 */
export function createContractRuntime(opts: { engine: SqlEngine; store: NodeStore; codeOf?: (codeHash: Uint8Array) => ContractCode | null }) {
  const { engine, store } = opts;
  const smt = createSparseMerkleTree(store);
  const artifacts = new Map<string, { artifact: ContractArtifact; abi: ContractAbi; source: string }>();
  /** Rows changed by this pending block, per contract, last write wins. */
  let blockChanges = new Map<string, Map<string, ChangedRow>>();
  let deployedInBlock: string[] = [];
  /** Contracts whose code changed in this block: they get a new snapshot even with no row changed. */
  let redeployedInBlock: string[] = [];
  let state: PendingState | null = null;
  /**
   * The version of each contract's database last stored or read here: a seal stores only the
   * pages that differ from it. Held per runtime (one store), so its pages are known stored.
   */
  const stored = new Map<string, ContractImage>();

  // Native AERGO lives in the pending state: the host reads and moves balances there.
  const ledger: NativeLedger = {
    balanceOf: (address) => requireState().get(address).balance,
    setBalance(address, aer) {
      const s = requireState();
      s.set(address, { ...s.get(address), balance: aer });
    },
  };
  const txHost = nativeHost(() => ledger, engine);
  engine.setHost(txHost);

  function requireState(): PendingState {
    if (!state) throw new Error("no transaction is running");
    return state;
  }

  const creatorKey = (contract: string) => sha256(CREATOR_PREFIX, decodeAddress(contract));
  const creatorOf = (contract: string): string | null => {
    const bytes = store.get(creatorKey(contract));
    return bytes ? utf8String(bytes) : null;
  };

  // Compiled sources, newest kept: a deploy moved to the execution worker is prepared again for its
  // job and its adoption, and the pool may have had the worker compile it first (`rememberCompiled`):
  // compiling holds this thread ~1–4 ms for the examples and ~0.1–0.4 s for a 128 KiB source.
  const compiledSources = newestKept<string, CompileResult>(COMPILED_SOURCES_KEPT);
  const compileOrThrow = (source: string) => compileForChain({ compile: (s) => compiledSources.get(s) ?? compiledSources.set(s, engine.compile(s)) }, source);

  // Upgrade checks by new source, with the deployed source they were made from: a redeploy is
  // prepared at its turn and again for its worker job, and the engine's redeploy would check once
  // more; each check runs the schemas and the MIGRATE block on scratch databases (~5–12 ms). The
  // plan depends on the two sources alone (same compiler, same limits), so one made on the worker
  // serves here.
  const upgradePlans = newestKept<string, UpgradeChecked>(COMPILED_SOURCES_KEPT);
  const upgradePlan = (current: ContractCode, to: string, artifact: ContractArtifact) => {
    const kept = upgradePlans.get(to);
    return kept?.from === current.source ? kept.plan : upgradePlans.set(to, { from: current.source, plan: checkUpgradeWith(engine.sqlite, current.artifact, artifact) }).plan;
  };

  /** Runs `body` with the pending state bound; the caller holds the transaction's scope. */
  function withState<T>(s: PendingState, body: () => T): T {
    state = s;
    try {
      return body();
    } finally {
      state = null;
    }
  }

  function recordChanges(result: Pick<CallResult, "stateChanges">, txHash: string | null) {
    for (const change of result.stateChanges) {
      let rows = blockChanges.get(change.contract);
      if (!rows) blockChanges.set(change.contract, (rows = new Map()));
      const id = `${change.table}\u0000${bytesKey(change.key)}`;
      // A row's state key is hashed when the block first writes it, by the thread that ran the
      // transaction (a parallel share ships it back), not in the seal's pause.
      const stateKey = rows.get(id)?.stateKey ?? rowStateKey(change.contract, change.table, change.key);
      rows.set(id, { change, writer: txHash, stateKey, valueHash: undefined });
    }
  }

  /** How the node answers a job on the execution worker: balances from the pending state, other contracts as they are here. */
  const jobHost = (s: PendingState): CallJobHost => ({
    balanceOf: (address) => s.get(address).balance,
    contract: (address) => (engine.has(address) ? { database: engine.snapshot(address), artifact: engine.artifact(address)! } : null),
  });

  return {
    /** Keeps a source's compile result made elsewhere (the execution worker: same compiler, same limits) for its deploy or redeploy. */
    rememberCompiled(source: string, result: CompileResult, upgrade?: UpgradeChecked) {
      compiledSources.set(source, result);
      if (upgrade) upgradePlans.set(source, upgrade);
    },
    /** The engine's limits (what a compile elsewhere must use to give the same result). */
    get limits() {
      return engine.limits;
    },

    /** Checks a deploy before it runs (compiles; the source must be valid to be included). */
    prepareDeploy(tx: SignedTx): PreparedDeploy {
      const payload = parseDeployPayload(tx.payload);
      return { payload, compiled: compileOrThrow(payload.source) };
    },

    prepareCall(tx: SignedTx) {
      const payload = parseCallPayload(tx.payload);
      if (!tx.to || !engine.has(tx.to)) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${tx.to ?? "(no recipient)"}.`);
      return payload;
    },

    /**
     * Deploys inside the transaction's scope. The amount moves to the contract before the
     * constructor runs and comes back if it fails (the inner scope is dropped).
     */
    deploy(s: PendingState, tx: SignedTx, prepared: PreparedDeploy, block: BlockCallContext, gasLimit: number, computed?: ComputedCall): ContractCallOutcome {
      const address = contractAddressOf(tx.from, tx.nonce);
      const { artifact, abi } = prepared.compiled;
      const codeHash = sha256(utf8Bytes(prepared.payload.source));
      const result = withState(s, () => {
        let outcome: CallResult | null = null;
        try {
          s.atomically(() => {
            const sender = s.get(tx.from);
            s.set(tx.from, { ...sender, balance: sender.balance - tx.amount });
            s.set(address, { balance: tx.amount, nonce: 0, staked: 0n, votes: [], contract: { codeHash, storageRoot: EMPTY_ROOT } });
            const ctx = { ...txCallContext(tx, block, gasLimit), contract: address };
            outcome = computed ? engine.adoptDeploy(artifact, ctx, computed) : engine.deploy(artifact, ctx, prepared.payload.args);
            if (outcome.status !== "success") throw outcome;
          });
        } catch (e) {
          if (e !== outcome) throw e;
        }
        return outcome!;
      });
      if (result.status === "success") {
        artifacts.set(address, { artifact, abi, source: prepared.payload.source });
        store.put(sourceKey(codeHash), utf8Bytes(prepared.payload.source));
        store.put(creatorKey(address), utf8Bytes(tx.from));
        deployedInBlock.push(address);
        recordChanges(result, tx.hashText);
      }
      return { result, contractAddress: result.status === "success" ? address : null };
    },

    /**
     * Runs a call inside the transaction's scope, or adopts `computed`, the same call's result
     * from the execution worker (executionWorker.ts), which changes the databases and balances
     * exactly as running it here would.
     */
    call(s: PendingState, tx: SignedTx, payload: CallPayload, block: BlockCallContext, gasLimit: number, computed?: ComputedCall): ContractCallOutcome {
      const contract = tx.to!;
      const result = withState(s, () => {
        let outcome: CallResult | null = null;
        try {
          s.atomically(() => {
            if (tx.amount > 0n) {
              const sender = s.get(tx.from);
              s.set(tx.from, { ...sender, balance: sender.balance - tx.amount });
              const c = s.get(contract);
              s.set(contract, { ...c, balance: c.balance + tx.amount });
            }
            outcome = computed ? engine.adopt(contract, computed) : engine.call(contract, payload.procedure, payload.args, txCallContext(tx, block, gasLimit));
            if (outcome.status !== "success") throw outcome;
          });
        } catch (e) {
          if (e !== outcome) throw e;
        }
        return outcome!;
      });
      if (result.status === "success") recordChanges(result, tx.hashText);
      return { result, contractAddress: null };
    },

    /** The execution worker's job for a redeploy: the contract's database as the pending state holds it, upgraded there. */
    redeployJob(s: PendingState, tx: SignedTx, prepared: PreparedRedeploy, block: BlockCallContext, gasLimit: number): { job: CallJob; host: CallJobHost } {
      const contract = tx.to!;
      const job: CallJob = {
        contract,
        upgradeTo: prepared.artifact,
        procedure: "",
        args: [],
        context: txCallContext(tx, block, gasLimit),
        limits: engine.limits,
        database: engine.snapshot(contract),
        artifact: engine.artifact(contract)!,
        amount: 0n,
      };
      return { job, host: jobHost(s) };
    },

    /** The execution worker's job for a deploy: its constructor on a fresh database at the address it creates. */
    deployJob(s: PendingState, tx: SignedTx, prepared: PreparedDeploy, block: BlockCallContext, gasLimit: number): { job: CallJob; host: CallJobHost } {
      const job: CallJob = {
        contract: contractAddressOf(tx.from, tx.nonce),
        deploy: true,
        procedure: "",
        args: prepared.payload.args,
        context: txCallContext(tx, block, gasLimit),
        limits: engine.limits,
        database: new Uint8Array(0),
        artifact: prepared.compiled.artifact,
        amount: tx.amount,
      };
      return { job, host: jobHost(s) };
    },

    /**
     * The execution worker's job for a call (`s` the pending state before the transaction) and
     * how the node answers its questions while it runs: balances from `s`, a CALL's target from
     * this runtime's live databases. Nothing changes here.
     */
    callJob(s: PendingState, tx: SignedTx, payload: CallPayload, block: BlockCallContext, gasLimit: number): { job: CallJob; host: CallJobHost } {
      const contract = tx.to!;
      const job: CallJob = {
        contract,
        procedure: payload.procedure,
        args: payload.args,
        context: txCallContext(tx, block, gasLimit),
        limits: engine.limits,
        database: engine.snapshot(contract),
        artifact: engine.artifact(contract)!,
        amount: tx.amount,
      };
      return { job, host: jobHost(s) };
    },

    /**
     * Commits the block's row changes: each touched contract gets a new storage root in its
     * account, and its database is kept as a snapshot under that root.
     * @returns the contracts deployed in this block (for the node's list of contracts) and, per
     * row a transaction wrote, that transaction (the last one to write it; row history reads it).
     */
    seal(s: PendingState): { deployed: string[]; writers: RowWriter[] } {
      const writers: RowWriter[] = [];
      for (const address of [...deployedInBlock, ...redeployedInBlock]) if (!blockChanges.has(address)) blockChanges.set(address, new Map());
      for (const [contract, rows] of blockChanges) {
        const account = s.get(contract);
        if (!account.contract) continue;
        const changes = [...rows.values()].map(({ change: c, writer, stateKey: key, valueHash: shipped }): readonly [Uint8Array, Uint8Array | null] => {
          if (writer) writers.push({ stateKey: key, txHash: writer });
          // (contract, table, primary key) behind the key hash, so that a state diff can name the row.
          putRowPreimage(store, key, c.contract, c.table, c.key);
          if (!c.value) return [key, null];
          const valueHash = shipped ?? rowValueHash(c.value);
          store.put(valueHash, c.value);
          return [key, valueHash];
        });
        const storageRoot = smt.update(account.contract.storageRoot, changes);
        // Read in SQLite's heap: only the changed pages are copied out, into the last version's
        // buffer, which is forgotten first (a failure half-way leaves it neither version).
        const key = snapshotKey(contract, storageRoot);
        const previous = stored.get(contract) ?? null;
        stored.delete(contract);
        stored.set(contract, engine.withSnapshotView(contract, (file) => putContractImage(store, key, file, previous, true)));
        s.set(contract, { ...account, contract: { ...account.contract, storageRoot } });
      }
      const deployed = deployedInBlock;
      blockChanges = new Map();
      deployedInBlock = [];
      redeployedInBlock = [];
      return { deployed, writers };
    },

    /**
     * The storage root each contract touched in this pending block would get at seal, computed
     * into `nodes` (a scratch layer): nothing of the runtime or its store changes. A merge's
     * preview shows the state root it leaves with it.
     */
    storageRootsAfter(s: PendingState, nodes: NodeStore): Map<string, Uint8Array> {
      const scratch = createSparseMerkleTree(nodes);
      const roots = new Map<string, Uint8Array>();
      for (const address of new Set([...deployedInBlock, ...redeployedInBlock, ...blockChanges.keys()])) {
        const account = s.get(address);
        if (!account.contract) continue;
        const changes = [...(blockChanges.get(address) ?? new Map<string, ChangedRow>()).values()].map((r): readonly [Uint8Array, Uint8Array | null] => [r.stateKey, r.valueHash ?? (r.change.value ? rowValueHash(r.change.value) : null)]);
        roots.set(address, scratch.update(account.contract.storageRoot, changes));
      }
      return roots;
    },

    /** Opens contracts from their snapshots at the head (node restart, a branch's first write). */
    restore(contracts: readonly string[], readHead: (address: string) => Account) {
      for (const address of contracts) {
        const account = readHead(address);
        if (account.contract) open(address, account.contract);
      }
    },

    /** The target's row by primary key, as a consistent merge reads it. */
    row: (address: string, table: string, key: readonly SqlValue[]) => (engine.has(address) ? engine.tableRow(address, table, key) : undefined),

    /**
     * Takes a contract whole from another branch (a consistent merge): its code and database as
     * of the account's storage root; sealed with the block like a deploy (or a redeploy when the
     * contract is already here).
     */
    adopt(s: PendingState, address: string, account: Account) {
      if (!account.contract) throw new ChainError(ErrorCode.BadRequest, `${address} is not a contract.`);
      const existed = engine.has(address);
      open(address, account.contract);
      s.set(address, account);
      (existed ? redeployedInBlock : deployedInBlock).push(address);
    },

    /**
     * Writes a consistent merge's rows into a contract (all or nothing) and records them with the
     * block's changes. @throws ContractError CONSTRAINT when a row would break the table's rules.
     */
    writeRows(address: string, writes: ReadonlyArray<{ readonly table: string; readonly key: readonly SqlValue[]; readonly cells: readonly SqlValue[] | null }>) {
      const stateChanges = engine.writeRows(address, writes);
      recordChanges({ stateChanges }, null);
      return stateChanges.length;
    },

    has: (address: string) => engine.has(address),
    /** What moving the contract's database to the execution worker copies (bytes); 0 when there is no contract there. */
    databaseBytes: (address: string) => (engine.has(address) ? engine.databaseBytes(address) : 0),
    /** The contract's compiled code as this runtime holds it, or null when it holds no contract there. */
    code: (address: string): ContractCode | null => artifacts.get(address) ?? null,

    /** How many contracts this pending block has changed rows of so far (a parallel run orders them by it). */
    changedContractCount: () => blockChanges.size,

    /**
     * This pending block's row changes, per contract in the order they were first changed, with
     * the transaction that wrote each row last: what a parallel group hands back (blockParallel.ts).
     */
    blockChangeLog(): BlockChangeLog {
      // The rows' last values are final here (a group's rows are its own): their hashes are taken
      // on this thread too, so the seal that absorbs the log hashes nothing of them.
      return [...blockChanges].map(([contract, rows]) => ({
        contract,
        rows: [...rows].map(([id, r]) => [id, { ...r, valueHash: r.valueHash ?? (r.change.value ? rowValueHash(r.change.value) : null) }] as const),
      }));
    },

    /**
     * Takes in what other runtimes executed for this pending block: their databases after the run
     * (replacing these contracts' databases) and their row changes, in the order a sequential run
     * would have recorded them, so that seal gives the same roots, snapshots and writers.
     */
    absorbBlockRun(run: { readonly databases: ReadonlyArray<readonly [string, Uint8Array]>; readonly changes: BlockChangeLog }) {
      for (const [address, bytes] of run.databases) engine.restore(address, bytes);
      for (const { contract, rows } of run.changes) {
        let own = blockChanges.get(contract);
        if (!own) blockChanges.set(contract, (own = new Map()));
        for (const [id, row] of rows) own.set(id, row);
      }
    },

    info(address: string) {
      const a = artifacts.get(address);
      return a ? { name: a.abi.name, abi: a.abi, source: a.source } : null;
    },

    /**
     * Runs a view on the latest state (past heights: chain/exec/contractHistory.ts); BALANCE()
     * reads `balanceOf` (aer), the branch's latest balances. `timeBudgetMs`: a slice (engine.query).
     */
    query(address: string, view: string, args: unknown, read: { balanceOf: (address: string) => bigint; timeBudgetMs?: number }) {
      if (!artifacts.has(address)) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${address}.`);
      engine.setHost(viewHost(read.balanceOf));
      try {
        return engine.query(address, view, args, read.timeBudgetMs === undefined ? {} : { timeBudgetMs: read.timeBudgetMs });
      } finally {
        engine.setHost(txHost);
      }
    },

    /** The execution worker's job for a view on the latest state, as `query` runs it (nothing changes). */
    viewJob(address: string, view: string, args: unknown): ViewJob {
      if (!artifacts.has(address)) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${address}.`);
      return { contract: address, view, args, context: {}, limits: engine.limits, database: engine.snapshot(address), artifact: engine.artifact(address)! };
    },

    /** Rows of a table; with `page.visit`, handed to it one by one until it answers false (engine.tableRows). */
    tableRows(address: string, table: string, page: { limit?: number; offset?: number; visit?: (row: SqlValue[]) => boolean }) {
      tableOf(address, table);
      return engine.tableRows(address, table, page);
    },

    /** One cell of the row with primary key `key`, or undefined when there is no such row. */
    tableCell(address: string, table: string, column: string, key: readonly unknown[]) {
      tableOf(address, table);
      return engine.tableCell(address, table, column, key);
    },

    /** The account that deployed the contract (the only one allowed to redeploy it); null if unknown. */
    creatorOf,

    /**
     * Checks a redeploy before it runs: only the deployer may, the source must compile, and the
     * upgrade must be allowed (additive, or a MIGRATE block the compiler accepts).
     * @throws ChainError NOT_FOUND, FORBIDDEN, INVALID_PAYLOAD (with the diagnostics), INVALID_AMOUNT
     */
    prepareRedeploy(tx: SignedTx): PreparedRedeploy {
      const payload = parseRedeployPayload(tx.payload);
      const current = tx.to ? artifacts.get(tx.to) : undefined;
      if (!tx.to || !current || !engine.has(tx.to)) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${tx.to ?? "(no recipient)"}.`);
      if (tx.amount !== 0n) throw new ChainError(ErrorCode.InvalidAmount, "A redeploy carries no amount.");
      const creator = creatorOf(tx.to);
      if (creator !== tx.from) throw new ChainError(ErrorCode.Forbidden, `Only the account that deployed ${current.abi.name} (${creator ?? "unknown"}) can redeploy it.`);
      const compiled = compileOrThrow(payload.source);
      const plan = upgradePlan(current, payload.source, compiled.artifact);
      if (!plan.ok) {
        const first = plan.diagnostics[0]!;
        throw new ChainError(ErrorCode.InvalidPayload, `The new source cannot replace ${current.abi.name}: ${first.message}`, { diagnostics: plan.diagnostics.slice(0, 20) });
      }
      return { source: payload.source, artifact: compiled.artifact, abi: compiled.abi, plan };
    },

    /**
     * Replaces the contract's code inside the transaction's scope: the account's code hash
     * becomes the new source's, the tables are upgraded (all or nothing), and the changed rows
     * join the block's changes; a failed migration is a receipt with status error, nothing changed.
     */
    redeploy(s: PendingState, tx: SignedTx, prepared: PreparedRedeploy, block: BlockCallContext, gasLimit: number, computed?: ComputedCall): ContractCallOutcome {
      const contract = tx.to!;
      const codeHash = sha256(utf8Bytes(prepared.source));
      const result = withState(s, () => {
        // With the producer's time budget, as a call: a migration past it is refused (or, past the slice, moved to the worker).
        const outcome = computed ? engine.adoptRedeploy(contract, prepared.artifact, computed) : engine.redeploy(contract, prepared.artifact, txCallContext(tx, block, gasLimit), prepared.plan);
        if (outcome.status === "success") {
          const account = s.get(contract);
          if (account.contract) s.set(contract, { ...account, contract: { ...account.contract, codeHash } });
        }
        return outcome;
      });
      if (result.status === "success") {
        artifacts.set(contract, { artifact: prepared.artifact, abi: prepared.abi, source: prepared.source });
        store.put(sourceKey(codeHash), utf8Bytes(prepared.source));
        redeployedInBlock.push(contract);
        recordChanges(result, tx.hashText);
      }
      return { result, contractAddress: null };
    },

    eventsToJSON: (result: CallResult): EventJSON[] => eventsToJSON(result),
    /** The SQL engine holding this runtime's live databases (closed by its owner when replaced). */
    engine,
  };

  /** Opens a contract into the engine as of its storage root (code and database from the store). */
  function open(address: string, contract: NonNullable<Account["contract"]>) {
    const code = opts.codeOf?.(contract.codeHash) ?? codeFromStore(contract.codeHash);
    const image = getContractImage(store, snapshotKey(address, contract.storageRoot), stored.get(address) ?? null);
    if (!code || !image) throw new ChainError(ErrorCode.StoreCorrupt, `The code or state of contract ${address} is missing from the store.`);
    engine.restore(address, image.bytes, code.artifact);
    stored.set(address, image);
    artifacts.set(address, { artifact: code.artifact, abi: code.abi, source: code.source });
  }

  function codeFromStore(codeHash: Uint8Array): ContractCode | null {
    const bytes = store.get(sourceKey(codeHash));
    if (!bytes) return null;
    const source = utf8String(bytes);
    return { ...compileOrThrow(source), source };
  }

  /** The deployed contract holding `table`. @throws ChainError NOT_FOUND */
  function tableOf(address: string, table: string) {
    const a = artifacts.get(address);
    if (!a) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${address}.`);
    if (!a.abi.tables.some((t) => t.name.toLowerCase() === table.toLowerCase())) throw new ChainError(ErrorCode.NotFound, `${a.abi.name} has no table ${table}.`);
    return a;
  }
}

export type ContractRuntime = ReturnType<typeof createContractRuntime>;

/** A pending block's row changes per contract (first changed first), each row with the transaction that wrote it last (null: a merge). */
/**
 * A row the pending block changed: its last change, the transaction that made it (null: a merge
 * wrote it), its state key (hashed when first written) and, once its value is final, the value's
 * hash (undefined: taken at seal; null: the row was deleted).
 */
export type ChangedRow = { readonly change: StateChange; readonly writer: string | null; readonly stateKey: Uint8Array; readonly valueHash: Uint8Array | null | undefined };

/** A pending block's row changes per contract, in the order first changed (row id → row): what a parallel group hands back. */
export type BlockChangeLog = ReadonlyArray<{ readonly contract: string; readonly rows: ReadonlyArray<readonly [string, ChangedRow]> }>;
export type { SqlValue };

/** A map that keeps its `max` newest entries (written last; a read does not renew). `set` returns the value. */
function newestKept<K, V>(max: number) {
  const entries = new Map<K, V>();
  return {
    get: (key: K) => entries.get(key),
    set(key: K, value: V): V {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value!);
      return value;
    },
  };
}
