import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { getServerQueryClient, orNull, serverTrpc } from "./serverData";
import { TxDetail } from "./TxDetail";

/** A transaction by hash, pending ones included; an unknown or malformed hash is a 404 page. */
export async function TxView({ hash }: { hash: string }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  const [found] = await Promise.all([orNull(queryClient.fetchQuery(trpc.transactions.get.queryOptions({ hash }))), queryClient.prefetchQuery(trpc.chain.info.queryOptions())]);
  if (!found) notFound();
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TxDetail hash={hash} />
    </HydrationBoundary>
  );
}
