/**
 * The branch graph's query input and how its nodes become links, shared by the server page that
 * prefetches and the client view (the same input makes the same query key).
 */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { chainHref, withRepo } from "./repoPaths";

export type BranchGraph = inferRouterOutputs<AppRouter>["branches"]["graph"];
export type BranchGraphNode = BranchGraph["nodes"][number];
export type BranchGraphEdge = BranchGraph["edges"][number];

/** The whole repository: the graph is not read "on a branch", every branch is in it. */
export const branchGraphInput = (repo: string) => withRepo(repo, {});

/** The block page of a graph node, on its lane's branch; null for a deleted branch's block. */
export function graphNodeHref(repo: string, node: Pick<BranchGraphNode, "height" | "linkBranch">): string | null {
  return node.linkBranch === null ? null : chainHref(repo, `/block/${node.height}`, node.linkBranch);
}
