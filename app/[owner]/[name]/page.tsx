import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { RepoOverview } from "@/components/repo/RepoOverview";
import { repoBlocksInput, repoContractsInput } from "@/components/repo/repoQueries";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

export default async function RepoHomePage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([queryClient.prefetchQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo))), queryClient.prefetchQuery(trpc.blocks.list.queryOptions(repoBlocksInput(repo)))]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RepoOverview repo={repo} />
    </HydrationBoundary>
  );
}
