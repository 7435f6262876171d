import type { Metadata } from "next";
import { AddressView } from "@/components/explorer/AddressView";
import { decodeSegment, parseTxListCursor } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ address: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Address ${decodeSegment((await params).address).slice(0, 12)}…` };
}

export default async function AddressPage({ params, searchParams }: Props) {
  const [{ address }, query] = await Promise.all([params, searchParams]);
  return <AddressView address={decodeSegment(address)} cursor={parseTxListCursor(query)} branch={branchParam(query.branch)} />;
}
