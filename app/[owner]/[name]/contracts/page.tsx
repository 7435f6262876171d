import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { RepoContracts } from "@/components/repo/RepoContracts";
import { REPO_CONTRACTS_PAGE_LIMIT, repoContractsInput } from "@/components/repo/repoQueries";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Contracts" };

export default async function RepoContractsPage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  await queryClient.prefetchQuery(serverTrpc().contracts.recent.queryOptions(repoContractsInput(repo, REPO_CONTRACTS_PAGE_LIMIT)));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RepoContracts repo={repo} limit={REPO_CONTRACTS_PAGE_LIMIT} title="All contracts" />
    </HydrationBoundary>
  );
}
