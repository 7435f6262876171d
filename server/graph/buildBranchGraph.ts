/**
 * The branch graph of a repository as nodes and edges, laid out: one horizontal lane per branch,
 * columns by height (only heights that are drawn take a column, so a long run of empty blocks is
 * one labelled edge, not a long line). Pure: the router reads the chain and the index, this draws.
 *
 * The graph covers one window of heights, `from` up to `before` (the newest window has no upper
 * bound): server/graph/graphWindow.ts picks it so that every lane's blocks with transactions in
 * it are all given. Nodes are those blocks, each branch's head, the block it forked from (on the
 * lane that holds it) and both ends of every recorded merge, when their height is in the window.
 * An end outside it is a stub on its lane, left (older) or right (newer) of the window, so a fork
 * or merge edge is still drawn to where it goes; a lane that goes on beyond the window has the
 * same stub at that side. A merge whose source branch was deleted since gets a lane of its own.
 */
import type { BranchJSON, MergeRecordJSON } from "../../chain/node/types.ts";
import type { TxBlockJSON } from "../../db/queries/listTxBlocks.ts";

export const GRAPH_BLOCKS_PER_BRANCH = 50;
export const GRAPH_COLUMN_WIDTH = 210;
export const GRAPH_LANE_HEIGHT = 110;

export type GraphBranchInput = Pick<BranchJSON, "name" | "base" | "head">;

/** Heights `from` ≤ h < `before` (no upper bound when null: the newest blocks, heads and pending merges). */
export type GraphWindow = { readonly from: number; readonly before: number | null };

export type BranchGraphInput = {
  /** Live branches, main first. */
  readonly branches: readonly GraphBranchInput[];
  /**
   * Per branch, its own blocks with transactions (above its base) in the window, newest first,
   * and whether it has such blocks older than the window.
   */
  readonly blocks: Readonly<Record<string, { readonly blocks: readonly TxBlockJSON[]; readonly olderHidden: boolean }>>;
  readonly merges: readonly MergeRecordJSON[];
  /** Default: every height (`{ from: 0, before: null }`). */
  readonly window?: GraphWindow;
  /** The page size the blocks were read with (default GRAPH_BLOCKS_PER_BRANCH), reported back. */
  readonly perLane?: number;
};

export type GraphLaneJSON = { readonly name: string; readonly index: number; readonly deleted: boolean; readonly base: GraphBranchInput["base"]; readonly headHeight: number | null };

export type GraphNodeJSON = {
  readonly id: string;
  readonly lane: string;
  readonly height: number;
  readonly hash: string | null;
  readonly txCount: number | null;
  /** Branch heads at this block ("feature", or "main"). */
  readonly heads: string[];
  /** Branches that fork from this block. */
  readonly forks: string[];
  /** A merge's target block not sealed yet (its transactions wait in the pending block). */
  readonly pending: boolean;
  /** A branch with no block of its own yet: its lane shows where it starts. */
  readonly placeholder: boolean;
  /**
   * A stand-in for what lies beyond the window on this lane (older: left of it, newer: right of
   * it), where an edge to a block outside the window ends; null for a block. Its height is the
   * nearest height outside the window (`from - 1` or `before`).
   */
  readonly stub: "older" | "newer" | null;
  /** The block page's branch; null for a deleted branch (no page to open). */
  readonly linkBranch: string | null;
  readonly x: number;
  readonly y: number;
};

export type GraphEdgeJSON = {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: "lane" | "fork" | "merge";
  readonly label: string | null;
};

export type GraphWindowJSON = GraphWindow & {
  /** The `beforeHeight` of the next older window; null once the window reaches block 0. */
  readonly olderBefore: number | null;
  /** At most this many blocks with transactions per lane were read for the window. */
  readonly perLane: number;
};

export type BranchGraphJSON = { readonly lanes: GraphLaneJSON[]; readonly nodes: GraphNodeJSON[]; readonly edges: GraphEdgeJSON[]; readonly window: GraphWindowJSON };

type Draft = { lane: string; height: number; hash: string | null; txCount: number | null; heads: string[]; forks: string[]; pending: boolean; placeholder: boolean };

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/**
 * Lays out the graph of `input` (see the module comment).
 * @throws Never: references to unknown branches get a lane of their own, marked deleted.
 * @example buildBranchGraph({ branches: node.listBranches(), blocks, merges: node.listMerges() })
 */
