import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { EditorWorkspace } from "@/components/repo/editor/EditorWorkspace";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Editor" };

/** `/OWNER/NAME/editor?file=PATH`: the repository's contract editor (404 for whoever may not read it). */
export default async function RepoEditorPage({ params, searchParams }: { params: RepoPageParams; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { owner, name } = await params;
  const { file } = await searchParams;
  const { fullName: repo } = await loadRepo(owner, name);
  const queryClient = getServerQueryClient();
  await Promise.all([queryClient.prefetchQuery(serverTrpc().sources.list.queryOptions({ repo, branch: "main" })), queryClient.prefetchQuery(serverTrpc().sources.templates.queryOptions())]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <EditorWorkspace repo={repo} initialFile={typeof file === "string" && file !== "" ? file : null} />
    </HydrationBoundary>
  );
}
