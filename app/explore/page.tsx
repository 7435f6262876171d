import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getServerQueryClient, serverTrpc } from "@/components/explorer/serverData";
import { ExploreView } from "@/components/repo/ExploreView";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Explore repositories" };

export default async function ExplorePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100) ?? "";
  const queryClient = getServerQueryClient();
  await queryClient.prefetchQuery(serverTrpc().repos.explore.queryOptions({ q }));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ExploreView initialQuery={q} />
    </HydrationBoundary>
  );
}
