import type { Metadata } from "next";
import { BlocksView } from "@/components/explorer/BlocksView";
import { parseBeforeHeight } from "@/components/explorer/queries";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Blocks" };

export default async function BlocksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { beforeHeight } = await searchParams;
  return <BlocksView beforeHeight={parseBeforeHeight(beforeHeight)} />;
}
