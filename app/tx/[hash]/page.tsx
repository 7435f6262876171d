import type { Metadata } from "next";
import { TxView } from "@/components/explorer/TxView";
import { decodeSegment } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ hash: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Transaction ${decodeSegment((await params).hash).slice(0, 12)}…` };
}

export default async function TxPage({ params, searchParams }: Props) {
  const [{ hash }, { branch }] = await Promise.all([params, searchParams]);
  return <TxView hash={decodeSegment(hash)} branch={branchParam(branch)} />;
}
