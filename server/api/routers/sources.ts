/**
 * Contract sources kept in a repository, per branch (server/sources): readers list and open them,
 * writers save, create, rename and delete. The branch is the procedure's (server/api/trpc.ts). Saves carry the version they edited (optimistic
 * concurrency): a stale one is refused with CONFLICT instead of silently overwriting.
 */
import { z } from "zod";
import { ChainError, ErrorCode } from "../../../chain/errors.ts";
import { sourceFolderOf, sourceListScope } from "../../access/policy.ts";
import type { Viewer } from "../../access/viewer.ts";
import type { SourceScope } from "../../sources/store.ts";
import type { Repository } from "../../hub/repositories.ts";
import { ZSourcePath } from "../../sources/paths.ts";
import { createTRPCRouter, publicProcedure, repoReadProcedure, repoWriteProcedure } from "../trpc.ts";

// The content limit is checked by the store with the sizes in its sentence; this only bounds the request.
const ZContent = z.string().max(1024 * 1024);
const ZVersion = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Who is saving: repoWriteProcedure only lets signed-in writers through (or anyone signed in on the root repository). */
function author(viewer: Viewer): string {
  if (viewer.kind !== "user") throw new ChainError(ErrorCode.Unauthenticated, "Sign in to save source files.");
  return viewer.username;
}

/** The store's scope for a write by this viewer (server/access/policy.ts decides it). */
function writeScope(ctx: { viewer: Viewer; repo: Repository }): SourceScope {
  const folder = sourceFolderOf(ctx.viewer, ctx.repo.state());
  return folder === undefined ? {} : { folder };
}

export const sourcesRouter = createTRPCRouter({
  /** The branch's files, by path, without their content (on the root repository: the viewer's own folder). */
  list: repoReadProcedure.query(({ ctx }) => {
    const scope = sourceListScope(ctx.viewer, ctx.repo.state());
    return scope ? ctx.hub.sources.list(ctx.repo.fullName, ctx.branch, scope) : [];
  }),
  /** Where the viewer may write: their own folder ("alice/") on a shared repository, or null for anywhere. */
  scope: repoReadProcedure.query(({ ctx }) => ({ folder: sourceFolderOf(ctx.viewer, ctx.repo.state()) ?? null })),
  /** One file with its content and version. @throws NOT_FOUND */
  get: repoReadProcedure.input(z.object({ path: ZSourcePath })).query(({ ctx, input }) => {
    const file = ctx.hub.sources.get(ctx.repo.fullName, ctx.branch, input.path);
    if (!file) throw new ChainError(ErrorCode.NotFound, `There is no file ${input.path} on branch ${ctx.branch}.`, { path: input.path });
    return file;
  }),
  /** Saves the content over `baseVersion` (0: a new file). @throws CONFLICT when someone saved it meanwhile */
  save: repoWriteProcedure
    .input(z.object({ path: ZSourcePath, content: ZContent, baseVersion: ZVersion }))
    .mutation(({ ctx, input }) => ctx.hub.sources.save({ repo: ctx.repo.fullName, branch: ctx.branch, path: input.path, content: input.content, baseVersion: input.baseVersion, by: author(ctx.viewer), ...writeScope(ctx) })),
  /** A new file from a template (token, registry, escrow, voting) or empty (`template` null). @throws CONFLICT when it exists */
  create: repoWriteProcedure
    .input(z.object({ path: ZSourcePath, template: z.string().max(64).nullable().default(null) }))
    .mutation(({ ctx, input }) => ctx.hub.sources.create({ repo: ctx.repo.fullName, branch: ctx.branch, path: input.path, template: input.template, by: author(ctx.viewer), ...writeScope(ctx) })),
  remove: repoWriteProcedure.input(z.object({ path: ZSourcePath, baseVersion: ZVersion })).mutation(({ ctx, input }) => {
    author(ctx.viewer);
    ctx.hub.sources.remove({ repo: ctx.repo.fullName, branch: ctx.branch, path: input.path, baseVersion: input.baseVersion, ...writeScope(ctx) });
    return { removed: input.path };
  }),
  rename: repoWriteProcedure
    .input(z.object({ from: ZSourcePath, to: ZSourcePath, baseVersion: ZVersion }))
    .mutation(({ ctx, input }) => ctx.hub.sources.rename({ repo: ctx.repo.fullName, branch: ctx.branch, from: input.from, to: input.to, baseVersion: input.baseVersion, by: author(ctx.viewer), ...writeScope(ctx) })),
  /** The example contracts a new file can start from (the same for every repository). */
  templates: publicProcedure.query(({ ctx }) => ctx.hub.sources.templates),
});
