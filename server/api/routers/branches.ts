/**
 * A repository's branches: the chain's refs (head, base, pending transactions) with who created
 * each, from the directory. Creating and deleting a branch are signed directory entries
 * (`repos.applyEntry` with createBranch / deleteBranch), so the audit trail shows every ref move.
 */
import { z } from "zod";
import { ZDiffRequest } from "../../../chain/repo/diffRequest.ts";
import { ZMergeMode, ZMergeResolutions, ZMergeSourceRepo } from "../../../chain/repo/mergeRequest.ts";
import { requireRead } from "../../access/policy.ts";
import { diffOf, mergeSourceOf } from "../../hub/crossRepo.ts";
import { ZBranchName } from "../../../chain/repo/names.ts";
import { createTRPCRouter, repoReadProcedure } from "../trpc.ts";

export const branchesRouter = createTRPCRouter({
  /** Main first, then by name. */
  list: repoReadProcedure.query(({ ctx }) => {
    const recorded = new Map(ctx.repo.state().branches.map((b) => [b.name, b] as const));
    return ctx.repo.node.listBranches().map((b) => ({ ...b, createdByUsername: recorded.get(b.name)?.createdBy ?? null }));
  }),
  /**
   * What merging `source` into `target` would do now: every source transaction since the merge
   * base, applied or excluded with a reason, and the digest a signed `merge` entry names.
   * `sourceRepo`: the source is a branch of this repository's fork or origin (consistent only).
   */
  previewMerge: repoReadProcedure
    .input(z.object({ source: ZBranchName, sourceRepo: ZMergeSourceRepo.optional(), target: ZBranchName, mode: ZMergeMode.optional(), resolutions: ZMergeResolutions.optional() }))
    .query(({ ctx, input }) => {
      const source = mergeSourceOf(ctx.repo, input.source, input.sourceRepo, (name) => requireRead(ctx.hub.repos, ctx.viewer, name));
      return ctx.repo.node.previewMerge(source, input.target, { mode: input.mode, resolutions: input.resolutions });
    }),
  /**
   * Row-level diff of two chain points (branch@height): accounts and contract rows added, removed
   * or changed; `threeDot` shows what `to` changed since its merge base with `from`. `to.repo`:
   * a branch of this repository's fork or origin.
   */
  diff: repoReadProcedure.input(ZDiffRequest).query(({ ctx, input }) => diffOf(ctx.repo, input, (name) => requireRead(ctx.hub.repos, ctx.viewer, name))),
});
