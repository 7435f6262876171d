import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { branchGraphInput } from "@/components/repo/branchGraph";
import { BranchGraphView } from "@/components/repo/BranchGraphView";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Branch graph" };

/** `/OWNER/NAME/graph`: the repository's branches as lanes, with fork points and merges. */
export default async function RepoGraphPage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  await queryClient.prefetchQuery(serverTrpc().branches.graph.queryOptions(branchGraphInput(repo)));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BranchGraphView repo={repo} />
    </HydrationBoundary>
  );
}
