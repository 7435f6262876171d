import type { Metadata } from "next";
import { decodeSegment } from "@/components/explorer/queries";
import { TxView } from "@/components/explorer/TxView";
import { branchParam } from "@/components/repo/repoPaths";
import { loadRepo } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ owner: string; name: string; hash: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Transaction ${decodeSegment((await params).hash).slice(0, 12)}…` };
}

/** A transaction of a repository's chain: the explorer's transaction page, reading that chain. */
export default async function RepoTxPage({ params, searchParams }: Props) {
  const [{ owner, name, hash }, { branch }] = await Promise.all([params, searchParams]);
  const repo = await loadRepo(owner, name);
  return <TxView hash={decodeSegment(hash)} repo={repo.fullName} branch={branchParam(branch)} />;
}
