import { describe, expect, it } from "vitest";
import type { MergeRecordJSON } from "../../chain/node/types.ts";
import { buildBranchGraph, GRAPH_COLUMN_WIDTH, GRAPH_LANE_HEIGHT, type GraphBranchInput } from "./buildBranchGraph.ts";

const hash = (lane: string, h: number) => `${lane}-${h}`;
const branch = (name: string, head: number, base?: { branch: string; height: number }): GraphBranchInput => ({
  name,
  head: { height: head, hash: hash(name, head), timestamp: 0 },
  base: base ? { ...base, hash: hash(base.branch, base.height) } : null,
});
const blocks = (lane: string, ...heights: number[]) => heights.map((h) => ({ height: h, hash: hash(lane, h), txCount: 1, timestamp: h }));
const merge = (source: string, target: string, sourceHead: number, targetHeight: number, extra: Partial<MergeRecordJSON> = {}): MergeRecordJSON => ({
  source,
  target,
  sourceId: source,
  targetId: target,
  mode: "automated",
  base: { height: 0, hash: "b" },
  sourceHead: { height: sourceHead, hash: hash(source, sourceHead) },
  targetHeight,
  digest: "d",
  applied: 2,
  rows: 0,
  at: targetHeight,
  by: null,
  ...extra,
});

describe("buildBranchGraph", () => {
  it("draws one lane per branch with its transaction blocks, the fork point on the parent lane, and a merge edge from the source head to the target block", () => {
    const graph = buildBranchGraph({
      branches: [branch("main", 40), branch("feature", 22, { branch: "main", height: 10 })],
      blocks: { main: { blocks: blocks("main", 30, 5), olderHidden: false }, feature: { blocks: blocks("feature", 22, 21), olderHidden: false } },
      merges: [merge("feature", "main", 22, 30)],
    });
    expect(graph.lanes.map((l) => [l.name, l.index, l.deleted])).toEqual([
      ["main", 0, false],
      ["feature", 1, false],
    ]);
    expect(graph.nodes.filter((n) => n.lane === "main").map((n) => n.height)).toEqual([0, 5, 10, 30, 40]);
    expect(graph.nodes.filter((n) => n.lane === "feature").map((n) => n.height)).toEqual([21, 22]);
    const fork = graph.nodes.find((n) => n.id === "main@10")!;
    expect(fork.forks).toEqual(["feature"]);
    expect(fork.hash).toBe("main-10");
    expect(graph.nodes.find((n) => n.id === "main@40")!.heads).toEqual(["main"]);
    expect(graph.nodes.find((n) => n.id === "feature@22")!.heads).toEqual(["feature"]);

    const edge = (kind: string) => graph.edges.filter((e) => e.kind === kind).map((e) => [e.source, e.target, e.label]);
    expect(edge("fork")).toEqual([["main@10", "feature@21", "feature from main at 10"]]);
    expect(edge("merge")).toEqual([["feature@22", "main@30", "automated merge · 2 txs"]]);
    // empty blocks between drawn blocks: one edge, labelled with how many
    expect(edge("lane")).toEqual([
      ["main@0", "main@5", "4 empty blocks"],
      ["main@5", "main@10", "4 empty blocks"],
      ["main@10", "main@30", "19 empty blocks"],
      ["main@30", "main@40", "9 empty blocks"],
      ["feature@21", "feature@22", null],
    ]);
    // lanes are rows, heights are columns shared by every lane
    const at = (id: string) => graph.nodes.find((n) => n.id === id)!;
    expect(at("feature@21").y).toBe(GRAPH_LANE_HEIGHT);
    expect(at("main@10").x).toBe(2 * GRAPH_COLUMN_WIDTH);
    expect(at("feature@21").x).toBeGreaterThan(at("main@10").x);
    expect(at("main@30").x).toBeGreaterThan(at("feature@22").x);
    expect(graph.nodes.every((n) => n.linkBranch === n.lane)).toBe(true);
  });

  it("gives a branch without blocks a placeholder at its base, resolves heights below a base to the lane that holds them, and marks a pending merge", () => {
    const graph = buildBranchGraph({
      branches: [branch("main", 12), branch("a", 8, { branch: "main", height: 6 }), branch("b", 7, { branch: "a", height: 7 })],
      blocks: { main: { blocks: [], olderHidden: false }, a: { blocks: blocks("a", 7, 8), olderHidden: false }, b: { blocks: [], olderHidden: false } },
      // b merged while it had no blocks of its own: its head then was a's block 7
      merges: [merge("b", "main", 7, 13, { mode: "consistent", rows: 3, applied: 0 })],
    });
    const b = graph.nodes.find((n) => n.lane === "b")!;
    expect([b.id, b.placeholder, b.heads]).toEqual(["b@7", true, ["b"]]);
    expect(graph.nodes.find((n) => n.id === "a@7")!.forks).toEqual(["b"]);
    expect(graph.edges.find((e) => e.kind === "merge")).toMatchObject({ source: "a@7", target: "main@13", label: "consistent merge · 0 txs, 3 rows" });
    expect(graph.nodes.find((n) => n.id === "main@13")!.pending).toBe(true);
  });

  it("gives a deleted merge source a lane of its own without links, and says when older blocks are not drawn", () => {
    const graph = buildBranchGraph({
      branches: [branch("main", 100)],
      blocks: { main: { blocks: blocks("main", 90, 80), olderHidden: true } },
      merges: [merge("gone", "main", 55, 90)],
    });
    const lane = graph.lanes.find((l) => l.name === "gone")!;
    expect(lane.deleted).toBe(true);
    const node = graph.nodes.find((n) => n.lane === "gone")!;
    expect([node.id, node.linkBranch]).toEqual(["gone@55", null]);
    const labels = graph.edges.filter((e) => e.kind === "lane").map((e) => e.label);
    expect(labels).toEqual(["79 blocks (older ones not drawn)", "9 empty blocks", "9 empty blocks"]);
  });
});
