"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { branchesListInput } from "./branchHistory";

/** The repository's branches (main first), refreshed by the live stream like every query on screen. */
export function useBranches(repo: string | undefined) {
  const trpc = useTRPC();
  return useQuery(trpc.branches.list.queryOptions(branchesListInput(repo)));
}

