import type { Metadata } from "next";
import { AddressView } from "@/components/explorer/AddressView";
import { decodeSegment, parseTxListCursor } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";
import { loadRepo } from "@/components/repo/repoServer";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ owner: string; name: string; address: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Address ${decodeSegment((await params).address).slice(0, 12)}…` };
}

/** An account on a repository's chain: the explorer's address page, reading that chain. */
export default async function RepoAddressPage({ params, searchParams }: Props) {
  const [{ owner, name, address }, query] = await Promise.all([params, searchParams]);
  const repo = await loadRepo(owner, name);
  return <AddressView address={decodeSegment(address)} cursor={parseTxListCursor(query)} repo={repo.fullName} branch={branchParam(query.branch)} />;
}
