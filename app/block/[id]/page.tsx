import type { Metadata } from "next";
import { BlockView } from "@/components/explorer/BlockView";
import { decodeSegment } from "@/components/explorer/queries";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const id = decodeSegment((await params).id);
  return { title: /^\d+$/.test(id) ? `Block #${id}` : `Block ${id.slice(0, 12)}…` };
}

export default async function BlockPage({ params }: Props) {
  return <BlockView id={decodeSegment((await params).id)} />;
}
