/**
 * The transaction pool: pool-level serialization. A submitted transaction is decoded, admitted
 * by the repository's policy, its signature verified (possibly on worker threads, finishing out
 * of order), then executed in arrival order into its branch's pending block within the
 * producer's time budget, and journaled before the receipt is answered: an answered
 * transaction survives a crash and is promised to the branch's next block.
 */
import type { Block } from "../block/block.ts";
import { receiptToJSON } from "../block/block.ts";
import { contractAddressOf } from "../crypto/address.ts";
import { parseDeployPayload, parseRedeployPayload } from "../exec/contractPayload.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { applyTx, callJobOf, CONTRACT_TX_TYPES, type ExecContext } from "../exec/applyTx.ts";
import type { CallJobHost, ExecutionWorker } from "../exec/executionWorker.ts";
import type { ComputedCall } from "../sql/index.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import { decodeTx, type SignedTx } from "../tx/tx.ts";
import type { ReceiptJSON } from "../types.ts";
import { encodeJournalRecord } from "./journalRecord.ts";
import type { Lane } from "./lane.ts";
import { appendTx, type PendingBlock } from "./pendingBlock.ts";
import { txAccess, type ArtifactOf } from "../exec/dependencies.ts";
import type { WaitFor } from "./types.ts";

/** The producer's default wall-clock budget for one contract transaction at admission. */
export const ADMISSION_TIME_BUDGET_MS = 1000;
/**
 * With the execution worker, what a call may take on the node's thread before it moves there
 * (the longest it holds up other requests).
 */
export const CALL_SLICE_MS = 2;
/**
 * Bytes of a contract database copied to the worker per millisecond of this thread (snapshot:
 * ~1.5 MiB/ms measured for 62.5 MiB; rounded down to leave room for the message).
 */
const COPY_BYTES_PER_MS = 1024 * 1024;
/**
 * Times a call is run again on the worker after a block or a merge made its result stale, before
 * its last try on this thread with the whole budget (which guarantees it ends, and holds every
 * request meanwhile). A call that runs for a fifth of the block interval goes stale about one
 * time in five: with 2 retries about one such call in 125 ended up on this thread (seen in
 * BENCH=runaway runs: a read held 120–170 ms), with 5 about one in 15,000.
 */
export const STALE_RETRIES = 5;
const TIMEOUT_COOLDOWN_MS = 60_000;

/** Senders whose contract transaction ran out of admission time wait TIMEOUT_COOLDOWN_MS (wall clock, pool only). */
function createTimeoutCooldown() {
  const until = new Map<string, number>();
  return {
    /** @throws RATE_LIMITED while `from` cools down. */
    check(from: string): void {
      const end = until.get(from);
      if (end === undefined) return;
      const now = performance.now();
      if (end <= now) {
        until.delete(from);
        return;
      }
      const seconds = Math.ceil((end - now) / 1000);
      throw new ChainError(ErrorCode.RateLimited, `Your last contract transaction ran past the producer's time budget; contract transactions from this account are refused for ${seconds} more second${seconds === 1 ? "" : "s"}.`, { retryAfterSeconds: seconds });
    },
    start(from: string): void {
      const now = performance.now();
      // Bounded memory: past 10,000 senders, the ones whose wait is over are forgotten.
      if (until.size >= 10_000) for (const [k, t] of until) if (t <= now) until.delete(k);
      until.set(from, now + TIMEOUT_COOLDOWN_MS);
    },
  };
}

