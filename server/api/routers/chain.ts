import { indexStats, throughputSeries } from "../../../db/queries/index.ts";
import { ZThroughputInput } from "../inputs.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

export const chainRouter = createTRPCRouter({
  info: repoReadProcedure.query(({ ctx }) => ctx.repo.node.info({ branch: ctx.branch })),
  throughput: repoReadProcedure.input(ZThroughputInput).query(({ ctx, input }) => throughputSeries(ctx.hub.index.db, { ...input, repo: ctx.repo.fullName })),
  indexStats: repoReadProcedure.query(({ ctx }) => indexStats(ctx.hub.index.db, ctx.repo.fullName)),
});
