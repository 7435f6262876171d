import { ChainError, ErrorCode } from "../../../chain/errors.ts";
import { getBlockSummary, listBlocks, listBlockTxs } from "../../../db/queries/index.ts";
import { txSummariesOfBlock } from "../../../db/queries/shapes.ts";
import type { ChainNode } from "../../../chain/node/types.ts";
import { MAIN_BRANCH } from "../../../chain/node/refs.ts";
import { verifyBlockFor } from "../../hub/blockVerification.ts";
import { ZBlockTxsInput, ZGetBlockInput, ZHeight, ZListBlocksInput } from "../inputs.ts";
import { z } from "zod";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

const blockId = (id: number | string) => (typeof id === "string" && /^\d+$/.test(id) ? Number(id) : id);

/** The sealed block by height ("12" or 12) or hash. @throws ChainError NOT_FOUND */
function sealedBlock(node: Pick<ChainNode, "getBlock">, id: number | string, branch: string) {
  const sealed = node.getBlock(blockId(id), { branch });
  if (!sealed) throw new ChainError(ErrorCode.NotFound, `No block ${String(id)} on ${branch === MAIN_BRANCH ? "this chain" : `branch ${branch}`}.`);
  return sealed;
}

export const blocksRouter = createTRPCRouter({
  /** Newest first, from the index: the branch's own blocks, then its base's up to the base (db/lineage.ts). */
  list: repoReadProcedure.input(ZListBlocksInput).query(({ ctx, input }) => listBlocks(ctx.hub.index.db, { ...input, repo: ctx.repo.fullName, lineage: ctx.repo.lineage(ctx.branch) })),
  /** By height or hash, straight from the chain store (the authority), receipts included: one page of txs (txOffset, txLimit; ≤ 4 MiB). */
  get: repoReadProcedure.input(ZGetBlockInput).query(({ ctx, input }) => {
    const page = ctx.repo.node.getBlockPage(blockId(input.id), { txOffset: input.txOffset, txLimit: input.txLimit, branch: ctx.branch });
    if (!page) throw new ChainError(ErrorCode.NotFound, `No block ${String(input.id)} on this chain.`);
    return page;
  }),
  /**
   * The header alone, tx count included. The index's copy first: the chain decodes every tx of
   * a block to answer (~25 ms for 2,800 txs); the chain's for a block sealed but not indexed yet.
   */
  header: repoReadProcedure.input(ZGetBlockInput).query(async ({ ctx, input }) => {
    const indexed = await getBlockSummary(ctx.hub.index.db, ctx.repo.fullName, input.id, ctx.repo.lineage(ctx.branch));
    if (indexed) return indexed;
    const { txs: _txs, ...header } = sealedBlock(ctx.repo.node, input.id, ctx.branch).block;
    return header;
  }),
  /** Re-executes the block from its parent's state and compares its roots (signed in; bounded: server/hub/blockVerification.ts). */
  verify: repoReadProcedure.input(z.object({ height: ZHeight })).query(({ ctx, input }) => verifyBlockFor(ctx.viewer, ctx.repo.node, ctx.branch, input.height)),
  /** A page of a block's txs in block order, from the index; from the chain while the index has not reached the block. */
  txs: repoReadProcedure.input(ZBlockTxsInput).query(async ({ ctx, input }) => {
    const indexed = await listBlockTxs(ctx.hub.index.db, ctx.repo.fullName, input.height, input, ctx.repo.lineage(ctx.branch));
    // Nothing listed: an empty block, a page past its end, or a block not indexed yet; the chain tells which.
    return indexed.length > 0 ? indexed : txSummariesOfBlock(sealedBlock(ctx.repo.node, input.height, ctx.branch), input);
  }),
});
