import type { Metadata } from "next";
import { BlockView } from "@/components/explorer/BlockView";
import { decodeSegment, parseBeforeHeight } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = decodeSegment((await params).id);
  return { title: /^\d+$/.test(id) ? `Block #${id}` : `Block ${id.slice(0, 12)}…` };
}

export default async function BlockPage({ params, searchParams }: Props) {
  const [{ id }, { afterTxIndex, branch }] = await Promise.all([params, searchParams]);
  return <BlockView id={decodeSegment(id)} afterTxIndex={parseBeforeHeight(afterTxIndex)} branch={branchParam(branch)} />;
}