export function buildBranchGraph(input: BranchGraphInput): BranchGraphJSON {
  const { from, before } = input.window ?? { from: 0, before: null };
  const inWindow = (h: number) => h >= from && (before === null || h < before);
  const live = new Map(input.branches.map((b) => [b.name, b] as const));
  const lanes: GraphLaneJSON[] = input.branches.map((b, index) => ({ name: b.name, index, deleted: false, base: b.base, headHeight: b.head.height }));
  const laneOf = (name: string): GraphLaneJSON => {
    let lane = lanes.find((l) => l.name === name);
    if (!lane) lanes.push((lane = { name, index: lanes.length, deleted: true, base: null, headHeight: null }));
    return lane;
  };
  /** The lane whose own block is `height` in `branch`'s history (its bases' below each base). */
  const owner = (branch: string, height: number): string => {
    let name = branch;
    for (let at = live.get(name); at?.base && height <= at.base.height; at = live.get(name)) name = at.base.branch;
    return name;
  };
  const drafts = new Map<string, Draft>();
  const stubs = new Map<string, { lane: string; side: "older" | "newer" }>();
  const idOf = (lane: string, height: number) => `${lane}@${height}`;
  const put = (lane: string, height: number, fields: Partial<Draft> = {}): Draft => {
    laneOf(lane);
    const id = idOf(lane, height);
    let d = drafts.get(id);
    if (!d) drafts.set(id, (d = { lane, height, hash: null, txCount: null, heads: [], forks: [], pending: false, placeholder: false }));
    if (fields.hash) d.hash = fields.hash;
    if (fields.txCount !== undefined) d.txCount = fields.txCount;
    if (fields.pending) d.pending = true;
    if (fields.placeholder) d.placeholder = true;
    return d;
  };
  const stub = (lane: string, side: "older" | "newer"): string => {
    laneOf(lane);
    const id = `${lane}@${side}`;
    stubs.set(id, { lane, side });
    return id;
  };
  /** Where an edge ends at `height` on `lane`: the block when the window holds it, else the lane's stub on that side. */
  const end = (lane: string, height: number, fields: Partial<Draft> = {}): string => {
    if (inWindow(height)) return idOf(lane, put(lane, height, fields).height);
    return stub(lane, height < from ? "older" : "newer");
  };
  const outside = (height: number) => (height < from ? "older" : before !== null && height >= before ? "newer" : null);

  const edges: GraphEdgeJSON[] = [];
  for (const b of input.branches) {
    const own = input.blocks[b.name]?.blocks ?? [];
    for (const block of own) if (inWindow(block.height)) put(b.name, block.height, { hash: block.hash, txCount: block.txCount });
    if (!b.base && inWindow(0)) put(b.name, 0);
    // A branch with no block of its own still gets its lane: a placeholder where it starts.
    const hasOwn = !b.base || b.head.height > b.base.height;
    if (inWindow(b.head.height)) put(b.name, b.head.height, hasOwn ? { hash: b.head.hash } : { placeholder: true }).heads.push(b.name);
    if (b.base && inWindow(b.base.height)) put(owner(b.base.branch, b.base.height), b.base.height, { hash: b.base.hash }).forks.push(b.name);
    // The lane goes on beyond the window: older blocks (main's, or the branch's start) or newer ones.
    if (b.base ? b.base.height < from : from > 0) stub(b.name, "older");
    if (before !== null && b.head.height >= before) stub(b.name, "newer");
  }

  for (const m of input.merges) {
    const sourceLane = owner(m.source, m.sourceHead.height);
    const targetLane = owner(m.target, m.targetHeight);
    const sourceSide = outside(m.sourceHead.height);
    // Both ends on the same side of the window: nothing of this merge is in it.
    if (sourceSide !== null && sourceSide === outside(m.targetHeight)) continue;
    const target = live.get(m.target);
    const source = end(sourceLane, m.sourceHead.height, { hash: m.sourceHead.hash });
    const into = end(targetLane, m.targetHeight, { pending: target !== undefined && m.targetHeight > target.head.height });
    const what = [plural(m.applied, "tx"), ...(m.mode === "consistent" ? [plural(m.rows, "row")] : [])].join(", ");
    edges.push({ id: `merge:${m.source}:${m.target}:${m.targetHeight}:${m.at}`, source, target: into, kind: "merge", label: `${m.mode} merge · ${what}` });
  }

  // Lane edges between consecutive drawn blocks, from the older stub and to the newer one; the first block of a branch hangs off its fork point.
  for (const lane of lanes) {
    const row = [...drafts.values()].filter((d) => d.lane === lane.name).sort((a, b) => a.height - b.height);
    const ids = row.map((d) => idOf(d.lane, d.height));
    for (let i = 1; i < row.length; i++) {
      const gap = row[i]!.height - row[i - 1]!.height - 1;
      edges.push({ id: `lane:${lane.name}:${row[i - 1]!.height}:${row[i]!.height}`, source: ids[i - 1]!, target: ids[i]!, kind: "lane", label: gap <= 0 ? null : plural(gap, "empty block") });
    }
    const older = stubs.has(`${lane.name}@older`) ? `${lane.name}@older` : null;
    const newer = stubs.has(`${lane.name}@newer`) ? `${lane.name}@newer` : null;
    const first = ids[0] ?? newer;
    const base = lane.base;
    const forkLabel = base && `${lane.name} from ${base.branch} at ${base.height}`;
    if (base && forkLabel && first && inWindow(base.height)) {
      edges.push({ id: `fork:${lane.name}`, source: idOf(owner(base.branch, base.height), base.height), target: first, kind: "fork", label: forkLabel });
    } else if (older && first) {
      // The fork point is older than the window: when the branch has no older blocks of its own, the edge from the stub is its fork edge.
      const fork = base !== null && forkLabel !== null && input.blocks[lane.name]?.olderHidden !== true;
      edges.push({ id: fork ? `fork:${lane.name}` : `lane:${lane.name}:older`, source: older, target: first, kind: fork ? "fork" : "lane", label: fork ? forkLabel : "older blocks not loaded" });
    }
    const last = ids.at(-1);
    if (newer && last) edges.push({ id: `lane:${lane.name}:newer`, source: last, target: newer, kind: "lane", label: "newer blocks" });
  }

  // Columns: the drawn heights in order, with one column left of them for older stubs and one right for newer ones.
  const columns = [...new Set([...drafts.values()].map((d) => d.height))].sort((a, b) => a - b);
  const hasOlder = [...stubs.values()].some((x) => x.side === "older");
  const column = new Map(columns.map((h, i) => [h, i + (hasOlder ? 1 : 0)] as const));
  const newerColumn = columns.length + (hasOlder ? 1 : 0);
  const laneIndex = new Map(lanes.map((l) => [l.name, l.index] as const));
  const blockNodes = [...drafts.values()].map(
    (d): GraphNodeJSON => ({
      id: idOf(d.lane, d.height),
      ...d,
      stub: null,
      linkBranch: live.has(d.lane) ? d.lane : null,
      x: column.get(d.height)! * GRAPH_COLUMN_WIDTH,
      y: laneIndex.get(d.lane)! * GRAPH_LANE_HEIGHT,
    }),
  );
  const stubNodes = [...stubs].map(
    ([id, x]): GraphNodeJSON => ({
      id,
      lane: x.lane,
      height: x.side === "older" ? from - 1 : before!,
      hash: null,
      txCount: null,
      heads: [],
      forks: [],
      pending: false,
      placeholder: false,
      stub: x.side,
      linkBranch: live.has(x.lane) ? x.lane : null,
      x: (x.side === "older" ? 0 : newerColumn) * GRAPH_COLUMN_WIDTH,
      y: laneIndex.get(x.lane)! * GRAPH_LANE_HEIGHT,
    }),
  );
  const nodes = [...blockNodes, ...stubNodes].sort((a, b) => a.y - b.y || a.x - b.x);
  return { lanes, nodes, edges, window: { from, before, olderBefore: from > 0 ? from : null, perLane: input.perLane ?? GRAPH_BLOCKS_PER_BRANCH } };
}
