/**
 * The repository's branches as the pages read them (branches.list).
 */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { withRepo } from "./repoPaths";

export type BranchRow = inferRouterOutputs<AppRouter>["branches"]["list"][number];

/** branches.list's input, the same for the server pages that prefetch it and the components that read it. */
export const branchesListInput = (repo: string | undefined) => withRepo(repo, {});
