/**
 * tRPC setup in three sections: context, init, procedures (create-t3-app's shape).
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { inputErrorMessage } from "../../chain/inputIssues.ts";
import { ChainError, ErrorCode, isChainError, reasonOf } from "../../chain/errors.ts";
import { ROOT_REPO, ZRepoFullName } from "../../chain/repo/names.ts";
import { MAIN_BRANCH, ZBranchName } from "../../chain/node/refs.ts";
import type { Repository } from "../hub/repositories.ts";
import { requireAdmin, requireRead, requireWrite } from "../access/policy.ts";
import { ANONYMOUS, type Viewer } from "../access/viewer.ts";
import type { Hub } from "../hub/types.ts";
import { trpcCodeOf } from "./errorMap.ts";

// ---- 1. context ----------------------------------------------------------------------------
/**
 * The hub, who is asking (from the session cookie or bearer token; see server/auth) and from
 * where: `clientIp` is the address rate limits key on (server/http/origins.ts `clientIp`; "server"
 * for the pages' own server-side calls).
 */
export type TrpcContext = { readonly hub: Hub; readonly viewer: Viewer; readonly clientIp: string };
export const createTrpcContext = (hub: Hub, viewer: Viewer = ANONYMOUS, clientIp = "server"): TrpcContext => ({ hub, viewer, clientIp });

// ---- 2. init -------------------------------------------------------------------------------
const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      message: error.cause instanceof ZodError ? inputErrorMessage(error.cause) : shape.message,
      data: {
        ...shape.data,
        // The domain code (NONCE_TOO_LOW, ...) for clients that act on it; never a stack.
        domainCode: isChainError(cause) ? cause.code : null,
        // The engine's code behind it (OUT_OF_GAS, VIEW_TIMEOUT, RESULT_TOO_LARGE …), when there is one.
        reason: isChainError(cause) ? (reasonOf(cause) ?? null) : null,
        stack: undefined,
      },
    };
  },
});

// Domain errors become the tRPC code of errorMap.ts; anything else stays INTERNAL.
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isChainError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

// ---- 3. procedures -------------------------------------------------------------------------
export const publicProcedure = t.procedure.use(domainErrors);

/** Signed-in people only; `ctx.user` is the viewer. */
export const userProcedure = publicProcedure.use(({ ctx, next }) => {
  const viewer = ctx.viewer;
  if (viewer.kind !== "user") throw new ChainError(ErrorCode.Unauthenticated, "Sign in first.");
  return next({ ctx: { user: viewer } });
});

/**
 * Every procedure that touches a repository's chain or index takes `repo` (default: the root
 * repository) and goes through access control here, so no procedure can forget it.
 */
const ZRepoInput = z.object({ repo: ZRepoFullName.default(ROOT_REPO) }).default({ repo: ROOT_REPO });
/** The same, with the branch the procedure reads or writes (default `main`); an unknown one is NOT_FOUND after access is checked. */
const ZRepoBranchInput = z.object({ repo: ZRepoFullName.default(ROOT_REPO), branch: ZBranchName.default(MAIN_BRANCH) }).default({ repo: ROOT_REPO, branch: MAIN_BRANCH });
/** Access first, so a branch name never tells an outsider anything about a private repository. */
function onBranch(repo: Repository, branch: string) {
  repo.node.getBranch(branch);
  return { repo, branch };
}
export const repoReadProcedure = publicProcedure.input(ZRepoBranchInput).use(({ ctx, input, next }) => next({ ctx: onBranch(requireRead(ctx.hub.repos, ctx.viewer, input.repo), input.branch) }));
export const repoWriteProcedure = publicProcedure.input(ZRepoBranchInput).use(({ ctx, input, next }) => next({ ctx: onBranch(requireWrite(ctx.hub.repos, ctx.viewer, input.repo), input.branch) }));
export const repoAdminProcedure = publicProcedure.input(ZRepoInput).use(({ ctx, input, next }) => next({ ctx: { repo: requireAdmin(ctx.hub.repos, ctx.viewer, input.repo) } }));
