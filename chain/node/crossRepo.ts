/**
 * Diffs and merges between a fork and its origin: two repositories, two chains, two chain ids.
 *
 * A branch of another chain is read through a `BranchView` (its head, blocks, merges, state
 * nodes), which the hub takes from the other repository's node (`LocalNode.branchView`) and
 * passes in: the engine never looks another repository up.
 *
 * - Related means one chain is a fork of the other (its genesis names the other's chain id);
 *   anything else, forks of forks included, is UNRELATED_HISTORIES.
 * - The merge base is the origin's block the fork started from (or, when the origin branch
 *   parted from the fork point's branch before it, the newest block they share), then the last
 *   merge between the two branches in either direction, as within one repository.
 * - The fork's store reads through to the origin's nodes (chain/store/readThrough.ts), so the
 *   fork's view reads both sides' states: diffs and three-way plans read through it.
 */
import type { Block } from "../block/block.ts";
import type { BlockHeader } from "../block/header.ts";
import { encodeHash } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { ContractHistory } from "../exec/contractHistory.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import { describeDiff, ZDiffOptions, type DiffJSON, type DiffOptions } from "./diffReport.ts";
import type { MergeRecordJSON } from "./types.ts";

/** Where a fork starts: a sealed block of a branch of its origin's chain. */
export type ForkOriginPoint = { readonly chainId: string; readonly branch: string; readonly height: number; readonly hash: string };

/** What a cross-repository diff or merge reads of one branch of a chain. */
export type BranchView = {
  /** The repository's name, as the hub knows it (shown in previews and records). */
  readonly repo?: string;
  readonly chainId: string;
  readonly branch: string;
  /** The branch's store id (a name can be deleted and created again). */
  readonly branchId: string;
  readonly head: BlockHeader;
  /** Null unless this chain is a fork: the origin's block it started from. */
  readonly forkOf: ForkOriginPoint | null;
  /** A sealed header of this branch (default its head). @throws ChainError NOT_FOUND */
  header(height?: number): BlockHeader;
  block(height: number): Block | undefined;
  /** The newest block of this branch at or below `point` that `point`'s branch also holds; null when there is none (or `point` is not on this chain). */
  commonWith(point: ForkOriginPoint): BlockHeader | null;
  /** The merges recorded on this chain. */
  merges(): readonly MergeRecordJSON[];
  readonly nodes: NodeStore;
  readonly history: ContractHistory;
};

const unrelated = (target: BranchView, source: BranchView) =>
  new ChainError(ErrorCode.BadRequest, `${label(source)} and ${label(target)} share no history: merges and three-dot diffs across repositories are between a fork and its origin.`, { code: "UNRELATED_HISTORIES" });

export const label = (v: BranchView) => `${v.repo ?? v.chainId}:${v.branch}`;

/** Which side is the fork: its view reads both chains' states (its store reads through to the origin's). */
export function forkSide(a: BranchView, b: BranchView): { fork: BranchView; origin: BranchView } | null {
  if (a.chainId === b.chainId) return null;
  if (a.forkOf?.chainId === b.chainId) return { fork: a, origin: b };
  if (b.forkOf?.chainId === a.chainId) return { fork: b, origin: a };
  return null;
}

export type CrossMergeBase = {
  /** The source's block after which its transactions are listed. */
  readonly replayFrom: BlockHeader;
  /** The three-way base: the state both sides last shared (a block of either chain). */
  readonly state: BlockHeader;
};

/**
 * Where a merge of `source` (another chain's branch) into `target` starts. First the fork point:
 * the fork's whole history follows the origin's block it started from. Then merges between the two
 * branches, as git's merge base moves to the merged commit: the source is listed from the source
 * head last merged into this target, and the three-way base is the newer of that head and the
 * target head last merged the other way. Which is newer needs no clock: a forward merge that took
 * a source head at or above the block holding the backward merge came after it.
 * @throws ChainError BAD_REQUEST UNRELATED_HISTORIES
 */
