import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { BlockDetail } from "./BlockDetail";
import { getServerQueryClient, orNull, serverTrpc } from "./serverData";

/** A block by height or hash; an unknown or malformed id is a 404 page. */
export async function BlockView({ id }: { id: string }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  const [block] = await Promise.all([orNull(queryClient.fetchQuery(trpc.blocks.get.queryOptions({ id }))), queryClient.prefetchQuery(trpc.chain.info.queryOptions())]);
  if (!block) notFound();
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <BlockDetail id={id} />
    </HydrationBoundary>
  );
}
