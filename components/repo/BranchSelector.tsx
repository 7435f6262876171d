"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import type { BranchRow } from "./branchHistory";
import { MAIN_BRANCH, repoHref } from "./repoPaths";
import { useBranches } from "./useBranches";
import { switchBranchHref, useRepoBranch } from "./useRepoBranch";

/**
 * The branch every repository tab shows, as a dropdown of the repository's branches. Choosing one
 * opens the same page on it (`?branch=`, none for main), so the tab, the open file and every link
 * from there stay on that branch.
 */
export function BranchSelector({ repo, branches }: { repo: string; branches: readonly BranchRow[] | undefined }) {
  const branch = useRepoBranch();
  const pathname = usePathname() ?? "";
  const search = useSearchParams()?.toString() ?? "";
  const router = useRouter();
  // Until the list is there, the current branch is the only choice; an unknown one stays listed so the select shows what the URL says.
  const names = branches ? branches.map((b) => b.name) : [branch];
  if (!names.includes(branch)) names.push(branch);
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor="branch-select" className="text-zinc-500">
        Branch
      </label>
      <select
        id="branch-select"
        value={branch}
        onChange={(e) => router.push(switchBranchHref(pathname, search, e.target.value))}
        className="mono h-8 max-w-56 rounded-md border border-zinc-300 bg-white px-2 text-sm shadow-xs focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none"
        data-testid="branch-select"
      >
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {branches ? (
        <Link href={repoHref(repo, "/branches", branch)} className="text-xs text-blue-700 hover:underline" data-testid="branch-count">
          {branches.length} branch{branches.length === 1 ? "" : "es"}
        </Link>
      ) : null}
    </div>
  );
}

/** Said under the header when `?branch=` names no branch of the repository (a deleted one, a typo). */
export function UnknownBranchNotice({ repo }: { repo: string }) {
  const branch = useRepoBranch();
  const { data } = useBranches(repo);
  if (branch === MAIN_BRANCH || !data || data.some((b) => b.name === branch)) return null;
  return (
    <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="branch-unknown">
      This repository has no branch <span className="mono">{branch}</span> (it may have been deleted).{" "}
      <Link href={repoHref(repo)} className="text-blue-700 hover:underline">
        Go to main
      </Link>{" "}
      or{" "}
      <Link href={repoHref(repo, "/branches")} className="text-blue-700 hover:underline">
        see its branches
      </Link>
      .
    </p>
  );
}
