import { z } from "zod";
import { readableRepos } from "../../access/policy.ts";
import { getAccountRow, listAddressTxs, search } from "../../../db/queries/index.ts";
import { searchHitForPeople } from "../searchHit.ts";
import { searchName } from "../searchName.ts";
import { ZAddressTxsInput, ZGetAccountInput, ZSearchInput } from "../inputs.ts";
import { createTRPCRouter, publicProcedure, repoReadProcedure } from "../trpc.ts";

export const accountsRouter = createTRPCRouter({
  /** Balance and nonce: the latest state, or the state after block `height`. */
  get: repoReadProcedure.input(ZGetAccountInput).query(({ ctx, input }) => ctx.repo.node.getAccount(input.address, { branch: ctx.branch, height: input.height })),
  /** The account with a Merkle proof against a block header's state root. */
  proof: repoReadProcedure.input(ZGetAccountInput).query(({ ctx, input }) => ctx.repo.node.getAccountProof(input.address, { branch: ctx.branch, height: input.height })),
  /** Counts and state after the account's last activity on the branch, from the index (its lineage's rows: db/queries/getAccountRow.ts). */
  activity: repoReadProcedure.input(ZGetAccountInput.pick({ address: true })).query(({ ctx, input }) => getAccountRow(ctx.hub.index.db, ctx.repo.fullName, input.address, ctx.repo.lineage(ctx.branch))),
  /** Newest first; the next page starts before (beforeHeight, beforeTxIndex), so a busy block is never cut in two. */
  txs: repoReadProcedure.input(ZAddressTxsInput.extend({ beforeTxIndex: z.number().int().min(0).max(2 ** 31 - 1).optional() })).query(({ ctx, input }) => listAddressTxs(ctx.hub.index.db, { ...input, repo: ctx.repo.fullName, lineage: ctx.repo.lineage(ctx.branch) })),
  /** Across every repository the viewer may read, and none other, and their branches (`branch`: its name, when not main). */
  search: publicProcedure.input(ZSearchInput).query(async ({ ctx, input }) => {
    const repos = readableRepos(ctx.hub.repos, ctx.viewer);
    // A name is resolved on the chains (searchName.ts) when the index finds nothing by that text.
    return searchHitForPeople(ctx.hub.repos, (await search(ctx.hub.index.db, repos, input.q)) ?? searchName(ctx.hub.repos, repos, input.q));
  }),
});
