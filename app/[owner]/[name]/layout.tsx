import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getServerQueryClient } from "@/components/explorer/serverData";
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
  return (
    <div data-testid="repo-page" data-repo={repo.fullName}>
      <HydrationBoundary state={dehydrate(getServerQueryClient())}>
        <RepoHeader repo={repo.fullName} />
      </HydrationBoundary>
      {children}
    </div>
  );
}
