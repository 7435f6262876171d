import type { Metadata } from "next";
import { RepoSettings } from "@/components/repo/RepoSettings";
import { loadRepoForAdmin, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function RepoSettingsPage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const repo = await loadRepoForAdmin(owner, name);
  return <RepoSettings repo={repo.fullName} />;
}
