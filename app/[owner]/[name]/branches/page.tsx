import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { branchesListInput } from "@/components/repo/branchHistory";
import { BranchesView } from "@/components/repo/BranchesView";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Branches" };

/** `/OWNER/NAME/branches`: the repository's branches, and (for writers) a form that starts one. */
export default async function RepoBranchesPage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([queryClient.prefetchQuery(trpc.branches.list.queryOptions(branchesListInput(repo))), queryClient.prefetchQuery(trpc.people.me.queryOptions())]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BranchesView repo={repo} />
    </HydrationBoundary>
  );
}
