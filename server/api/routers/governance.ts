import { z } from "zod";
import { PROPOSAL_PAGE_MAX } from "../../../chain/node/governanceReads.ts";
import { governanceOverview } from "../../hub/governance.ts";
import { ZAddressText, ZHash, ZHeight } from "../inputs.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

const ZProposalsInput = z.object({ offset: z.number().int().min(0).max(1_000_000).default(0), limit: z.number().int().min(1).max(PROPOSAL_PAGE_MAX).default(20), height: ZHeight.optional() });

/** DPoS elections and chain-parameter proposals (docs/governance.md): reads of a repository's main chain. */
export const governanceRouter = createTRPCRouter({
  /** Producers, candidates with votes, the epoch countdown, producer-set changes and the parameters in force. */
  overview: repoReadProcedure.query(({ ctx }) => governanceOverview(ctx.repo.node)),
  /** Proposals, newest first, with their tallies (latest or after block `height`). */
  proposals: repoReadProcedure.input(ZProposalsInput).query(({ ctx, input }) => ctx.repo.node.getProposals({ branch: ctx.branch, offset: input.offset, limit: input.limit, height: input.height })),
  /** One proposal, or null when there is none by that id. */
  proposal: repoReadProcedure.input(z.object({ id: ZHash, height: ZHeight.optional() })).query(({ ctx, input }) => ctx.repo.node.getProposal(input.id, { branch: ctx.branch, height: input.height })),
  /** An account's stake, producer votes, stake lock and its ballots on the given proposals. */
  staking: repoReadProcedure.input(z.object({ address: ZAddressText, proposals: z.array(ZHash).max(PROPOSAL_PAGE_MAX).default([]) })).query(({ ctx, input }) => {
    const at = { branch: ctx.branch };
    return {
      ...ctx.repo.node.getStaking(input.address, at),
      ballots: input.proposals.flatMap((id) => ctx.repo.node.getBallot(id, input.address, at) ?? []),
    };
  }),
});
