/**
 * Merges of one chain's branches: where two branches last agreed (the merge base, which moves
 * with every merge), the replay of the source's transactions on a scratch copy of the target
 * (automated), the three-way merge of rows on top of it (consistent, chain/node/consistentMerge.ts),
 * the record of merges kept on the chain, and the journal replay of a merge's rows.
 *
 * Nothing here touches a branch: a merge is computed on a scratch runtime and pending block that
 * the node adopts (createNode.ts `merge`) only when its digest equals the signed preview's.
 */
import type { Block } from "../block/block.ts";
import type { BlockHeader } from "../block/header.ts";
import { bytesEqual, encodeHash, fromHex, toHex } from "../crypto/hash.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { applyTx, CONTRACT_TX_TYPES, type ExecContext } from "../exec/applyTx.ts";
import { snapshotKey, type ContractHistory } from "../exec/contractHistory.ts";
import { createContractRuntime, type ContractRuntime } from "../exec/contracts.ts";
import { SqlEngine } from "../sql/index.ts";
import { ContractError } from "../sql/runtime/errors.ts";
import { decodeCells, encodeCellsOf as cellsBytes } from "../sql/runtime/stateEncoding.ts";
import { decodeAccount, encodeAccount, type Account } from "../state/account.ts";
import type { ChainStore } from "../store/types.ts";
import { planConsistentMerge, type RowWrite } from "./consistentMerge.ts";
import type { MergeRowsRecord } from "./journalRecord.ts";
import { mergeDigest, mergeReason } from "./merge.ts";
import { appendTx, executeTx, pendingStateRoot, type PendingBlock } from "./pendingBlock.ts";
import type { Ref } from "./refs.ts";
import { MERGE_MODES, type MergeItemJSON, type MergeOptions, type MergePreviewJSON, type MergeRecordJSON, type MergeResolutionJSON } from "./types.ts";

/** Gas a merge resolver may use per row. */
const MAX_RESOLVER_GAS = 1_000_000;

/** What a merge reads of a branch. */
export type MergeLane = { readonly ref: Ref; readonly head: BlockHeader; readonly pending: PendingBlock | null; readonly contractList: readonly string[] };

/** What the node lends the merges: its store, its readers of branches, and how it runs a transaction. */
export type MergeHost<L extends MergeLane> = {
  readonly store: ChainStore;
  readonly history: ContractHistory;
  readonly sqlite: SqlEngine["sqlite"];
  readonly clock: () => number;
  laneOf(name: string): L;
  blockHashAt(ref: Ref, height: number): Uint8Array | undefined;
  loadBlock(lane: L, height: number): Block | undefined;
  readHead(lane: L, address: string): Account;
  openPending(lane: L, now: number, context?: { timestamp: number }): PendingBlock;
  execContext(lane: L, p: PendingBlock, runtime: ContractRuntime): ExecContext;
  txLocation(lane: L, hash: Uint8Array): unknown;
  runtimeOf(lane: L): ContractRuntime;
};

