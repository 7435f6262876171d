import { fromHex } from "../../../chain/crypto/hash.ts";
import { ChainError, ErrorCode } from "../../../chain/errors.ts";
import { listRecentTxs } from "../../../db/queries/index.ts";
import { ZGetTxInput, ZRecentTxsInput, ZSendTxInput } from "../inputs.ts";
import { createTRPCRouter, repoReadProcedure, repoWriteProcedure } from "../trpc.ts";

export const transactionsRouter = createTRPCRouter({
  /** A transaction and its receipt; pending (answered, not sealed) ones too. */
  get: repoReadProcedure.input(ZGetTxInput).query(({ ctx, input }) => {
    const found = ctx.repo.node.getTx(input.hash, { branch: ctx.branch });
    if (!found) throw new ChainError(ErrorCode.NotFound, `No transaction ${input.hash} on this chain.`);
    return found;
  }),
  /** Newest first, from the index: the branch's own, then its base's up to the base (db/lineage.ts). */
  recent: repoReadProcedure.input(ZRecentTxsInput).query(({ ctx, input }) => listRecentTxs(ctx.hub.index.db, { ...input, repo: ctx.repo.fullName, lineage: ctx.repo.lineage(ctx.branch) })),
  /** Submits a transaction signed where the key is; answers with its receipt. */
  send: repoWriteProcedure.input(ZSendTxInput).mutation(({ ctx, input }) => ctx.repo.node.submitTx(fromHex(input.tx), { wait: input.wait, branch: ctx.branch })),
});
