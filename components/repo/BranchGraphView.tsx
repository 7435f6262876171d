"use client";
import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import Link from "next/link";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { branchGraphInput, graphNodeHref, graphPageHref, type BranchGraph, type BranchGraphEdge, type BranchGraphNode, type BranchGraphPageParams } from "./branchGraph";
import { errorMessage } from "./errors";

// mergedInto: a merge edge ends at this block, so one without transactions took merged rows.
type BlockNodeData = { block: BranchGraphNode; href: string | null; mergedInto: boolean };
type LaneNodeData = { name: string; deleted: boolean };
type BlockFlowNode = Node<BlockNodeData, "block" | "stub">;
type LaneFlowNode = Node<LaneNodeData, "lane">;

// Lane titles sit left of the first column.
const LANE_TITLE_X = -190;

/** A block on its lane: height, transactions, heads and forks; a link to the block page. */
function BlockNode({ data }: NodeProps<BlockFlowNode>) {
  const { block, href, mergedInto } = data;
  const tone = block.placeholder ? "border-dashed border-zinc-400 bg-zinc-50" : block.pending ? "border-dashed border-amber-500 bg-amber-50" : block.heads.length ? "border-zinc-900 bg-white" : "border-zinc-300 bg-white";
  const body = (
    <div className={`h-[60px] w-[112px] rounded-md border px-2 py-1.5 text-xs shadow-xs ${tone}`}>
      <div className="mono font-semibold text-zinc-900">#{block.height}</div>
      <div className="text-zinc-500">{block.placeholder ? "no blocks yet" : block.pending ? "pending" : block.txCount ? `${formatInteger(block.txCount)} tx${block.txCount === 1 ? "" : "s"}` : mergedInto ? "merged rows" : "empty"}</div>
      {block.heads.length ? <div className="mt-0.5 truncate font-medium text-blue-700">{block.heads.join(", ")} head</div> : null}
    </div>
  );
  return (
    <>
      <Handle type="target" position={Position.Left} className="!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-zinc-400" />
      {href ? (
        <Link href={href} className="block hover:opacity-80" data-testid={`graph-node-${block.lane}-${block.height}`} title={block.hash ?? undefined}>
          {body}
        </Link>
      ) : (
        <div data-testid={`graph-node-${block.lane}-${block.height}`}>{body}</div>
      )}
      <Handle type="source" position={Position.Right} className="!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-zinc-400" />
    </>
  );
}

/** What lies beyond the loaded heights on a lane: fork and merge edges to blocks outside end here; it opens that page of the graph. */
function StubNode({ data }: NodeProps<BlockFlowNode>) {
  const { block, href } = data;
  const older = block.stub === "older";
  const body = (
    <div className="flex h-[60px] w-[112px] flex-col justify-center rounded-md border border-dashed border-zinc-400 bg-zinc-100 px-2 text-xs text-zinc-600">
      <div className="font-medium">{older ? "← older" : "newer →"}</div>
      <div className="mono">{older ? `#${block.height} and below` : `#${block.height} and above`}</div>
    </div>
  );
  const testId = `graph-stub-${block.lane}-${block.stub}`;
  return (
    <>
      <Handle type="target" position={Position.Left} className="!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-zinc-400" />
      {href ? (
        <Link href={href} className="block hover:opacity-80" data-testid={testId} title={older ? "Not loaded: load older blocks" : "Not shown: back to the newest blocks"}>
          {body}
        </Link>
      ) : (
        <div data-testid={testId}>{body}</div>
      )}
      <Handle type="source" position={Position.Right} className="!h-1.5 !w-1.5 !min-w-0 !border-0 !bg-zinc-400" />
    </>
  );
}

/** A lane's title: the branch name (struck through once deleted). */
function LaneNode({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div className={`mono w-[160px] truncate text-right text-sm font-semibold ${data.deleted ? "text-zinc-400 line-through" : "text-zinc-800"}`} data-testid={`graph-lane-${data.name}`} title={data.deleted ? `${data.name} (deleted)` : data.name}>
      {data.name}
    </div>
  );
}

const NODE_TYPES = { block: BlockNode, stub: StubNode, lane: LaneNode };

// Lane edges are the branch's line; forks and merges stand out from it, each in its own way.
const EDGE_STYLE: Record<BranchGraphEdge["kind"], Partial<Edge>> = {
  lane: { style: { stroke: "#a1a1aa", strokeWidth: 1.5 }, type: "straight" },
  fork: { style: { stroke: "#2563eb", strokeWidth: 1.5, strokeDasharray: "6 4" }, type: "smoothstep", markerEnd: { type: MarkerType.ArrowClosed, color: "#2563eb" } },
  merge: { style: { stroke: "#16a34a", strokeWidth: 2 }, type: "default", animated: true, markerEnd: { type: MarkerType.ArrowClosed, color: "#16a34a" } },
};

