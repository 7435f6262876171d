import { z } from "zod";
import { readableRepos } from "../../access/policy.ts";
import { getAccountRow, listAddressTxs, search } from "../../../db/queries/index.ts";
import { ZAddressTxsInput, ZGetAccountInput, ZSearchInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure, repoReadProcedure } from "../trpc.ts";

export const accountsRouter = createTRPCRouter({
  /** Balance and nonce: the latest state, or the state after block `height`. */
  get: repoReadProcedure.input(ZGetAccountInput).query(({ ctx, input }) => ctx.repo.node.getAccount(input.address, { branch: ctx.branch, height: input.height })),
  /** The account with a Merkle proof against a block header's state root. */
  proof: repoReadProcedure.input(ZGetAccountInput).query(({ ctx, input }) => ctx.repo.node.getAccountProof(input.address, { branch: ctx.branch, height: input.height })),
  activity: repoReadProcedure.input(ZGetAccountInput.pick({ address: true })).query(({ ctx, input }) => getAccountRow(ctx.hub.index.db, ctx.repo.fullName, input.address)),
  /** Newest first; the next page starts before (beforeHeight, beforeTxIndex), so a busy block is never cut in two. */
  txs: repoReadProcedure.input(ZAddressTxsInput.extend({ beforeTxIndex: z.number().int().min(0).max(2 ** 31 - 1).optional() })).query(({ ctx, input }) => listAddressTxs(ctx.hub.index.db, { ...input, repo: ctx.repo.fullName })),
  /** Across every repository the viewer may read, and none other. */
  search: publicProcedure.input(ZSearchInput).query(({ ctx, input }) => search(ctx.hub.index.db, readableRepos(ctx.hub.repos, ctx.viewer), input.q)),
});
