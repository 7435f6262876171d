/**
 * The branch graph (`branches.graph`): kept apart from the branch list and merge procedures, and
 * joined to them under `branches` in root.ts.
 */
import { readBranchGraph, ZBranchGraphPage } from "../../graph/readBranchGraph.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

export const branchGraphRouter = createTRPCRouter({
  /**
   * Every branch as a lane over one window of heights: its blocks with transactions (newest 50
   * by default, or below `beforeHeight`), fork points, heads, merges; edges to blocks outside the
   * window end at a stub. `window.olderBefore` is the next older page's cursor.
   */
  graph: repoReadProcedure.input(ZBranchGraphPage).query(({ ctx, input }) => readBranchGraph(ctx.repo.node, ctx.hub.index.db, ctx.repo.fullName, input)),
});
