import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { browseInput, parseBrowseParams } from "@/components/market/browseParams";
import { MarketBrowseView } from "@/components/market/MarketBrowseView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Marketplace" };

/** `/market?q=&tag=&price=free|paid&sort=&page=`: the marketplace's shelf. */
export default async function MarketPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = parseBrowseParams(await searchParams);
  const queryClient = getServerQueryClient();
  await Promise.all([queryClient.prefetchQuery(serverTrpc().market.list.queryOptions(browseInput(filters))), queryClient.prefetchQuery(serverTrpc().market.tags.queryOptions())]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MarketBrowseView key={filters.q ?? ""} filters={filters} />
    </HydrationBoundary>
  );
}
