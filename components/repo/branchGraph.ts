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

/** Which page of the graph: below `beforeHeight` (absent: the newest), `perLane` blocks with transactions per lane (absent: 50). */
export type BranchGraphPageParams = { readonly beforeHeight?: number; readonly perLane?: number };

/**
 * The whole repository: the graph is not read "on a branch", every branch is in it. Only the
 * page parameters that are set go in, so the newest page's query key stays the one the live
 * stream refreshes.
 */
export const branchGraphInput = (repo: string, page: BranchGraphPageParams = {}) =>
  withRepo(repo, { ...(page.beforeHeight === undefined ? {} : { beforeHeight: page.beforeHeight }), ...(page.perLane === undefined ? {} : { perLane: page.perLane }) });

/** The graph page itself at another page of heights (`?beforeHeight=`; none: the newest), keeping `?perLane=`. */
export function graphPageHref(repo: string, page: BranchGraphPageParams): string {
  const query = new URLSearchParams();
  if (page.beforeHeight !== undefined) query.set("beforeHeight", String(page.beforeHeight));
  if (page.perLane !== undefined) query.set("perLane", String(page.perLane));
  const text = query.toString();
  return `/${repo}/graph${text ? `?${text}` : ""}`;
}

/**
 * Where a graph node leads: a block opens its block page on its lane's branch (null for a deleted
 * branch's block); a stub opens the graph's page beyond it (older: the next older page; newer:
 * the newest, the way back).
 */
export function graphNodeHref(repo: string, node: Pick<BranchGraphNode, "height" | "linkBranch" | "stub">, window: BranchGraph["window"], perLane?: number): string | null {
  if (node.stub === "older") return window.olderBefore === null ? null : graphPageHref(repo, { beforeHeight: window.olderBefore, perLane });
  if (node.stub === "newer") return graphPageHref(repo, { perLane });
  return node.linkBranch === null ? null : chainHref(repo, `/block/${node.height}`, node.linkBranch);
}
