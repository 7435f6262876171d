import { ChainError, ErrorCode } from "../../../chain/errors.ts";
import { listBlocks } from "../../../db/queries/index.ts";
import { ZGetBlockInput, ZListBlocksInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const blocksRouter = createTRPCRouter({
  list: publicProcedure.input(ZListBlocksInput).query(({ ctx, input }) => listBlocks(ctx.hub.index.db, input)),
  /** By height or hash, straight from the chain store (the authority), receipts included. */
  get: publicProcedure.input(ZGetBlockInput).query(({ ctx, input }) => {
    const id = typeof input.id === "string" && /^\d+$/.test(input.id) ? Number(input.id) : input.id;
    const sealed = ctx.hub.node.getBlock(id);
    if (!sealed) throw new ChainError(ErrorCode.NotFound, `No block ${String(input.id)} on this chain.`);
    return sealed;
  }),
});
