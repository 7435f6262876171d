/**
 * Merges of one chain's branches: where two branches last agreed (the merge base, which moves
 * with every merge), the replay of the source's transactions on a scratch copy of the target
 * (automated), the three-way merge of rows on top of it (consistent, chain/node/consistentMerge.ts),
 * the record of merges kept on the chain, and the journal replay of a merge's rows.
 *
 * Nothing here touches a branch: a merge is computed on a scratch runtime and pending block that
 * the node adopts (createNode.ts `merge`) only when its digest equals the signed preview's.
 *
 * The source may be a branch of another chain (a fork or the origin, chain/node/crossRepo.ts):
 * then its transactions, signed for that chain id, are never re-run; its contract rows merge
 * three-way and its transfers are listed as not carried (CHAIN_ID).
 */
import type { Block } from "../block/block.ts";
import type { BlockHeader } from "../block/header.ts";
import { bytesEqual, encodeHash, fromHex, toHex } from "../crypto/hash.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { applyTx, CONTRACT_TX_TYPES, type ExecContext } from "../exec/applyTx.ts";
import { snapshotKey, type ContractHistory } from "../exec/contractHistory.ts";
import { getContractImage } from "../exec/contractImages.ts";
import { createContractRuntime, type ContractRuntime } from "../exec/contracts.ts";
import { SqlEngine } from "../sql/index.ts";
import { ContractError } from "../sql/runtime/errors.ts";
import { decodeCells, encodeCellsOf as cellsBytes } from "../sql/runtime/stateEncoding.ts";
import { decodeAccount, encodeAccount, type Account } from "../state/account.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import type { ChainStore } from "../store/types.ts";
import { planConsistentMerge, type RowWrite } from "./consistentMerge.ts";
import { crossMergeBase, forkSide, label, settledHead, type BranchView, type ForkOriginPoint } from "./crossRepo.ts";
import type { MergeRowsRecord } from "./journalRecord.ts";
import { mergeDigest, mergeReason } from "./merge.ts";
import { appendTx, executeTx, pendingStateRoot, type PendingBlock } from "./pendingBlock.ts";
import { MAIN_BRANCH, type Ref } from "./refs.ts";
import { MERGE_MODES, type MergeMode, type MergeItemJSON, type MergeOptions, type MergePreviewJSON, type MergeRecordJSON, type MergeResolutionJSON } from "./types.ts";

/** Gas a merge resolver may use per row. */
const MAX_RESOLVER_GAS = 1_000_000;

/** What a merge reads of a branch. */
export type MergeLane = { readonly ref: Ref; readonly head: BlockHeader; readonly pending: PendingBlock | null; readonly contractList: readonly string[] };

/**
 * The source of a merge as the replay reads it: a branch of this chain, or of a fork or origin
 * (`foreign`: read its rows through the fork's store, never re-run its transactions).
 */
type MergeSource = {
  readonly name: string;
  readonly mergeMode: MergeMode;
  readonly head: BlockHeader;
  block(height: number): Block | undefined;
  readonly foreign: { readonly view: BranchView; readonly nodes: NodeStore; readonly history: ContractHistory; readonly intoOrigin: boolean } | null;
};