export function crossMergeBase(target: BranchView, source: BranchView): CrossMergeBase {
  const sides = forkSide(target, source);
  if (!sides) throw unrelated(target, source);
  let ancestor: CrossMergeBase;
  if (sides.fork === target) {
    const common = source.commonWith(target.forkOf!);
    if (!common) throw unrelated(target, source);
    ancestor = { replayFrom: common, state: common };
  } else {
    const common = target.commonWith(source.forkOf!);
    if (!common) throw unrelated(target, source);
    // The fork's blocks all follow its genesis, whose state is the origin's block.
    ancestor = { replayFrom: source.header(0), state: common };
  }
  const onBranch = (v: BranchView, at: { height: number; hash: string }) => (at.height <= v.head.height && v.block(at.height)?.header.hashText === at.hash ? v.block(at.height)!.header : null);
  const newest = (list: readonly MergeRecordJSON[], from: BranchView, into: BranchView, on: BranchView) => {
    for (let i = list.length - 1; i >= 0; i--) {
      const m = list[i]!;
      if (m.sourceChainId !== from.chainId || m.sourceId !== from.branchId || m.targetId !== into.branchId) continue;
      const header = onBranch(on, m.sourceHead);
      if (header) return { record: m, header };
    }
    return null;
  };
  const forward = newest(target.merges(), source, target, source);
  const backward = newest(source.merges(), target, source, target);
  const replayFrom = forward && forward.header.height > ancestor.replayFrom.height ? forward.header : ancestor.replayFrom;
  if (forward && (!backward || forward.record.sourceHead.height >= backward.record.targetHeight)) return { replayFrom, state: forward.header };
  if (backward) return { replayFrom, state: backward.header };
  return { replayFrom, state: ancestor.state };
}

/**
 * The oldest block at or after `from` whose state is the head's: where the source last changed.
 * A repository's main seals a block every slot, mostly empty; a preview naming the raw head would
 * be stale within a slot, while the merge it signs would do exactly the same. Every transaction
 * moves a nonce and empty blocks move nothing (no rewards on repository chains), so a state root,
 * once left, never comes back: the heights sharing the head's root are one run, found by bisection.
 */
export function settledHead(view: BranchView, from: BlockHeader): BlockHeader {
  const root = encodeHash(view.head.stateRoot);
  let lo = from.height;
  let hi = view.head.height;
  if (encodeHash(view.header(lo).stateRoot) === root) return view.header(lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (encodeHash(view.header(mid).stateRoot) === root) hi = mid;
    else lo = mid;
  }
  return view.header(hi);
}

export type CrossDiffJSON = DiffJSON & { readonly from: DiffJSON["from"] & { readonly repo?: string }; readonly to: DiffJSON["to"] & { readonly repo?: string } };

/**
 * The row-level diff between a branch of this chain (`from`) and one of a fork or origin (`to`),
 * read through the fork's store. Two-dot: the two states; three-dot: what `to` changed since the
 * merge base (the fork point or the last merge), as within one repository. Heights name blocks of
 * each side's own chain; a three-dot diff starts at the merge base whatever `from`'s height.
 * @throws ChainError BAD_REQUEST (UNRELATED_HISTORIES, options), NOT_FOUND (height)
 */
export function crossDiff(from: BranchView, to: BranchView, points: { fromHeight?: number; toHeight?: number }, opts: DiffOptions = {}): CrossDiffJSON {
  const o = ZDiffOptions.safeParse(opts);
  if (!o.success) throw new ChainError(ErrorCode.BadRequest, "A diff's options are {threeDot?, contract?, table?, limit (1 to 5,000)?}.");
  const sides = forkSide(from, to);
  if (!sides) throw unrelated(from, to);
  const fromHeader = from.header(points.fromHeight);
  const toHeader = to.header(points.toHeight);
  let start = fromHeader;
  let base: { height: number; hash: string } | null = null;
  if (o.data.threeDot) {
    start = crossMergeBase(from, to).state;
    base = { height: start.height, hash: start.hashText };
  }
  const end = (v: BranchView, h: BlockHeader) => ({ ...(v.repo ? { repo: v.repo } : {}), branch: v.branch, height: h.height, hash: h.hashText, stateRoot: encodeHash(h.stateRoot) });
  const reader = sides.fork;
  return { from: end(from, fromHeader), to: end(to, toHeader), base, ...describeDiff(reader.nodes, reader.history, start.stateRoot, toHeader.stateRoot, o.data) };
}
