import type { Metadata } from "next";
import { BlocksView } from "@/components/explorer/BlocksView";
import { parseBeforeHeight } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";
import { loadRepo } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Blocks" };

type Props = { params: Promise<{ owner: string; name: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A repository's blocks, newest first: the explorer's block list, reading that chain. */
export default async function RepoBlocksPage({ params, searchParams }: Props) {
  const [{ owner, name }, { beforeHeight, branch }] = await Promise.all([params, searchParams]);
  const repo = await loadRepo(owner, name);
  return <BlocksView beforeHeight={parseBeforeHeight(beforeHeight)} repo={repo.fullName} branch={branchParam(branch)} />;
}
