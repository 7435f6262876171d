import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { EditorWorkspace } from "@/components/repo/editor/EditorWorkspace";
import { branchParam } from "@/components/repo/repoPaths";
import { loadRepo, type RepoPageParams, type RepoSearchParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Editor" };

/** `/OWNER/NAME/editor?file=PATH&branch=NAME`: the repository's contract editor on a branch (404 for whoever may not read it). */
export default async function RepoEditorPage({ params, searchParams }: { params: RepoPageParams; searchParams: RepoSearchParams }) {
  const { owner, name } = await params;
  const { file, branch: branchText } = await searchParams;
  const branch = branchParam(branchText);
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  await Promise.all([queryClient.prefetchQuery(serverTrpc().sources.list.queryOptions({ repo, branch })), queryClient.prefetchQuery(serverTrpc().sources.templates.queryOptions())]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      {/* One workspace per branch: its open tabs are that branch's files, never carried to another. */}
      <EditorWorkspace key={branch} repo={repo} initialFile={typeof file === "string" && file !== "" ? file : null} />
    </HydrationBoundary>
  );
}