function toFlow(repo: string, graph: BranchGraph, perLane: number | undefined): { nodes: (BlockFlowNode | LaneFlowNode)[]; edges: Edge[] } {
  const lanes = graph.lanes.map(
    (lane): LaneFlowNode => ({ id: `lane:${lane.name}`, type: "lane", position: { x: LANE_TITLE_X, y: lane.index * 110 + 14 }, data: { name: lane.name, deleted: lane.deleted }, draggable: false, selectable: false }),
  );
  const mergeTargets = new Set(graph.edges.filter((e) => e.kind === "merge").map((e) => e.target));
  // Nodes are neither dragged nor selected, so React Flow would let clicks through to the pane: the block links need them.
  const blocks = graph.nodes.map(
    (block): BlockFlowNode => ({
      id: block.id,
      type: block.stub ? "stub" : "block",
      position: { x: block.x, y: block.y },
      data: { block, href: graphNodeHref(repo, block, graph.window, perLane), mergedInto: mergeTargets.has(block.id) },
      draggable: false,
      style: { pointerEvents: "all" },
    }),
  );
  const edges = graph.edges.map(
    (e): Edge => ({
      id: e.id,
      source: e.source,
      target: e.target,
      label: e.label ?? undefined,
      labelStyle: { fontSize: 11, fill: "#52525b" },
      labelBgStyle: { fill: "#fafafa" },
      data: { kind: e.kind },
      className: `graph-edge-${e.kind}`,
      ...EDGE_STYLE[e.kind],
    }),
  );
  return { nodes: [...lanes, ...blocks], edges };
}

/**
 * The branch graph: one lane per branch, its blocks with transactions (newest 50; runs of empty
 * blocks are one edge with a count), dashed fork edges from the block a branch started at, green
 * merge edges from the source's head to the target block that took the merge. Every block opens
 * its page. Refreshed with the rest of the page when a block arrives (the header's live stream).
 * Older blocks are a page each (`page.beforeHeight`, from the URL): "Load older blocks" opens the
 * next one, and edges to blocks outside the page end at a stub that opens the page beyond it.
 */
export function BranchGraphView({ repo, page = {} }: { repo: string; page?: BranchGraphPageParams }) {
  const trpc = useTRPC();
  const graph = useQuery(trpc.branches.graph.queryOptions(branchGraphInput(repo, page)));
  const flow = useMemo(() => (graph.data ? toFlow(repo, graph.data, page.perLane) : null), [repo, graph.data, page.perLane]);
  const shown = graph.data?.window;
  const laneCount = graph.data?.lanes.length ?? 1;
  const merges = graph.data?.edges.filter((e) => e.kind === "merge").length ?? 0;

  return (
    <Panel
      title="Branch graph"
      actions={
        graph.data ? (
          <span data-testid="graph-summary">
            {formatInteger(graph.data.lanes.filter((l) => !l.deleted).length)} branches · {formatInteger(merges)} merge{merges === 1 ? "" : "s"}
          </span>
        ) : null
      }
      testId="branch-graph"
    >
      {graph.error ? (
        <p className="px-4 py-6 text-center text-sm text-red-700" data-testid="graph-error">
          {errorMessage(graph.error)}
        </p>
      ) : flow ? (
        <div style={{ height: Math.min(720, 160 + laneCount * 110) }} className="w-full" data-testid="graph-canvas">
          <ReactFlow
            // A page of other heights is another drawing: mounted afresh, so fitView frames it (live updates of a page keep the person's zoom).
            key={page.beforeHeight ?? "newest"}
            nodes={flow.nodes}
            edges={flow.edges}
            nodeTypes={NODE_TYPES}
            fitView
            fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
            minZoom={0.2}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable={false}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={24} color="#e4e4e7" />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      ) : (
        <p className="px-4 py-6 text-center text-sm text-zinc-500">Loading…</p>
      )}
      {shown ? (
        <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-600">
          <span data-testid="graph-window">
            {shown.before === null ? `Blocks #${shown.from} to the newest` : `Blocks #${shown.from} to #${shown.before - 1}`}
          </span>
          {shown.olderBefore !== null ? (
            <Link href={graphPageHref(repo, { beforeHeight: shown.olderBefore, perLane: page.perLane })} className="rounded border border-zinc-300 px-2 py-0.5 font-medium text-zinc-800 hover:bg-zinc-50" data-testid="graph-load-older">
              Load older blocks
            </Link>
          ) : (
            <span className="text-zinc-400">Reaches block 0</span>
          )}
          {shown.before !== null ? (
            <Link href={graphPageHref(repo, { perLane: page.perLane })} className="rounded border border-zinc-300 px-2 py-0.5 font-medium text-zinc-800 hover:bg-zinc-50" data-testid="graph-newest">
              Newest blocks
            </Link>
          ) : null}
        </div>
      ) : null}
      <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500">
        Blocks with transactions, {formatInteger(shown?.perLane ?? 50)} per branch a page; <span className="text-zinc-700">dashed grey</span>: blocks beyond the page; <span className="text-blue-700">dashed blue</span>: where a branch starts; <span className="text-green-700">green</span>: a merge (its source head → the block that took it). Click a block to open it.
      </p>
    </Panel>
  );
}
