/**
 * The branch graph of a repository as nodes and edges, laid out: one horizontal lane per branch,
 * columns by height (only heights that are drawn take a column, so a long run of empty blocks is
 * one labelled edge, not a long line). Pure: the router reads the chain and the index, this draws.
 *
 * Nodes are blocks that carry transactions (newest GRAPH_BLOCKS_PER_BRANCH per branch), each
 * branch's head, the block it forked from (on the lane that holds it) and both ends of every
 * recorded merge. A merge whose source branch was deleted since gets a lane of its own, marked.
 */
import type { BranchJSON, MergeRecordJSON } from "../../chain/node/types.ts";
import type { TxBlockJSON } from "../../db/queries/listTxBlocks.ts";

export const GRAPH_BLOCKS_PER_BRANCH = 50;
export const GRAPH_COLUMN_WIDTH = 210;
export const GRAPH_LANE_HEIGHT = 110;

export type GraphBranchInput = Pick<BranchJSON, "name" | "base" | "head">;

export type BranchGraphInput = {
  /** Live branches, main first. */
  readonly branches: readonly GraphBranchInput[];
  /** Per branch, its own blocks with transactions (above its base), newest first, at most GRAPH_BLOCKS_PER_BRANCH. */
  readonly blocks: Readonly<Record<string, { readonly blocks: readonly TxBlockJSON[]; readonly olderHidden: boolean }>>;
  readonly merges: readonly MergeRecordJSON[];
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

export type BranchGraphJSON = { readonly lanes: GraphLaneJSON[]; readonly nodes: GraphNodeJSON[]; readonly edges: GraphEdgeJSON[] };

type Draft = { lane: string; height: number; hash: string | null; txCount: number | null; heads: string[]; forks: string[]; pending: boolean; placeholder: boolean };

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${one}${n === 1 ? "" : "s"}`;

/**
 * Lays out the graph of `input` (see the module comment).
 * @throws Never: references to unknown branches get a lane of their own, marked deleted.
 * @example buildBranchGraph({ branches: node.listBranches(), blocks, merges: node.listMerges() })
 */
export function buildBranchGraph(input: BranchGraphInput): BranchGraphJSON {
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

  const edges: GraphEdgeJSON[] = [];
  for (const b of input.branches) {
    const own = input.blocks[b.name]?.blocks ?? [];
    for (const block of own) put(b.name, block.height, { hash: block.hash, txCount: block.txCount });
    if (!b.base) put(b.name, 0);
    // A branch with no block of its own still gets its lane: a placeholder where it starts.
    const hasOwn = !b.base || b.head.height > b.base.height;
    const head = put(b.name, b.head.height, hasOwn ? { hash: b.head.hash } : { placeholder: true });
    head.heads.push(b.name);
    if (b.base) {
      const from = put(owner(b.base.branch, b.base.height), b.base.height, { hash: b.base.hash });
      from.forks.push(b.name);
    }
  }

  for (const m of input.merges) {
    const sourceHead = put(owner(m.source, m.sourceHead.height), m.sourceHead.height, { hash: m.sourceHead.hash });
    const target = live.get(m.target);
    const targetLane = owner(m.target, m.targetHeight);
    const into = put(targetLane, m.targetHeight, { pending: target !== undefined && m.targetHeight > target.head.height });
    const what = [plural(m.applied, "tx"), ...(m.mode === "consistent" ? [plural(m.rows, "row")] : [])].join(", ");
    edges.push({ id: `merge:${m.source}:${m.target}:${m.targetHeight}:${m.at}`, source: idOf(sourceHead.lane, sourceHead.height), target: idOf(into.lane, into.height), kind: "merge", label: `${m.mode} merge · ${what}` });
  }

  // Lane edges between consecutive drawn blocks; the first block of a branch hangs off its fork point.
  for (const lane of lanes) {
    const row = [...drafts.values()].filter((d) => d.lane === lane.name).sort((a, b) => a.height - b.height);
    const shown = input.blocks[lane.name];
    const oldestShown = shown?.blocks.length ? Math.min(...shown.blocks.map((x) => x.height)) : Number.POSITIVE_INFINITY;
    for (let i = 1; i < row.length; i++) {
      const a = row[i - 1]!;
      const b = row[i]!;
      const gap = b.height - a.height - 1;
      const hidden = shown?.olderHidden === true && a.height < oldestShown;
      const label = gap <= 0 ? null : hidden ? `${plural(gap, "block")} (older ones not drawn)` : plural(gap, "empty block");
      edges.push({ id: `lane:${lane.name}:${a.height}:${b.height}`, source: idOf(a.lane, a.height), target: idOf(b.lane, b.height), kind: "lane", label });
    }
    const base = lane.base;
    if (base && row[0]) {
      const from = idOf(owner(base.branch, base.height), base.height);
      edges.push({ id: `fork:${lane.name}`, source: from, target: idOf(row[0].lane, row[0].height), kind: "fork", label: `${lane.name} from ${base.branch} at ${base.height}` });
    }
  }

  const columns = [...new Set([...drafts.values()].map((d) => d.height))].sort((a, b) => a - b);
  const column = new Map(columns.map((h, i) => [h, i] as const));
  const laneIndex = new Map(lanes.map((l) => [l.name, l.index] as const));
  const nodes = [...drafts.values()]
    .map(
      (d): GraphNodeJSON => ({
        id: idOf(d.lane, d.height),
        ...d,
        linkBranch: live.has(d.lane) ? d.lane : null,
        x: column.get(d.height)! * GRAPH_COLUMN_WIDTH,
        y: laneIndex.get(d.lane)! * GRAPH_LANE_HEIGHT,
      }),
    )
    .sort((a, b) => a.y - b.y || a.x - b.x);
  return { lanes, nodes, edges };
}
