import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { MAIN_BRANCH, withRepo } from "@/components/repo/repoPaths";
import { chainInfoInput } from "./queries";
import { getServerQueryClient, orNull, serverTrpc } from "./serverData";
import { TxDetail } from "./TxDetail";

/**
 * A transaction by hash, pending ones included; an unknown or malformed hash is a 404 page.
 * `repo` is the repository whose chain holds it (absent: the root repository, /tx/…), on `branch`
 * (absent: main).
 */
export async function TxView({ hash, repo, branch = MAIN_BRANCH }: { hash: string; repo?: string; branch?: string }) {
  const queryClient = getServerQueryClient();
  const trpc = serverTrpc();
  const [found] = await Promise.all([
    orNull(queryClient.fetchQuery(trpc.transactions.get.queryOptions(withRepo(repo, { hash }, branch)))),
    queryClient.prefetchQuery(trpc.chain.info.queryOptions(chainInfoInput(repo, branch))),
  ]);
  if (!found) notFound();
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <TxDetail hash={hash} repo={repo} />
    </HydrationBoundary>
  );
}
