import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { parseBeforeHeight } from "@/components/explorer/queries";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { branchGraphInput } from "@/components/repo/branchGraph";
import { BranchGraphView } from "@/components/repo/BranchGraphView";
import { loadRepo, type RepoPageParams, type RepoSearchParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Branch graph" };

/**
 * `/OWNER/NAME/graph`: the repository's branches as lanes, with fork points and merges; the
 * newest blocks, or an older page with `?beforeHeight=` (and `?perLane=` blocks per lane). A
 * cursor the hub refuses is shown as the hub's message.
 */
export default async function RepoGraphPage({ params, searchParams }: { params: RepoPageParams; searchParams: RepoSearchParams }) {
  const [{ owner, name }, query] = await Promise.all([params, searchParams]);
  const { fullName: repo } = await loadRepo(owner, name);
  const page = { beforeHeight: parseBeforeHeight(query.beforeHeight), perLane: parseBeforeHeight(query.perLane) };
  const queryClient = getServerQueryClient();
  await queryClient.prefetchQuery(serverTrpc().branches.graph.queryOptions(branchGraphInput(repo, page)));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BranchGraphView repo={repo} page={page} />
    </HydrationBoundary>
  );
}
