import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { BlockList } from "./BlockList";
import { blocksPageInput } from "./queries";
import { getServerQueryClient, serverTrpc } from "./serverData";

export async function BlocksView({ beforeHeight }: { beforeHeight: number | undefined }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([queryClient.prefetchQuery(trpc.chain.info.queryOptions()), queryClient.prefetchQuery(trpc.blocks.list.queryOptions(blocksPageInput(beforeHeight)))]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BlockList beforeHeight={beforeHeight} />
    </HydrationBoundary>
  );
}
