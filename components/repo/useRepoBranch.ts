"use client";
import { useSearchParams } from "next/navigation";
import { branchParam, MAIN_BRANCH } from "./repoPaths";

/**
 * The branch the page shows: its `?branch=` (main when absent). The server pages read the same
 * parameter with the same branchParam, so the queries they prefetch are the ones read here.
 */
export function useRepoBranch(): string {
  return branchParam(useSearchParams()?.get("branch"));
}

/**
 * The same page on another branch: every other parameter kept (the tab, the open file), main
 * without `?branch=`.
 */
export function switchBranchHref(pathname: string, search: string, branch: string): string {
  const params = new URLSearchParams(search);
  if (branch === MAIN_BRANCH) params.delete("branch");
  else params.set("branch", branch);
  const text = params.toString();
  return `${pathname}${text ? `?${text}` : ""}`;
}
