import type { Metadata } from "next";
import { BlockView } from "@/components/explorer/BlockView";
import { decodeSegment, parseBeforeHeight } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";
import { loadRepo } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ owner: string; name: string; id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = decodeSegment((await params).id);
  return { title: /^\d+$/.test(id) ? `Block #${id}` : `Block ${id.slice(0, 12)}…` };
}

/** A block of a repository's chain: the explorer's block page, reading that chain. */
export default async function RepoBlockPage({ params, searchParams }: Props) {
  const [{ owner, name, id }, { afterTxIndex, branch }] = await Promise.all([params, searchParams]);
  const repo = await loadRepo(owner, name);
  return <BlockView id={decodeSegment(id)} afterTxIndex={parseBeforeHeight(afterTxIndex)} repo={repo.fullName} branch={branchParam(branch)} />;
}
