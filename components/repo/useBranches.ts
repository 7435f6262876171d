"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { branchesListInput, sharedWithMain } from "./branchHistory";
import { MAIN_BRANCH } from "./repoPaths";

/** The repository's branches (main first), refreshed by the live stream like every query on screen. */
export function useBranches(repo: string | undefined, enabled = true) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.branches.list.queryOptions(branchesListInput(repo)), enabled });
}

/**
 * The highest height `branch` shares with main (branchHistory.ts): null on main, undefined while
 * the branches are loading. Index-backed lists read up to it.
 */
export function useSharedWithMain(repo: string | undefined, branch: string): number | null | undefined {
  const onMain = branch === MAIN_BRANCH;
  const { data } = useBranches(repo, !onMain);
  if (onMain) return null;
  return data ? sharedWithMain(data, branch) : undefined;
}
