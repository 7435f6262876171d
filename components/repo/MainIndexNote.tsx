import Link from "next/link";
import { chainHref } from "./repoPaths";

/**
 * Said above an index-backed list (events, an account's transactions) on a branch: the index
 * follows main, so the list stops where the branch left main (`upTo`, from useSharedWithMain),
 * and the branch's own transactions are found through its blocks. Nothing on main.
 */
export function MainIndexNote({ repo, branch, upTo, what }: { repo?: string; branch: string; upTo: number | null | undefined; what: string }) {
  if (upTo === null || upTo === undefined) return null;
  return (
    <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-900" data-testid="branch-index-note">
      {what} come from the hub&apos;s index, which follows main: on <span className="mono">{branch}</span>{" "}
      {upTo >= 0 ? <>they are listed up to block #{upTo}, where it left main.</> : "they are not listed."} The branch&apos;s own transactions are in{" "}
      <Link href={chainHref(repo, "/blocks", branch)} className="text-blue-700 hover:underline">
        its blocks
      </Link>
      .
    </p>
  );
}
