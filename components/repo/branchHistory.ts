/**
 * What a branch shares with main. The hub's index (events, an account's transactions, who
 * deployed a contract) follows main only. A branch's blocks up to where it left main are main's
 * own blocks, so the index's rows up to that height hold for the branch too; rows above it are
 * main's later history, not the branch's, and are left out.
 */
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import type { TxListCursor } from "@/components/explorer/queries";
import { MAIN_BRANCH, withRepo } from "./repoPaths";

export type BranchRow = inferRouterOutputs<AppRouter>["branches"]["list"][number];

/** branches.list's input, the same for the server pages that prefetch it and the components that read it. */
export const branchesListInput = (repo: string | undefined) => withRepo(repo, {});

/**
 * The highest height whose block `branch` shares with main: null on main itself (everything),
 * -1 when the line back to main is not known (a base branch was deleted, or the name is unknown).
 */
export function sharedWithMain(branches: readonly Pick<BranchRow, "name" | "base">[], branch: string): number | null {
  if (branch === MAIN_BRANCH) return null;
  const byName = new Map(branches.map((b) => [b.name, b] as const));
  let upTo = Number.MAX_SAFE_INTEGER;
  // Each step goes to an older branch; the bound stops a malformed list that loops.
  for (let at = byName.get(branch), steps = 0; at && steps <= branches.length; steps++) {
    if (at.base === null) return at.name === MAIN_BRANCH ? upTo : -1;
    upTo = Math.min(upTo, at.base.height);
    at = byName.get(at.base.branch);
  }
  return -1;
}

/** An address's tx-list cursor for a branch: it starts no later than the block after the last shared one. */
export function cursorWithin(cursor: TxListCursor | undefined, upTo: number | null): TxListCursor | undefined {
  if (upTo === null) return cursor;
  const limit = Math.max(0, upTo + 1);
  return cursor === undefined || cursor.beforeHeight > limit ? { beforeHeight: limit } : cursor;
}
