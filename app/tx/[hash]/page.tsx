import type { Metadata } from "next";
import { TxView } from "@/components/explorer/TxView";
import { decodeSegment } from "@/components/explorer/queries";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ hash: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Transaction ${decodeSegment((await params).hash).slice(0, 12)}…` };
}

export default async function TxPage({ params }: Props) {
  return <TxView hash={decodeSegment((await params).hash)} />;
}
