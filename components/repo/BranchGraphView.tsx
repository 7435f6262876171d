"use client";
import "@xyflow/react/dist/style.css";
import { useQuery } from "@tanstack/react-query";
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from "@xyflow/react";
import Link from "next/link";
import { useMemo } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { branchGraphInput, graphNodeHref, type BranchGraph, type BranchGraphEdge, type BranchGraphNode } from "./branchGraph";
import { errorMessage } from "./errors";

type BlockNodeData = { block: BranchGraphNode; href: string | null };
type LaneNodeData = { name: string; deleted: boolean };
type BlockFlowNode = Node<BlockNodeData, "block">;
type LaneFlowNode = Node<LaneNodeData, "lane">;

// Lane titles sit left of the first column.
const LANE_TITLE_X = -190;

/** A block on its lane: height, transactions, heads and forks; a link to the block page. */
function BlockNode({ data }: NodeProps<BlockFlowNode>) {
  const { block, href } = data;
  const tone = block.placeholder ? "border-dashed border-zinc-400 bg-zinc-50" : block.pending ? "border-dashed border-amber-500 bg-amber-50" : block.heads.length ? "border-zinc-900 bg-white" : "border-zinc-300 bg-white";
  const body = (
    <div className={`h-[60px] w-[112px] rounded-md border px-2 py-1.5 text-xs shadow-xs ${tone}`}>
      <div className="mono font-semibold text-zinc-900">#{block.height}</div>
      <div className="text-zinc-500">{block.placeholder ? "no blocks yet" : block.pending ? "pending" : block.txCount ? `${formatInteger(block.txCount)} tx${block.txCount === 1 ? "" : "s"}` : "empty"}</div>
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

/** A lane's title: the branch name (struck through once deleted). */
function LaneNode({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div className={`mono w-[160px] truncate text-right text-sm font-semibold ${data.deleted ? "text-zinc-400 line-through" : "text-zinc-800"}`} data-testid={`graph-lane-${data.name}`} title={data.deleted ? `${data.name} (deleted)` : data.name}>
      {data.name}
    </div>
  );
}

const NODE_TYPES = { block: BlockNode, lane: LaneNode };

// Lane edges are the branch's line; forks and merges stand out from it, each in its own way.
const EDGE_STYLE: Record<BranchGraphEdge["kind"], Partial<Edge>> = {
  lane: { style: { stroke: "#a1a1aa", strokeWidth: 1.5 }, type: "straight" },
  fork: { style: { stroke: "#2563eb", strokeWidth: 1.5, strokeDasharray: "6 4" }, type: "smoothstep", markerEnd: { type: MarkerType.ArrowClosed, color: "#2563eb" } },
  merge: { style: { stroke: "#16a34a", strokeWidth: 2 }, type: "default", animated: true, markerEnd: { type: MarkerType.ArrowClosed, color: "#16a34a" } },
};

function toFlow(repo: string, graph: BranchGraph): { nodes: (BlockFlowNode | LaneFlowNode)[]; edges: Edge[] } {
  const lanes = graph.lanes.map(
    (lane): LaneFlowNode => ({ id: `lane:${lane.name}`, type: "lane", position: { x: LANE_TITLE_X, y: lane.index * 110 + 14 }, data: { name: lane.name, deleted: lane.deleted }, draggable: false, selectable: false }),
  );
  // Nodes are neither dragged nor selected, so React Flow would let clicks through to the pane: the block links need them.
  const blocks = graph.nodes.map(
    (block): BlockFlowNode => ({ id: block.id, type: "block", position: { x: block.x, y: block.y }, data: { block, href: graphNodeHref(repo, block) }, draggable: false, style: { pointerEvents: "all" } }),
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
 */
export function BranchGraphView({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const graph = useQuery(trpc.branches.graph.queryOptions(branchGraphInput(repo)));
  const flow = useMemo(() => (graph.data ? toFlow(repo, graph.data) : null), [repo, graph.data]);
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
      <p className="border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500">
        Blocks with transactions, newest 50 per branch; <span className="text-blue-700">dashed blue</span>: where a branch starts; <span className="text-green-700">green</span>: a merge (its source head → the block that took it). Click a block to open it.
      </p>
    </Panel>
  );
}