/** What the pool needs of the node: its lanes, how a transaction runs there, and when blocks come. */
export type TxPoolHost = {
  readonly verify: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean | Promise<boolean>;
  /** The repository's admission policy (writers only): throws to refuse before anything runs. */
  readonly admit?: (tx: SignedTx) => void;
  readonly clock: () => number;
  readonly log: (line: string) => void;
  readonly maxBlockTxs: number;
  readonly admissionTimeBudgetMs: number;
  /** Where a call past `callSliceMs` (default CALL_SLICE_MS) runs on; absent: calls run here, within the admission budget. */
  readonly executionWorker?: ExecutionWorker;
  readonly callSliceMs?: number;
  isClosed(): boolean;
  /** False once the lane's branch was deleted. */
  isOpen(lane: Lane): boolean;
  txLocation(lane: Lane, hash: Uint8Array): unknown;
  openPending(lane: Lane, now: number): PendingBlock;
  execContext(lane: Lane, p: PendingBlock): ExecContext;
  loadBlock(lane: Lane, height: number): Block | undefined;
  /** Resolves once the branch's head reaches `height` (wait "block"), or its last irreversible block does ("final"). */
  whenSealed(lane: Lane, height: number, wait: "block" | "final"): Promise<void>;
};

/**
 * A call running on the execution worker: its lane; the addresses it touched so far (its sender
 * and contract, then every account and contract it asks the node about while it runs); the
 * other calls on the worker it asked into (its result is then void: `noting`); and when it is
 * adopted or given up.
 */
type CallOnWorker = { readonly lane: Lane; readonly touches: Set<string>; readonly met: Set<CallOnWorker>; readonly done: Promise<void> };

