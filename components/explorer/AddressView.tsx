import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound, redirect } from "next/navigation";
import { isAddress, isContractAddress } from "@/chain/crypto/address";
import { AddressDetail } from "./AddressDetail";
import { addressTxsInput, type TxListCursor } from "./queries";
import { getServerQueryClient, serverTrpc } from "./serverData";

/**
 * Any valid Aergo address has a page, seen on chain or not (a fresh account is still an
 * account); a contract address goes to its contract page; anything else is the "not a valid
 * Aergo address" 404 page.
 */
export async function AddressView({ address, cursor }: { address: string; cursor: TxListCursor | undefined }) {
  if (!isAddress(address)) notFound();
  // A contract has its own page (source, tables, events); search lands here first.
  if (isContractAddress(address)) redirect(`/contract/${address}`);
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  await Promise.all([
    queryClient.prefetchQuery(trpc.chain.info.queryOptions()),
    queryClient.prefetchQuery(trpc.accounts.get.queryOptions({ address })),
    queryClient.prefetchQuery(trpc.accounts.activity.queryOptions({ address })),
    queryClient.prefetchQuery(trpc.accounts.txs.queryOptions(addressTxsInput(address, cursor))),
  ]);
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AddressDetail address={address} cursor={cursor} />
    </HydrationBoundary>
  );
}
