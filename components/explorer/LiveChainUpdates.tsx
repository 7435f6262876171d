"use client";
import { usePathname } from "next/navigation";
import { repoFromPathname } from "@/components/repo/repoPaths";
import { useChainStream, useStreamHead } from "./chainStream";

/**
 * Keeps the page live (see useChainStream) and shows the stream's state in the header. Inside a
 * repository (/OWNER/NAME/…) it follows that repository's chain, elsewhere the root's.
 */
export function LiveChainUpdates() {
  const repo = repoFromPathname(usePathname());
  useChainStream(repo);
  const head = useStreamHead();
  const chain = repo === undefined ? "the AERGO Chain" : repo;
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-zinc-500"
      title={head.connected ? `New blocks of ${chain} appear without reloading.` : `Reconnecting to the live stream of ${chain}…`}
      data-testid="live-indicator"
      data-repo={repo}
    >
      <span className={`h-2 w-2 rounded-full ${head.connected ? "bg-emerald-500" : "bg-zinc-300"}`} aria-hidden="true" />
      {head.connected ? "live" : "offline"}
      {head.height !== null ? <span className="mono tabular-nums text-zinc-700">#{head.height}</span> : null}
    </span>
  );
}