export function createTxPool(host: TxPoolHost) {
  const cooldown = createTimeoutCooldown();
  let arrival: Promise<unknown> = Promise.resolve();
  // Calls on the worker now, as many as it has threads, their touched sets disjoint.
  const onWorker = new Set<CallOnWorker>();

  const shuttingDown = () => new ChainError(ErrorCode.Unavailable, "The node is shutting down.");

  /**
   * Admits one encoded transaction into the lane's pending block.
   * @returns its receipt at once ("receipt"), or once its block is sealed ("block") or final ("final").
   * @throws ChainError for bytes that do not decode, a known transaction, a bad signature, a full
   * block, a refused admission, or a transaction that cannot be included (nonce, funds, budget).
   */
  async function submit(lane: Lane, encoded: Uint8Array, wait: WaitFor = "receipt"): Promise<ReceiptJSON> {
    if (host.isClosed()) throw shuttingDown();
    const tx = decodeTx(encoded);
    host.admit?.(tx);
    // Asked again at its turn (a twin may have arrived meanwhile). The store gains this lane's
    // transactions only when the lane seals, so it is read again only after a new head.
    let storeCheckedAt: Lane["head"] | null = null;
    const known = () => {
      if (lane.pending?.index.has(tx.hashText)) return true;
      if (storeCheckedAt === lane.head) return false;
      storeCheckedAt = lane.head;
      return host.txLocation(lane, tx.hash) !== undefined;
    };
    if (known()) throw new ChainError(ErrorCode.KnownTx, "This transaction was already accepted.", { txHash: tx.hashText });
    // Verification may run on worker threads and finish out of order; transactions are still
    // executed in arrival order (a sender may pipeline nonces n, n+1, ... without waiting). The
    // next transaction's turn comes once this one is executed, or once its call went to the
    // execution worker (then only what may touch what it touches waits for it: `executeInTurn`).
    // A deploy's or redeploy's source compiles on the execution worker meanwhile, so its turn
    // finds it compiled (a 128 KiB source held this thread ~0.1–0.4 s).
    const verified = Promise.all([host.verify(tx.signature, tx.signingBytes, tx.fromKey), compileAhead(lane, tx)]).then(([ok]) => ok);
    const turn = arrival.then(() => verified);
    let release!: () => void;
    const executed = new Promise<void>((resolve) => (release = resolve));
    arrival = turn.then(
      () => executed,
      () => undefined,
    );
    let placed: { p: PendingBlock; receipt: ExecReceipt; index: number };
    try {
      if (!(await turn)) throw new ChainError(ErrorCode.BadSignature, "The signature does not match the sender and the transaction.");
      placed = await executeInTurn(lane, tx, known, release);
    } finally {
      release();
    }
    const { p, receipt, index } = placed;
    // The receipt is a promise: the transaction is on disk before the answer leaves.
    await lane.journal.append(p.height, encodeJournalRecord({ kind: "tx", bytes: tx.bytes }));
    if (wait === "receipt") return receiptToJSON(receipt, index, null);
    await host.whenSealed(lane, p.height, wait);
    const sealed = host.loadBlock(lane, p.height)!;
    return receiptToJSON(receipt, index, { height: p.height, hash: sealed.header.hashText });
  }

  /**
   * Compiles a deploy's or redeploy's source on the execution worker and hands the result to the
   * lane's contract runtime, which then does not compile it at the transaction's turn. Never
   * fails: without a free worker thread, a runtime or a readable payload, the turn compiles (or
   * refuses) here as before.
   */
  async function compileAhead(lane: Lane, tx: SignedTx): Promise<void> {
    const worker = host.executionWorker;
    if (!worker || (tx.type !== "deploy" && tx.type !== "redeploy") || !lane.runtime) return;
    let source: string;
    try {
      source = (tx.type === "deploy" ? parseDeployPayload(tx.payload) : parseRedeployPayload(tx.payload)).source;
    } catch {
      return;
    }
    // A redeploy's upgrade check too (it runs SQL on scratch databases): from the code deployed
    // now; the turn checks again here only if that code changed meanwhile.
    const upgradeFrom = tx.type === "redeploy" && tx.to ? lane.runtime.code(tx.to)?.source : undefined;
    // Only on a thread free now: this transaction's turn, and every later one's, waits for it.
    const compiling = worker.compileIfIdle({ source, limits: lane.runtime.limits, ...(upgradeFrom === undefined ? {} : { upgradeFrom }) });
    if (!compiling) return;
    try {
      const { compiled, upgrade } = await compiling;
      lane.runtime?.rememberCompiled(source, compiled, upgrade && upgradeFrom !== undefined ? { from: upgradeFrom, plan: upgrade } : undefined);
    } catch {
      // The worker failed: the turn compiles here.
    }
  }

  /**
   * The call on the worker that `tx` on `lane` must wait for, if any: one whose touched set its
   * reach may meet, or (`anyCall`: a call's last try, whose reach is not noted) any call of the lane.
   */
  function blockingCall(lane: Lane, tx: SignedTx, except: CallOnWorker | null, anyCall: boolean): CallOnWorker | undefined {
    let access: ReturnType<typeof txAccess> | undefined; // analysed once, and only if a call of the lane runs
    for (const call of onWorker) {
      if (call === except || call.lane !== lane) continue;
      if (anyCall) return call;
      access ??= txAccess(tx, artifactsOf(lane));
      if (access.kind === "serial" || access.addresses.some((a) => call.touches.has(a))) return call;
    }
    return undefined;
  }

  /**
   * The worker's questions about the pending state, noted: what the call reads joins what it
   * touches, so a later transaction that would change it waits for the call. Everything the
   * call reads beyond its sender and contract is read live, after the transactions that
   * overtook it so far, and nothing it read changes until it is adopted: its result is what
   * running it at its place in the block, after them, gives.
   */
  function noting(call: CallOnWorker, host: CallJobHost): CallJobHost {
    const note = (address: string) => {
      call.touches.add(address);
      // Another call on the worker holds it: what it reads here may change when that one is
      // adopted, so this run's result is void and the call runs again after it.
      for (const other of onWorker) if (other !== call && other.lane === call.lane && other.touches.has(address)) call.met.add(other);
    };
    return {
      balanceOf: (address) => (note(address), host.balanceOf(address)),
      contract: (address) => (note(address), host.contract(address)),
    };
  }

  function artifactsOf(lane: Lane): ArtifactOf {
    return (address) => lane.runtime?.code(address)?.artifact ?? null;
  }

  /**
   * Executes the transaction into the lane's pending block (opened when there is none) and
   * appends it. A call that outlives the slice runs on the execution worker: meanwhile later
   * transactions whose reach is bounded (dependencies.ts) and does not include what the call
   * touched so far (`noting`) go on and take the places before it; the rest wait for it. If a
   * block was sealed or a merge moved the lane meanwhile, its result is stale and it runs again
   * on what the lane is now (after STALE_RETRIES, on this thread with the whole budget).
   * `release` lets the next transaction's turn come.
   */
  async function executeInTurn(lane: Lane, tx: SignedTx, known: () => boolean, release: () => void): Promise<{ p: PendingBlock; receipt: ExecReceipt; index: number }> {
    let mine: CallOnWorker | null = null;
    let finish = () => {};
    /** It holds nothing on the worker any more: what waited on it goes on. */
    const leaveWorker = () => {
      if (!mine) return;
      onWorker.delete(mine);
      finish();
      mine = null;
    };
    // The pending block this call opened for its run on the worker (so that others join it).
    let opened: PendingBlock | null = null;
    try {
      for (let attempt = 0; ; attempt++) {
        const offMain = attempt <= STALE_RETRIES ? host.executionWorker : undefined;
        // Its last try, here: it leaves the worker first (two such never wait on each other).
        if (!offMain) leaveWorker();
        // What may touch a call on the worker waits for it; a call's last try, on this thread
        // with the whole budget, waits for every other call of its lane (its reach is not noted).
        let blocking: CallOnWorker | undefined;
        while ((blocking = blockingCall(lane, tx, mine, !offMain && CONTRACT_TX_TYPES.has(tx.type)))) await blocking.done;
        // Verification or the worker may have yielded: re-check what could have changed since.
        if (host.isClosed()) throw shuttingDown();
        if (!host.isOpen(lane)) throw new ChainError(ErrorCode.NotFound, `The branch "${lane.ref.name}" was deleted.`, { code: "UNKNOWN_BRANCH" });
        if (known()) throw new ChainError(ErrorCode.KnownTx, "This transaction was already accepted.", { txHash: tx.hashText });
        const p = lane.pending ?? host.openPending(lane, host.clock());
        if (p.txs.length >= host.maxBlockTxs) throw new ChainError(ErrorCode.Unavailable, "The pending block is full; retry after the next block.");
        const ran = execute(lane, p, tx, offMain);
        let receipt: ExecReceipt;
        if ("receipt" in ran) receipt = ran.receipt;
        else {
          // As many calls on the worker as it has threads: past that, the first to end makes room.
          const others = [...onWorker].filter((c) => c !== mine);
          if (!mine && others.length >= offMain!.threads) {
            await Promise.race(others.map((c) => c.done));
            continue;
          }
          if (!lane.pending) opened = p;
          openIfFresh(lane, p);
          if (!mine) {
            const done = new Promise<void>((resolve) => (finish = resolve));
            // Its sender and contract; whatever else it reaches, it asks the node for (noting).
            mine = { lane, touches: new Set([tx.from, tx.to ?? contractAddressOf(tx.from, tx.nonce)]), met: new Set(), done };
            onWorker.add(mine);
            release();
          }
          const on = { pending: lane.pending, head: lane.head, runtime: lane.runtime };
          let computed: ComputedCall;
          try {
            computed = await offMain!.run(ran.job.job, noting(mine, ran.job.host));
          } catch (e) {
            host.log(`pool: the execution worker failed on ${tx.hashText}, running it here: ${e instanceof Error ? e.message : String(e)}`);
            attempt = STALE_RETRIES;
            continue;
          }
          if (mine.met.size) {
            // It asked into another call's accounts: it gives its place up and runs again after them.
            const met = [...mine.met];
            leaveWorker();
            await Promise.all(met.map((c) => c.done));
            continue;
          }
          const stale = lane.pending !== on.pending || lane.head !== on.head || lane.runtime !== on.runtime;
          if (stale || host.isClosed() || !host.isOpen(lane)) continue;
          if (p.txs.length >= host.maxBlockTxs) continue;
          receipt = adopt(lane, p, tx, computed);
        }
        openIfFresh(lane, p);
        // Appended before anything waiting on this call may run: the block's order is the order of execution.
        return { p, receipt, index: appendTx(p, tx, receipt) };
      }
    } catch (e) {
      // Refused after all: a block it opened and nobody joined is closed again, as if never opened.
      if (opened && lane.pending === opened && opened.txs.length === 0) lane.pending = null;
      throw e;
    } finally {
      leaveWorker();
    }
  }

  /** Makes `p` the lane's pending block when it is new (journaled first: a restart reopens it with its time). */
  function openIfFresh(lane: Lane, p: PendingBlock) {
    if (lane.pending) return;
    lane.pending = p;
    void lane.journal.append(p.height, encodeJournalRecord({ kind: "context", height: p.height, timestamp: p.timestamp, prevHash: p.prevHash }));
  }

  /**
   * Runs the transaction on the pending state; a contract transaction gets the admission
   * budget. With the execution worker, a call gets `callSliceMs` here first (0: none), and a
   * call on a big contract then as long as copying its database would take: one that finishes
   * is done; one that does not changed nothing and comes back as the worker's job.
   */
  function execute(lane: Lane, p: PendingBlock, tx: SignedTx, offMain: ExecutionWorker | undefined): { receipt: ExecReceipt } | { job: ReturnType<typeof callJobOf> } {
    const isContractTx = CONTRACT_TX_TYPES.has(tx.type);
    if (!isContractTx) return { receipt: applyTx(p.state, tx, host.execContext(lane, p)) };
    cooldown.check(tx.from);
    const ctx = host.execContext(lane, p);
    // A deploy's constructor and a redeploy's migration are calls too: one that runs away moves to the worker the same way.
    const sliced = offMain !== undefined && (tx.type === "call" || tx.type === "deploy" || tx.type === "redeploy");
    let budget = sliced ? Math.min(host.callSliceMs ?? CALL_SLICE_MS, host.admissionTimeBudgetMs) : host.admissionTimeBudgetMs;
    for (;;) {
      try {
        return { receipt: applyTx(p.state, tx, { ...ctx, timeBudgetMs: budget }) };
      } catch (e) {
        if (!isChainError(e) || e.code !== ErrorCode.ExecutionTimeout) throw e;
        if (!sliced) {
          refusedForTime(tx);
          throw e;
        }
        // Moving the call copies its contract's database: a big one first gets as long here as
        // the copy would hold this thread (asked only now, off the path of the calls that fit).
        const copyMs = budget > 0 ? Math.min(copyMsOf(ctx, tx), host.admissionTimeBudgetMs) : 0;
        if (copyMs > budget) {
          budget = copyMs;
          continue;
        }
        return { job: callJobOf(p.state, tx, { ...ctx, timeBudgetMs: host.admissionTimeBudgetMs }) };
      }
    }
  }

  /** What copying the call's contract database to the worker would hold this thread (COPY_BYTES_PER_MS). */
  function copyMsOf(ctx: ExecContext, tx: SignedTx): number {
    const bytes = tx.to && ctx.contracts ? ctx.contracts.databaseBytes(tx.to) : 0;
    return Math.ceil(bytes / COPY_BYTES_PER_MS);
  }

  /** Adopts the worker's result for the call, as `execute` would have run it (same checks, same receipt). */
  function adopt(lane: Lane, p: PendingBlock, tx: SignedTx, computed: ComputedCall): ExecReceipt {
    try {
      return applyTx(p.state, tx, { ...host.execContext(lane, p), timeBudgetMs: host.admissionTimeBudgetMs, computed });
    } catch (e) {
      if (isChainError(e) && e.code === ErrorCode.ExecutionTimeout) refusedForTime(tx);
      throw e;
    }
  }

  function refusedForTime(tx: SignedTx) {
    host.log(`pool: refused ${tx.hashText} from ${tx.from}: ran past ${host.admissionTimeBudgetMs} ms`);
    cooldown.start(tx.from);
  }

  return { submit };
}
