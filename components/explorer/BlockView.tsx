import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { MAIN_BRANCH, withRepo } from "@/components/repo/repoPaths";
import { BlockDetail } from "./BlockDetail";
import { blockTxsInput, chainInfoInput } from "./queries";
import { getServerQueryClient, orNull, serverTrpc } from "./serverData";

/**
 * A block by height or hash: its header and one page of its txs (a block can hold thousands);
 * an unknown or malformed id is a 404 page. `repo` is the repository whose chain holds it
 * (absent: the root repository, /block/…), `branch` the branch whose heights count (absent: main).
 */
export async function BlockView({ id, afterTxIndex, repo, branch = MAIN_BRANCH }: { id: string; afterTxIndex: number | undefined; repo?: string; branch?: string }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  // Past the last tx every page is the same empty one; capping there keeps the input within bounds.
  const pageOf = (height: number, txCount: number) => blockTxsInput(height, afterTxIndex === undefined ? undefined : Math.min(afterTxIndex, txCount - 1));
  const byHeight = /^\d{1,15}$/.test(id) ? Number(id) : undefined;
  const [header] = await Promise.all([
    orNull(queryClient.fetchQuery(trpc.blocks.header.queryOptions(withRepo(repo, { id }, branch)))),
    queryClient.prefetchQuery(trpc.chain.info.queryOptions(chainInfoInput(repo, branch))),
    // By height, the first page needs no header: read both at once.
    byHeight !== undefined && afterTxIndex === undefined ? queryClient.prefetchQuery(trpc.blocks.txs.queryOptions(withRepo(repo, blockTxsInput(byHeight, undefined), branch))) : null,
  ]);
  if (!header) notFound();
  const page = pageOf(header.height, header.txCount);
  await queryClient.prefetchQuery(trpc.blocks.txs.queryOptions(withRepo(repo, page, branch)));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BlockDetail id={id} afterTxIndex={page.afterTxIndex} repo={repo} />
    </HydrationBoundary>
  );
}
