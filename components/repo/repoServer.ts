/**
 * The repository pages' server side: read the repository as the viewer may see it, or answer
 * 404. Private repositories are invisible to outsiders, so "no access" and "no such repository"
 * look the same. Never import this from a client component.
 */
import { notFound } from "next/navigation";
import { cache } from "react";
import { decodeSegment } from "@/components/explorer/queries";
import { getServerQueryClient, orNull, serverCaller, serverTrpc } from "@/components/explorer/serverData";
import { branchesListInput, sharedWithMain } from "./branchHistory";
import { MAIN_BRANCH } from "./repoPaths";
import { branchContractsInput, REPO_CONTRACTS_PAGE_LIMIT, repoContractsInput } from "./repoQueries";

const HIDDEN = new Set(["NOT_FOUND", "BAD_REQUEST", "FORBIDDEN", "UNAUTHORIZED"]);

async function readRepo(repo: string) {
  try {
    return await serverCaller().repos.get({ repo });
  } catch (e) {
    // By name, not instanceof: Next may load @trpc/server twice (bundled and external).
    const code = e instanceof Error && e.name === "TRPCError" ? (e as Error & { code?: string }).code : undefined;
    if (code !== undefined && HIDDEN.has(code)) return null;
    throw e;
  }
}

export type RepoPageParams = Promise<{ owner: string; name: string }>;
/** A page's query string; `?branch=` is read with branchParam (repoPaths.ts). */
export type RepoSearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * The repository of `/OWNER/NAME`, put in the request's query cache for the client components.
 * Names are case-insensitive (the hub lowercases them); the pages then use the canonical name.
 */
export const loadRepo = cache(async (owner: string, name: string) => {
  const summary = await readRepo(`${decodeSegment(owner)}/${decodeSegment(name)}`);
  if (!summary) notFound();
  getServerQueryClient().setQueryData(serverTrpc().repos.get.queryKey({ repo: summary.fullName }), summary);
  return summary;
});

/** The same for pages only admins may open (settings, dashboard): 404 to everyone else. */
export async function loadRepoForAdmin(owner: string, name: string) {
  const summary = await loadRepo(owner, name);
  if (!summary.access.admin) notFound();
  return summary;
}

/**
 * The highest height `branch` shares with main (components/repo/branchHistory.ts), null on main.
 * The branch list goes into the request's query cache, so the page's components read the same.
 */
export async function loadSharedWithMain(repo: string | undefined, branch: string): Promise<number | null> {
  if (branch === MAIN_BRANCH) return null;
  const branches = await orNull(getServerQueryClient().fetchQuery(serverTrpc().branches.list.queryOptions(branchesListInput(repo))));
  return branches ? sharedWithMain(branches, branch) : -1;
}

/** Prefetches what RepoContracts reads on `branch`: main's index, or the branch's own list with the index's rows it shares. */
export async function prefetchRepoContracts(repo: string, branch: string, limit?: number) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  if (branch === MAIN_BRANCH) return queryClient.prefetchQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo, limit)));
  await Promise.all([
    queryClient.prefetchQuery(trpc.contracts.list.queryOptions(branchContractsInput(repo, branch))),
    queryClient.prefetchQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo, REPO_CONTRACTS_PAGE_LIMIT))),
    queryClient.prefetchQuery(trpc.branches.list.queryOptions(branchesListInput(repo))),
  ]);
}
