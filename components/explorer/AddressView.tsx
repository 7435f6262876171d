import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound, redirect } from "next/navigation";
import { isAddress, isContractAddress } from "@/chain/crypto/address";
import { systemAccountOf } from "@/chain/systemAccounts";
import { MAIN_BRANCH, repoHref, withRepo } from "@/components/repo/repoPaths";
import { AddressDetail } from "./AddressDetail";
import { addressTxsInput, chainInfoInput, type TxListCursor } from "./queries";
import { getServerQueryClient, orNull, serverTrpc } from "./serverData";

/**
 * Any valid Aergo address has a page, seen on chain or not (a fresh account is still an
 * account); a contract address goes to its contract page; anything else is the "not a valid
 * Aergo address" 404 page. A keyless system account (chain/systemAccounts.ts) stays here. `repo` is the repository whose chain is shown (absent: the root
 * repository, /address/…), on `branch` (absent: main).
 */
export async function AddressView({ address, cursor, repo, branch = MAIN_BRANCH }: { address: string; cursor: TxListCursor | undefined; repo?: string; branch?: string }) {
  if (!isAddress(address)) notFound();
  // A contract has its own page (source, tables, events); search lands here first. A system
  // account carries the contract marker but holds no contract: it is shown here.
  if (isContractAddress(address) && !systemAccountOf(address)) redirect(repoHref(repo, `/contract/${address}`, branch));
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  const [account] = await Promise.all([
    // Read, not prefetched: a chain or branch the viewer may not read answers NOT_FOUND, and that is a 404 page.
    orNull(queryClient.fetchQuery(trpc.accounts.get.queryOptions(withRepo(repo, { address }, branch)))),
    queryClient.prefetchQuery(trpc.chain.info.queryOptions(chainInfoInput(repo, branch))),
    queryClient.prefetchQuery(trpc.accounts.activity.queryOptions(withRepo(repo, { address }, branch))),
    queryClient.prefetchQuery(trpc.accounts.txs.queryOptions(withRepo(repo, addressTxsInput(address, cursor), branch))),
  ]);
  if (!account) notFound();
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <AddressDetail address={address} cursor={cursor} repo={repo} />
    </HydrationBoundary>
  );
}
