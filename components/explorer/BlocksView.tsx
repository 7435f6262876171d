import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { BlockList } from "./BlockList";
import { MAIN_BRANCH, withRepo } from "@/components/repo/repoPaths";
import { blocksPageInput, chainInfoInput } from "./queries";
import { getServerQueryClient, serverTrpc } from "./serverData";

/** A chain's blocks (the root's without `repo`) on `branch` (absent: main), prefetched for BlockList. */
export async function BlocksView({ beforeHeight, repo, branch = MAIN_BRANCH }: { beforeHeight: number | undefined; repo?: string; branch?: string }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([queryClient.prefetchQuery(trpc.chain.info.queryOptions(chainInfoInput(repo, branch))), queryClient.prefetchQuery(trpc.blocks.list.queryOptions(withRepo(repo, blocksPageInput(beforeHeight), branch)))]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BlockList beforeHeight={beforeHeight} repo={repo} />
    </HydrationBoundary>
  );
}
