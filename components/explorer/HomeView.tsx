import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { HomeDashboard } from "./HomeDashboard";
import { homeBlocksInput, homeTxsInput, throughputInput } from "./queries";
import { getServerQueryClient, serverTrpc } from "./serverData";

/** Renders the front page on the server with its data, then hands it to the live client view. */
export async function HomeView() {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([
    queryClient.prefetchQuery(trpc.chain.info.queryOptions()),
    queryClient.prefetchQuery(trpc.chain.throughput.queryOptions(throughputInput)),
    queryClient.prefetchQuery(trpc.blocks.list.queryOptions(homeBlocksInput)),
    queryClient.prefetchQuery(trpc.transactions.recent.queryOptions(homeTxsInput)),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <HomeDashboard />
    </HydrationBoundary>
  );
}