export function createBranchMerges<L extends MergeLane>(host: MergeHost<L>) {
  const { store, history, clock, laneOf, blockHashAt, loadBlock, readHead, openPending, execContext, txLocation, runtimeOf } = host;
  const merges: MergeRecordJSON[] = JSON.parse(store.getMeta("merges") ?? "[]") as MergeRecordJSON[];
  /** Keeps the merge on this chain's record (meta `merges`): the branch graph draws it. */
  function recordMerge(report: MergePreviewJSON, targetHeight: number, by: string | null) {
    merges.push({
      source: report.source,
      target: report.target,
      sourceId: laneOf(report.source).ref.id,
      targetId: laneOf(report.target).ref.id,
      mode: report.mode,
      base: report.base,
      sourceHead: report.sourceHead,
      targetHeight,
      digest: report.digest,
      applied: report.applied.length,
      rows: report.rows.length,
      at: clock(),
      by,
    });
    store.commitMeta({ merges: JSON.stringify(merges) });
  }

  /** The newest block both branches hold (their histories agree below it, as a chain's do). */
  function mergeBase(a: L, b: L): BlockHeader | null {
    let lo = 0;
    let hi = Math.min(a.head.height, b.head.height);
    const same = (h: number) => {
      const x = blockHashAt(a.ref, h);
      const y = blockHashAt(b.ref, h);
      return x !== undefined && y !== undefined && bytesEqual(x, y);
    };
    if (!same(0)) return null;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (same(mid)) lo = mid;
      else hi = mid - 1;
    }
    return loadBlock(a, lo)!.header;
  }

  /**
   * The automated merge of `source` into `target`, computed on a scratch copy of the target (its
   * head's contract databases, its pending block re-run): the source's sealed transactions since
   * the merge base, in order, each applied or excluded with a reason. The target is untouched;
   * `merge` adopts the scratch state when nothing moved since.
   */
  function replayMerge(source: L, target: L, mergeOpts: MergeOptions = {}) {
    if (source === target) throw new ChainError(ErrorCode.BadRequest, `A branch cannot be merged into itself (${source.ref.name}).`, { code: "SAME_BRANCH" });
    const ancestor = mergeBase(source, target);
    if (!ancestor) throw new ChainError(ErrorCode.BadRequest, `${source.ref.name} and ${target.ref.name} share no history.`, { code: "UNRELATED_HISTORIES" });
    const base = lastMergedBase(source, target, ancestor);
    const engine = new SqlEngine(host.sqlite);
    const runtime = createContractRuntime({ engine, store: store.nodes, codeOf: history.codeOf });
    try {
      return replayOnto(source, target, base.replayFrom, base.state, engine, runtime, mergeOpts);
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  /**
   * Where a merge starts once the two branches have merged before (as git's merge base moves to
   * the merged commit): the source's transactions are replayed from the source head last merged
   * into this target, and the three-way base is the state both sides last shared: that head, or
   * the target's head when it was last merged the other way. Without it, an ADDITIVE column
   * would count the deltas already merged twice.
   */
  function lastMergedBase(source: L, target: L, ancestor: BlockHeader): { replayFrom: BlockHeader; state: BlockHeader } {
    let replayFrom = ancestor;
    let state: BlockHeader | null = null;
    for (let i = merges.length - 1; i >= 0; i--) {
      const m = merges[i]!;
      const forward = m.sourceId === source.ref.id && m.targetId === target.ref.id;
      const backward = m.sourceId === target.ref.id && m.targetId === source.ref.id;
      if (!forward && !backward) continue;
      const on = forward ? source : target;
      const hash = blockHashAt(on.ref, m.sourceHead.height);
      if (!hash || encodeHash(hash) !== m.sourceHead.hash) continue;
      const header = loadBlock(on, m.sourceHead.height)!.header;
      state ??= header;
      if (forward) {
        if (header.height > replayFrom.height) replayFrom = header;
        break;
      }
    }
    return { replayFrom, state: state ?? replayFrom };
  }

  function replayOnto(source: L, target: L, base: BlockHeader, stateBase: BlockHeader, engine: SqlEngine, runtime: ContractRuntime, mergeOpts: MergeOptions) {
    const mode = mergeOpts.mode ?? source.ref.mergeMode;
    if (!MERGE_MODES.includes(mode)) throw new ChainError(ErrorCode.BadRequest, `A merge is "automated" or "consistent", not "${String(mode).slice(0, 40)}".`, { code: "BAD_MERGE_MODE" });
    if (mode === "automated" && mergeOpts.resolutions?.length) throw new ChainError(ErrorCode.BadRequest, "Resolutions belong to a consistent merge; an automated merge has no conflicting rows.", { code: "BAD_RESOLUTION" });
    runtime.restore(target.contractList, (a) => readHead(target, a));
    const p = openPending(target, clock(), target.pending ? { timestamp: target.pending.timestamp } : undefined);
    // The target's own answered transactions first: deterministic, so they give the receipts already answered.
    for (const tx of target.pending?.txs ?? []) {
      executeTx(p, tx, execContext(target, p, runtime));
    }
    const applied: MergeItemJSON[] = [];
    const excluded: MergeItemJSON[] = [];
    for (let h = base.height + 1; h <= source.head.height; h++) {
      const block = loadBlock(source, h)!;
      block.txs.forEach((tx, i) => {
        const item = { txHash: tx.hashText, from: tx.from, type: tx.type, sourceHeight: h };
        if (p.index.has(tx.hashText) || txLocation(target, tx.hash)) {
          excluded.push({ ...item, status: "excluded", reason: "ALREADY_APPLIED", message: `${target.ref.name} already holds this transaction.` });
          return;
        }
        const before = block.receipts[i]!;
        // Consistent: a contract transaction is not re-run; its rows arrive by the three-way merge below.
        if (mode === "consistent" && CONTRACT_TX_TYPES.has(tx.type)) {
          if (before.status === "success") applied.push({ ...item, status: "state", reason: null, message: "its rows merge three-way", gasUsed: before.gasUsed });
          return;
        }
        try {
          const receipt = p.state.atomically(() => {
            const r = applyTx(p.state, tx, execContext(target, p, runtime));
            // A transaction that worked on the source and fails here is left out whole (no fee, no nonce).
            if (r.status !== "success" && before.status === "success") throw new ChainError(ErrorCode.BadRequest, r.error?.message ?? "The contract call fails on the target.", { code: "CONTRACT_ERROR" });
            return r;
          });
          appendTx(p, tx, receipt);
          applied.push({ ...item, status: receipt.status, reason: null, message: receipt.error?.message ?? null, gasUsed: receipt.gasUsed });
        } catch (e) {
          if (!isChainError(e)) throw e;
          excluded.push({ ...item, status: "excluded", reason: mergeReason(e), message: e.message });
        }
      });
    }
    const consistent = mode === "consistent" ? mergeRows(source, target, stateBase, runtime, p, mergeOpts.resolutions ?? []) : null;
    const report: MergePreviewJSON = {
      mode,
      source: source.ref.name,
      target: target.ref.name,
      base: mode === "consistent" ? { height: stateBase.height, hash: stateBase.hashText } : { height: base.height, hash: base.hashText },
      sourceHead: { height: source.head.height, hash: source.head.hashText },
      targetHead: { height: target.head.height, hash: target.head.hashText },
      targetPending: target.pending?.txs.length ?? 0,
      applied,
      excluded,
      rows: consistent?.plan.rows ?? [],
      conflicts: consistent?.plan.conflicts ?? [],
      blockers: consistent?.plan.blockers ?? [],
      mergeable: !consistent || (consistent.plan.conflicts.length === 0 && consistent.plan.blockers.length === 0),
      stateRoot: encodeHash(pendingStateRoot(p, runtime, target.head.stateRoot, store.nodes)),
      digest: "",
    };
    const txsAdded = applied.filter((a) => a.status !== "state").length;
    return { report: { ...report, digest: mergeDigest(report) }, engine, runtime, pending: p, added: txsAdded + (consistent?.written ?? 0), rowsRecord: consistent?.record ?? null };
  }

  /**
   * The consistent part of a merge on the scratch copy of the target: plan the three-way merge of
   * the source's rows (chain/node/consistentMerge.ts), then, when nothing blocks it, write them,
   * so a constraint the result would break shows in the preview as it would in the merge.
   */
  function mergeRows(source: L, target: L, base: BlockHeader, runtime: ContractRuntime, p: PendingBlock, resolutions: readonly MergeResolutionJSON[]) {
    let resolverEngine: SqlEngine | null = null;
    const loaded = new Set<string>();
    try {
      const plan = planConsistentMerge({
        store: store.nodes,
        history,
        baseRoot: base.stateRoot,
        theirsRoot: source.head.stateRoot,
        oursAccount: (a) => p.state.get(a),
        oursRow: (contract, table, key) => runtime.row(contract, table, key),
        resolutions,
        // Resolvers run on their own engine with the target's database of the contract: what they
        // write is thrown away; only their answer counts.
        runResolver(contract, resolver, ours, theirs, baseRow) {
          resolverEngine ??= new SqlEngine(host.sqlite);
          if (!loaded.has(contract)) {
            const account = readHead(target, contract);
            const code = account.contract && history.codeOf(account.contract.codeHash);
            const snapshot = account.contract && store.nodes.get(snapshotKey(contract, account.contract.storageRoot));
            if (!code || !snapshot) throw new ChainError(ErrorCode.StoreCorrupt, `The state of ${contract} is missing from the store.`);
            resolverEngine.restore(contract, snapshot, code.artifact);
            loaded.add(contract);
          }
          const r = resolverEngine.call(contract, resolver, [ours, theirs, baseRow], { sender: contract, origin: contract, blockHeight: p.height, blockTime: p.timestamp, branch: target.ref.name, gasLimit: MAX_RESOLVER_GAS });
          if (r.status !== "success") throw new Error(r.error?.message ?? "the resolver failed");
          return r.returnValue;
        },
      });
      let written = 0;
      let record: MergeRowsRecord | null = null;
      if (!plan.conflicts.length && !plan.blockers.length && (plan.adopt.length || plan.writes.size)) {
        try {
          written = applyMergeRows(runtime, p, plan.adopt, plan.writes);
          record = {
            adopt: plan.adopt.map((a) => ({ address: a.address, account: toHex(encodeAccount(a.account)) })),
            writes: [...plan.writes].flatMap(([contract, ws]) => ws.map((w) => ({ contract, table: w.table, key: toHex(cellsBytes(w.key)), cells: w.cells && toHex(cellsBytes(w.cells)) }))),
          };
        } catch (e) {
          if (!(e instanceof ContractError) && !isChainError(e)) throw e;
          plan.blockers.push({ code: "CONSTRAINT", contract: null, table: null, key: null, message: `The merged rows would break a table's rules: ${e instanceof ContractError ? e.reason : e.message}` });
        }
      }
      return { plan, written, record };
    } finally {
      (resolverEngine as SqlEngine | null)?.close();
    }
  }

  /** Takes contracts whole, then writes rows: the same on a preview, a merge and a journal replay. */
  function applyMergeRows(runtime: ContractRuntime, p: PendingBlock, adopt: ReadonlyArray<{ address: string; account: Account }>, writes: ReadonlyMap<string, readonly RowWrite[]>): number {
    for (const a of adopt) runtime.adopt(p.state, a.address, a.account);
    let n = adopt.length;
    for (const [contract, ws] of writes) n += runtime.writeRows(contract, ws);
    return n;
  }

  function replayMergeRecord(lane: L, p: PendingBlock, rec: MergeRowsRecord) {
    const writes = new Map<string, RowWrite[]>();
    for (const w of rec.writes) {
      let list = writes.get(w.contract);
      if (!list) writes.set(w.contract, (list = []));
      list.push({ table: w.table, key: decodeCells(fromHex(w.key)), cells: w.cells === null ? null : decodeCells(fromHex(w.cells)) });
    }
    applyMergeRows(runtimeOf(lane), p, rec.adopt.map((a) => ({ address: a.address, account: decodeAccount(fromHex(a.account)) })), writes);
  }

  return { list: () => merges.slice(), recordMerge, mergeBase, replayMerge, replayMergeRecord };
}

export type BranchMerges = ReturnType<typeof createBranchMerges>;
