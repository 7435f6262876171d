import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { AdminDashboard } from "@/components/repo/AdminDashboard";
import { REPO_CONTRACTS_PAGE_LIMIT, repoContractsInput, repoUsageInput } from "@/components/repo/repoQueries";
import { loadRepoForAdmin, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin dashboard" };

export default async function RepoAdminPage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const { fullName: repo } = await loadRepoForAdmin(owner, name);
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([
    queryClient.prefetchQuery(trpc.repos.auditTrail.queryOptions({ repo })),
    queryClient.prefetchQuery(trpc.repos.producers.queryOptions({ repo })),
    queryClient.prefetchQuery(trpc.repos.usage.queryOptions(repoUsageInput(repo))),
    queryClient.prefetchQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo, REPO_CONTRACTS_PAGE_LIMIT))),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AdminDashboard repo={repo} />
    </HydrationBoundary>
  );
}
