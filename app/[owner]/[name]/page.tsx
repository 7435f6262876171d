import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { RepoOverview } from "@/components/repo/RepoOverview";
import { branchParam } from "@/components/repo/repoPaths";
import { repoBlocksInput } from "@/components/repo/repoQueries";
import { loadRepo, prefetchRepoContracts, type RepoPageParams, type RepoSearchParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

/** `/OWNER/NAME?branch=NAME`: the repository's home on a branch (main without `?branch=`). */
export default async function RepoHomePage({ params, searchParams }: { params: RepoPageParams; searchParams: RepoSearchParams }) {
  const [{ owner, name }, query] = await Promise.all([params, searchParams]);
  const branch = branchParam(query.branch);
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([prefetchRepoContracts(repo, branch), queryClient.prefetchQuery(trpc.blocks.list.queryOptions(repoBlocksInput(repo, branch)))]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <RepoOverview repo={repo} />
    </HydrationBoundary>
  );
}
