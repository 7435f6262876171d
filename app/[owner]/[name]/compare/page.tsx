import type { Metadata } from "next";
import { CompareView } from "@/components/repo/compare/CompareView";
import { loadRepo, type RepoPageParams } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Compare" };

/** `/OWNER/NAME/compare`: two branch pickers. */
export default async function RepoComparePickPage({ params }: { params: RepoPageParams }) {
  const { owner, name } = await params;
  const { fullName } = await loadRepo(owner, name);
  return <CompareView repo={fullName} spec={null} specText={null} />;
}
