/**
 * The repository pages' server side: read the repository as the viewer may see it, or answer
 * 404. Private repositories are invisible to outsiders, so "no access" and "no such repository"
 * look the same. Never import this from a client component.
 */
import { notFound } from "next/navigation";
import { cache } from "react";
import { decodeSegment } from "@/components/explorer/queries";
import { getServerQueryClient, serverCaller, serverTrpc } from "@/components/explorer/serverData";
import { repoContractsInput } from "./repoQueries";

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

/** Prefetches what RepoContracts reads on `branch`: the branch's contracts from the index. */
export async function prefetchRepoContracts(repo: string, branch: string, limit?: number) {
  await getServerQueryClient().prefetchQuery(serverTrpc().contracts.recent.queryOptions(repoContractsInput(repo, limit, branch)));
}
