import { indexStats, throughputSeries } from "../../../db/queries/index.ts";
import { ZThroughputInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const chainRouter = createTRPCRouter({
  info: publicProcedure.query(({ ctx }) => ctx.hub.node.info()),
  throughput: publicProcedure.input(ZThroughputInput).query(({ ctx, input }) => throughputSeries(ctx.hub.index.db, input)),
  indexStats: publicProcedure.query(({ ctx }) => indexStats(ctx.hub.index.db)),
});
