"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { FinalityBadge } from "@/components/ui/Badge";
import { chainHref, withRepo } from "./repoPaths";
import { useRepoBranch } from "./useRepoBranch";

const POLL_MS = 500;

/** The transaction as the chain has it now (on the page's branch): polled until a block seals it, so its receipt gains the block. */
export function useSealing(repo: string, txHash: string | null) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data } = useQuery({
    ...trpc.transactions.get.queryOptions(withRepo(repo, { hash: txHash ?? "" }, branch)),
    enabled: txHash !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "pending" ? false : POLL_MS),
  });
  return data && data.receipt.txHash === txHash ? data : null;
}

/** The block that seals a transaction, once there is one. */
export function SealingBlock({ repo, branch, state, height }: { repo: string; branch: string; state: "pending" | "sealed" | "final"; height: number | null }) {
  return (
    <p className="flex items-center gap-2 text-xs" data-testid="deploy-block" data-state={state} data-height={height ?? ""}>
      <FinalityBadge state={state} />
      {height === null ? (
        <span className="text-zinc-500">waiting for the block that seals it…</span>
      ) : (
        <span>
          sealed in{" "}
          <Link href={chainHref(repo, `/block/${height}`, branch)} className="mono text-blue-700 hover:underline">
            block #{height}
          </Link>
        </span>
      )}
    </p>
  );
}
