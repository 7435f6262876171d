import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { branchesListInput } from "@/components/repo/branchHistory";
import { RepoHeader } from "@/components/repo/RepoHeader";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: RepoPageParams }): Promise<Metadata> {
  const { owner, name } = await params;
  const repo = await loadRepo(owner, name);
  // Pages below say what they are ("Settings · alice/ledger").
  return { title: { default: repo.fullName, template: `%s · ${repo.fullName}` }, description: repo.description || undefined };
}

export default async function RepoLayout({ children, params }: { children: ReactNode; params: RepoPageParams }) {
  const { owner, name } = await params;
  const repo = await loadRepo(owner, name);
  // The header's branch selector lists them at once (a layout has no query string: the branch itself is read in the browser).
  await getServerQueryClient().prefetchQuery(serverTrpc().branches.list.queryOptions(branchesListInput(repo.fullName)));
  return (
    <div data-testid="repo-page" data-repo={repo.fullName}>
      <HydrationBoundary state={dehydrate(getServerQueryClient())}>
        <RepoHeader repo={repo.fullName} />
      </HydrationBoundary>
      {children}
    </div>
  );
}
