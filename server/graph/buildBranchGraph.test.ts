import { describe, expect, it } from "vitest";
import type { MergeRecordJSON } from "../../chain/node/types.ts";
import { buildBranchGraph, GRAPH_COLUMN_WIDTH, GRAPH_LANE_HEIGHT, type GraphBranchInput } from "./buildBranchGraph.ts";
import { pickWindow } from "./graphWindow.ts";

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

  it("gives a deleted merge source a lane of its own without links", () => {
    const graph = buildBranchGraph({
      branches: [branch("main", 100)],
      blocks: { main: { blocks: blocks("main", 90, 80), olderHidden: false } },
      merges: [merge("gone", "main", 55, 90)],
    });
    const lane = graph.lanes.find((l) => l.name === "gone")!;
    expect(lane.deleted).toBe(true);
    const node = graph.nodes.find((n) => n.lane === "gone")!;
    expect([node.id, node.linkBranch, node.stub]).toEqual(["gone@55", null, null]);
    expect(graph.window).toEqual({ from: 0, before: null, olderBefore: null, perLane: 50 });
  });
});

describe("buildBranchGraph in a window of heights", () => {
  // main 0..100; feature from main at 20 with blocks 21..24, merged at 60; late from main at 70, blocks 71, 72.
  const branches = [branch("main", 100), branch("feature", 24, { branch: "main", height: 20 }), branch("late", 72, { branch: "main", height: 70 })];
  const merges = [merge("feature", "main", 24, 60)];
  const edgesOf = (graph: ReturnType<typeof buildBranchGraph>, kind: string) => graph.edges.filter((e) => e.kind === kind).map((e) => [e.source, e.target, e.label]);

  it("the newest window: an edge whose source is older ends at that lane's older stub, and lanes going on below have one", () => {
    const graph = buildBranchGraph({
      branches,
      blocks: { main: { blocks: blocks("main", 90, 60), olderHidden: true }, feature: { blocks: [], olderHidden: true }, late: { blocks: blocks("late", 72, 71), olderHidden: false } },
      merges,
      window: { from: 60, before: null },
    });
    expect(graph.window).toEqual({ from: 60, before: null, olderBefore: 60, perLane: 50 });
    const ids = graph.nodes.map((n) => n.id);
    expect(ids).toEqual(["main@older", "main@60", "main@70", "main@90", "main@100", "feature@older", "late@71", "late@72"]);
    const stub = graph.nodes.find((n) => n.id === "feature@older")!;
    expect([stub.stub, stub.height, stub.x, stub.linkBranch]).toEqual(["older", 59, 0, "feature"]);
    // Stubs take the column left of every drawn height.
    expect(graph.nodes.find((n) => n.id === "main@60")!.x).toBe(GRAPH_COLUMN_WIDTH);
    expect(edgesOf(graph, "merge")).toEqual([["feature@older", "main@60", "automated merge · 2 txs"]]);
    expect(edgesOf(graph, "fork")).toEqual([["main@70", "late@71", "late from main at 70"]]);
    expect(edgesOf(graph, "lane")).toEqual([
      ["main@60", "main@70", "9 empty blocks"],
      ["main@70", "main@90", "19 empty blocks"],
      ["main@90", "main@100", "9 empty blocks"],
      ["main@older", "main@60", "older blocks not loaded"],
      ["late@71", "late@72", null],
    ]);
    // Every edge ends at a node that is drawn.
    for (const e of graph.edges) expect([ids.includes(e.source), ids.includes(e.target)]).toEqual([true, true]);
  });

  it("an older window: the fork and the branch are in it, the merge target and the heads are newer (stubs right of the window)", () => {
    const graph = buildBranchGraph({
      branches,
      blocks: { main: { blocks: blocks("main", 5), olderHidden: false }, feature: { blocks: blocks("feature", 24, 23, 22, 21), olderHidden: false }, late: { blocks: [], olderHidden: false } },
      merges,
      window: { from: 0, before: 60 },
    });
    expect(graph.window).toEqual({ from: 0, before: 60, olderBefore: null, perLane: 50 });
    const ids = graph.nodes.map((n) => n.id);
    expect(ids).toEqual(["main@0", "main@5", "main@20", "main@newer", "feature@21", "feature@22", "feature@23", "feature@24", "late@newer"]);
    expect(graph.nodes.find((n) => n.id === "main@20")!.forks).toEqual(["feature"]);
    expect(graph.nodes.find((n) => n.id === "feature@24")!.heads).toEqual(["feature"]);
    const newer = graph.nodes.find((n) => n.id === "main@newer")!;
    expect([newer.stub, newer.height, newer.x]).toEqual(["newer", 60, 7 * GRAPH_COLUMN_WIDTH]);
    expect(edgesOf(graph, "merge")).toEqual([["feature@24", "main@newer", "automated merge · 2 txs"]]);
    expect(edgesOf(graph, "fork")).toEqual([["main@20", "feature@21", "feature from main at 20"]]);
    expect(edgesOf(graph, "lane").filter(([s]) => s === "main@20")).toEqual([["main@20", "main@newer", "newer blocks"]]);
    // `late` starts after the window: its lane is listed, with only the stub that says it goes on later.
    expect(graph.nodes.filter((n) => n.lane === "late").map((n) => n.stub)).toEqual(["newer"]);
    expect(graph.lanes.map((l) => l.name)).toEqual(["main", "feature", "late"]);
  });

  it("a fork point older than the window: the branch's first block hangs off its stub by a fork edge, or by a lane edge when it has older blocks", () => {
    const graph = buildBranchGraph({
      branches,
      blocks: { main: { blocks: [], olderHidden: true }, feature: { blocks: blocks("feature", 24, 23), olderHidden: false }, late: { blocks: [], olderHidden: false } },
      merges: [],
      window: { from: 23, before: 30 },
    });
    expect(edgesOf(graph, "fork")).toEqual([["feature@older", "feature@23", "feature from main at 20"]]);
    const withOlder = buildBranchGraph({
      branches,
      blocks: { main: { blocks: [], olderHidden: true }, feature: { blocks: blocks("feature", 24, 23), olderHidden: true }, late: { blocks: [], olderHidden: false } },
      merges: [],
      window: { from: 23, before: 30 },
    });
    expect(edgesOf(withOlder, "fork")).toEqual([]);
    expect(edgesOf(withOlder, "lane")).toContainEqual(["feature@older", "feature@23", "older blocks not loaded"]);
  });
});

describe("pickWindow", () => {
  it("starts the window where the first lane ran out, keeps each lane's blocks in it, and says which lanes have older ones", () => {
    const picked = pickWindow(
      {
        main: { blocks: blocks("main", 90, 80, 70), lowest: 70, more: true },
        feature: { blocks: blocks("feature", 85, 60, 40), lowest: 0, more: false },
        sparse: { blocks: blocks("sparse", 75), lowest: 50, more: true },
      },
      null,
    );
    expect(picked.window).toEqual({ from: 70, before: null });
    expect(Object.entries(picked.blocks).map(([lane, b]) => [lane, b.blocks.map((x) => x.height), b.olderHidden])).toEqual([
      ["main", [90, 80, 70], true],
      ["feature", [85], true],
      ["sparse", [75], true],
    ]);
  });

  it("reaches block 0 when no lane ran out, and never starts a window at its own cursor", () => {
    expect(pickWindow({ main: { blocks: blocks("main", 9, 3), lowest: 0, more: false } }, 10).window).toEqual({ from: 0, before: 10 });
    expect(pickWindow({ main: { blocks: [], lowest: 10, more: true } }, 10).window).toEqual({ from: 9, before: 10 });
  });
});
