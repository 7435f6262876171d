import type { Metadata } from "next";
import { decodeSegment } from "@/components/explorer/queries";
import { ListingView } from "@/components/market/ListingView";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ package: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeSegment((await params).package).slice(0, 40)} · Marketplace` };
}

/** `/market/PACKAGE?version=X.Y.Z`: one listing (default: the newest version not marked unsafe). */
export default async function ListingPage({ params, searchParams }: Props) {
  const [{ package: pkg }, { version }] = await Promise.all([params, searchParams]);
  const asked = Array.isArray(version) ? version[0] : version;
  return <ListingView pkg={decodeSegment(pkg)} version={asked || undefined} />;
}
