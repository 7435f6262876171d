"use client";
import { usePathname } from "next/navigation";
import { MAIN_BRANCH, repoFromPathname } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { useChainStream, useStreamHead } from "./chainStream";

/**
 * Keeps the page live (see useChainStream) and shows the stream's state in the header. Inside a
 * repository (/OWNER/NAME/…) it follows that repository's chain, elsewhere the root's, on the
 * page's branch (`?branch=`). It reads the query string, so the header renders it in a Suspense
 * boundary: pages rendered ahead of time then fill it in the browser.
 */
export function LiveChainUpdates() {
  const repo = repoFromPathname(usePathname());
  const branch = useRepoBranch();
  useChainStream(repo, branch);
  const head = useStreamHead();
  const chain = `${repo === undefined ? "the AERGO Chain" : repo}${branch === MAIN_BRANCH ? "" : ` (${branch})`}`;
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-zinc-500"
      title={head.connected ? `New blocks of ${chain} appear without reloading.` : `Reconnecting to the live stream of ${chain}…`}
      data-testid="live-indicator"
      data-repo={repo}
      data-branch={branch}
    >
      <span className={`h-2 w-2 rounded-full ${head.connected ? "bg-emerald-500" : "bg-zinc-300"}`} aria-hidden="true" />
      {head.connected ? "live" : "offline"}
      {head.height !== null ? <span className="mono tabular-nums text-zinc-700">#{head.height}</span> : null}
    </span>
  );
}
