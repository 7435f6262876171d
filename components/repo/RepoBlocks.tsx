"use client";
import { useQuery } from "@tanstack/react-query";
import { BlockTable } from "@/components/explorer/BlockTable";
import { useTRPC } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { repoBlocksInput } from "./repoQueries";
import { useRepoBranch } from "./useRepoBranch";

/** The newest blocks of the repository's chain on the page's branch (main's from the index), refreshed by the live stream. */
export function RepoBlocks({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const list = useQuery(trpc.blocks.list.queryOptions(repoBlocksInput(repo, branch)));
  const placeholder = list.error ? list.error.message : list.isPending ? "Loading…" : "No blocks indexed yet.";
  return (
    <Panel title="Recent blocks" testId="repo-blocks">
      <BlockTable blocks={list.data ?? []} repo={repo} branch={branch} detailed={false} rowTestId="repo-block-row" placeholder={placeholder} />
    </Panel>
  );
}
