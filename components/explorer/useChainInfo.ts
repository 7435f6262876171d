"use client";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ChainInfoJSON } from "@/chain/types";
import { useTRPC } from "@/components/providers/trpc";
import { chainInfoInput } from "./queries";

/**
 * The chain's head, finality and producers, of a repository's chain (absent: the root's) on a
 * branch (absent: main); refreshed on every block by the live stream.
 */
export function useChainInfo(repo?: string, branch?: string) {
  const trpc = useTRPC();
  return useQuery(trpc.chain.info.queryOptions(chainInfoInput(repo, branch)));
}

/** Producer and candidate addresses → their labels ("producer-1"), for lists that show producers. */
export function useProducerLabels(info: ChainInfoJSON | undefined): ReadonlyMap<string, string> {
  return useMemo(() => {
    const labels = new Map<string, string>();
    for (const p of [...(info?.candidates ?? []), ...(info?.producers ?? [])]) if (p.label) labels.set(p.address, p.label);
    return labels;
  }, [info]);
}

/** A block's place on the way to irreversibility. */
export function blockFinality(height: number, info: ChainInfoJSON | undefined): "sealed" | "final" {
  return info !== undefined && height <= info.lastIrreversible ? "final" : "sealed";
}
