import { z } from "zod";
import { getAccountRow, listAddressTxs, search } from "../../../db/queries/index.ts";
import { ZAddressTxsInput, ZGetAccountInput, ZSearchInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const accountsRouter = createTRPCRouter({
  /** Balance and nonce: the latest state, or the state after block `height`. */
  get: publicProcedure.input(ZGetAccountInput).query(({ ctx, input }) => ctx.hub.node.getAccount(input.address, { height: input.height })),
  /** The account with a Merkle proof against a block header's state root. */
  proof: publicProcedure.input(ZGetAccountInput).query(({ ctx, input }) => ctx.hub.node.getAccountProof(input.address, { height: input.height })),
  activity: publicProcedure.input(ZGetAccountInput.pick({ address: true })).query(({ ctx, input }) => getAccountRow(ctx.hub.index.db, input.address)),
  /** Newest first; the next page starts before (beforeHeight, beforeTxIndex), so a busy block is never cut in two. */
  txs: publicProcedure.input(ZAddressTxsInput.extend({ beforeTxIndex: z.number().int().min(0).max(2 ** 31 - 1).optional() })).query(({ ctx, input }) => listAddressTxs(ctx.hub.index.db, input)),
  search: publicProcedure.input(ZSearchInput).query(({ ctx, input }) => search(ctx.hub.index.db, input.q)),
});
