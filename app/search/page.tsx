import type { Metadata } from "next";
import { SearchView } from "@/components/explorer/SearchView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Search" };

export default async function SearchPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { q } = await searchParams;
  return <SearchView q={(Array.isArray(q) ? q[0] : q) ?? ""} />;
}