/** What the node lends the merges: its store, its readers of branches, and how it runs a transaction. */
export type MergeHost<L extends MergeLane> = {
  readonly chainId: string;
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
  /** Keeps the merge on this chain's record (meta `merges`): the branch graph draws it; a later merge's base starts from it. */
  function recordMerge(report: MergePreviewJSON, targetHeight: number, by: string | null, foreign?: BranchView) {
    merges.push({
      source: report.source,
      ...(foreign ? { sourceRepo: foreign.repo ?? foreign.chainId, sourceChainId: foreign.chainId } : {}),
      target: report.target,
      sourceId: foreign ? foreign.branchId : laneOf(report.source).ref.id,
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
      return replayOnto(localSource(source, base.replayFrom), target, base.replayFrom, base.state, engine, runtime, mergeOpts);
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
      if (m.sourceChainId !== undefined) continue; // from another repository: its ids are that chain's
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

  // The preview names where the source last changed, not its head: main seals an empty block
  // every slot, and a branch that has gone quiet seals a few until its last change is final,
  // so a digest naming the raw head would go stale while the merge would do the same.
  const localSource = (lane: L, replayFrom: BlockHeader): MergeSource => ({ name: lane.ref.name, mergeMode: lane.ref.mergeMode, head: settledHead(view(lane), replayFrom), block: (h) => loadBlock(lane, h), foreign: null });

  /**
   * A merge from a branch of another chain (a fork of this one, or its origin). Consistent only:
   * the source's transactions are signed for its own chain id and cannot run here, so no mode
   * re-runs them; an automated request is refused (CROSS_REPO_REPLAY) rather than quietly
   * changed, since the person chose it. The base is chain/node/crossRepo.ts's.
   * @throws ChainError BAD_REQUEST (UNRELATED_HISTORIES, CROSS_REPO_REPLAY, BAD_MERGE_MODE, BAD_RESOLUTION)
   */
  function replayForeign(source: BranchView, target: L, mergeOpts: MergeOptions = {}) {
    if (mergeOpts.mode === "automated") {
      throw new ChainError(ErrorCode.BadRequest, `${label(source)} is another repository's chain: its transactions are signed for its chain id and cannot be re-run on ${target.ref.name}. Merge it consistent (rows three-way).`, { code: "CROSS_REPO_REPLAY" });
    }
    const targetView = view(target);
    const sides = forkSide(targetView, source);
    const base = crossMergeBase(targetView, source);
    const reader = sides!.fork;
    // Another repository's main seals empty blocks every slot: the preview names where it last changed.
    const head = settledHead(source, base.replayFrom);
    const from: MergeSource = { name: source.branch, mergeMode: "consistent", head, block: (h) => source.block(h), foreign: { view: source, nodes: reader.nodes, history: reader.history, intoOrigin: sides!.origin === targetView } };
    const engine = new SqlEngine(host.sqlite);
    const runtime = createContractRuntime({ engine, store: store.nodes, codeOf: history.codeOf });
    try {
      return replayOnto(from, target, base.replayFrom, base.state, engine, runtime, { ...mergeOpts, mode: "consistent" });
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  /** This chain's branch as another chain's merge or diff reads it (chain/node/crossRepo.ts). */
  function view(lane: L): BranchView {
    const forkOf = store.getMeta("forkOf");
    const origin = forkOf ? (JSON.parse(forkOf) as ForkOriginPoint) : null;
    return {
      chainId: host.chainId,
      branch: lane.ref.name,
      branchId: lane.ref.id,
      head: lane.head,
      forkOf: origin,
      header(height) {
        if (height === undefined) return lane.head;
        const block = Number.isSafeInteger(height) && height >= 0 && height <= lane.head.height ? loadBlock(lane, height) : undefined;
        if (!block) throw new ChainError(ErrorCode.NotFound, `There is no block at height ${height} on ${lane.ref.name}; the head is ${lane.head.height}.`, { height });
        return block.header;
      },
      block: (height) => (height <= lane.head.height ? loadBlock(lane, height) : undefined),
      commonWith(point) {
        if (point.chainId !== host.chainId) return null;
        let other: L;
        try {
          other = laneOf(point.branch);
        } catch {
          return null; // the branch the fork started from was deleted since
        }
        const at = blockHashAt(other.ref, point.height);
        if (!at || encodeHash(at) !== point.hash) return null;
        const mb = mergeBase(lane, other);
        return mb && loadBlock(lane, Math.min(mb.height, point.height))!.header;
      },
      merges: () => merges.slice(),
      nodes: store.nodes,
      history,
    };
  }

  function replayOnto(source: MergeSource, target: L, base: BlockHeader, stateBase: BlockHeader, engine: SqlEngine, runtime: ContractRuntime, mergeOpts: MergeOptions) {
    const mode = mergeOpts.mode ?? source.mergeMode;
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
      const block = source.block(h)!;
      block.txs.forEach((tx, i) => {
        const item = { txHash: tx.hashText, from: tx.from, type: tx.type, sourceHeight: h };
        const before = block.receipts[i]!;
        if (source.foreign) {
          // Signed for the source's chain id: a contract call's rows arrive three-way; a transfer
          // or stake cannot be carried, and balances are never merged by adding.
          if (CONTRACT_TX_TYPES.has(tx.type)) {
            if (before.status === "success") applied.push({ ...item, status: "state", reason: null, message: "its rows merge three-way", gasUsed: before.gasUsed });
          } else excluded.push({ ...item, status: "excluded", reason: "CHAIN_ID", message: `Signed for ${source.foreign.view.repo ?? source.foreign.view.chainId}'s chain id: AERGO does not move between repositories by a merge.` });
          return;
        }
        if (p.index.has(tx.hashText) || txLocation(target, tx.hash)) {
          excluded.push({ ...item, status: "excluded", reason: "ALREADY_APPLIED", message: `${target.ref.name} already holds this transaction.` });
          return;
        }
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
      source: source.name,
      ...(source.foreign ? { sourceRepo: source.foreign.view.repo ?? source.foreign.view.chainId } : {}),
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
  function mergeRows(source: MergeSource, target: L, base: BlockHeader, runtime: ContractRuntime, p: PendingBlock, resolutions: readonly MergeResolutionJSON[]) {
    let resolverEngine: SqlEngine | null = null;
    const loaded = new Set<string>();
    try {
      // Another chain's rows are read through the fork's store, which holds both sides' states.
      const plan = planConsistentMerge({
        store: source.foreign?.nodes ?? store.nodes,
        history: source.foreign?.history ?? history,
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
            const image = account.contract && getContractImage(store.nodes, snapshotKey(contract, account.contract.storageRoot));
            if (!code || !image) throw new ChainError(ErrorCode.StoreCorrupt, `The state of ${contract} is missing from the store.`);
            resolverEngine.restore(contract, image.bytes, code.artifact);
            loaded.add(contract);
          }
          const r = resolverEngine.call(contract, resolver, [ours, theirs, baseRow], { sender: contract, origin: contract, blockHeight: p.height, blockTime: p.timestamp, branch: target.ref.name, gasLimit: MAX_RESOLVER_GAS });
          if (r.status !== "success") throw new Error(r.error?.message ?? "the resolver failed");
          return r.returnValue;
        },
      });
      if (source.foreign?.intoOrigin) {
        // A contract the fork deployed (or redeployed) lives in the fork's store only: its code,
        // database and trees are not the origin's to read. Deploy it on the origin, then merge.
        for (const a of plan.adopt) plan.blockers.push({ code: "FOREIGN_CONTRACT", contract: a.address, table: null, key: null, message: `The contract ${a.address} was deployed or redeployed on ${source.foreign.view.repo ?? "the fork"} only; a merge into the origin carries the rows of contracts both share: deploy it on ${target.ref.name} first.` });
        plan.adopt.length = 0;
      }
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
    p.rowsMerged += n;
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

  return { list: () => merges.slice(), recordMerge, mergeBase, replayMerge, replayForeign, replayMergeRecord, view: (name?: string) => view(laneOf(name ?? MAIN_BRANCH)) };
}

export type BranchMerges = ReturnType<typeof createBranchMerges>;
