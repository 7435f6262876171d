/**
 * The branch graph (`branches.graph`): kept apart from the branch list and merge procedures, and
 * joined to them under `branches` in root.ts.
 */
import { readBranchGraph } from "../../graph/readBranchGraph.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

export const branchGraphRouter = createTRPCRouter({
  /** Every branch as a lane: its blocks with transactions (newest 50), fork point, head, and the merges into it. */
  graph: repoReadProcedure.query(({ ctx }) => readBranchGraph(ctx.repo.node, ctx.hub.index.db, ctx.repo.fullName)),
});
