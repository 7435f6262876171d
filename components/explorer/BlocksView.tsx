import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { BlockList } from "./BlockList";
import { withRepo } from "@/components/repo/repoPaths";
import { blocksPageInput, chainInfoInput } from "./queries";
import { getServerQueryClient, serverTrpc } from "./serverData";

export async function BlocksView({ beforeHeight, repo }: { beforeHeight: number | undefined; repo?: string }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([queryClient.prefetchQuery(trpc.chain.info.queryOptions(chainInfoInput(repo))), queryClient.prefetchQuery(trpc.blocks.list.queryOptions(withRepo(repo, blocksPageInput(beforeHeight))))]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BlockList beforeHeight={beforeHeight} repo={repo} />
    </HydrationBoundary>
  );
}
