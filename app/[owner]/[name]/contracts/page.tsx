import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient } from "@/components/explorer/serverData";
import { RepoContracts } from "@/components/repo/RepoContracts";
import { branchParam } from "@/components/repo/repoPaths";
import { REPO_CONTRACTS_PAGE_LIMIT } from "@/components/repo/repoQueries";
import { loadRepo, prefetchRepoContracts, type RepoPageParams, type RepoSearchParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Contracts" };

export default async function RepoContractsPage({ params, searchParams }: { params: RepoPageParams; searchParams: RepoSearchParams }) {
  const [{ owner, name }, query] = await Promise.all([params, searchParams]);
  const { fullName: repo } = await loadRepo(owner, name);
  await prefetchRepoContracts(repo, branchParam(query.branch), REPO_CONTRACTS_PAGE_LIMIT);
  return (
    <HydrationBoundary state={dehydrate(getServerQueryClient())}>
      <RepoContracts repo={repo} limit={REPO_CONTRACTS_PAGE_LIMIT} title="All contracts" />
    </HydrationBoundary>
  );
}
