import type { Metadata } from "next";
import { BlocksView } from "@/components/explorer/BlocksView";
import { parseBeforeHeight } from "@/components/explorer/queries";
import { branchParam } from "@/components/repo/repoPaths";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Blocks" };

export default async function BlocksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { beforeHeight, branch } = await searchParams;
  return <BlocksView beforeHeight={parseBeforeHeight(beforeHeight)} branch={branchParam(branch)} />;
}
