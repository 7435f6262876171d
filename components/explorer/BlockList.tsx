"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { chainHref, withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { BlockTable } from "./BlockTable";
import { BLOCKS_PAGE_SIZE, blocksPageInput } from "./queries";
import { useChainInfo, useProducerLabels } from "./useChainInfo";

/**
 * Blocks of a repository's chain (the root's without `repo`) on the page's branch, newest first, a
 * page at a time; the first page grows as blocks arrive.
 */
export function BlockList({ beforeHeight, repo }: { beforeHeight: number | undefined; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data: info } = useChainInfo(repo, branch);
  const labels = useProducerLabels(info);
  const { data: blocks = [] } = useQuery(trpc.blocks.list.queryOptions(withRepo(repo, blocksPageInput(beforeHeight), branch)));
  const first = blocks[0];
  const last = blocks[blocks.length - 1];
  const hasOlder = last !== undefined && last.height > 0;
  const pager = (
    <nav className="flex items-center gap-2 text-sm" aria-label="Pages">
      {beforeHeight !== undefined ? (
        <>
          <Link href={chainHref(repo, "/blocks", branch)} className="rounded-md border border-zinc-200 px-2.5 py-1 text-zinc-700 hover:bg-zinc-50">
            Latest
          </Link>
          {first ? (
            <Link href={chainHref(repo, `/blocks?beforeHeight=${first.height + 1 + BLOCKS_PAGE_SIZE}`, branch)} className="rounded-md border border-zinc-200 px-2.5 py-1 text-zinc-700 hover:bg-zinc-50">
              ← Newer
            </Link>
          ) : null}
        </>
      ) : null}
      {hasOlder ? (
        <Link href={chainHref(repo, `/blocks?beforeHeight=${last.height}`, branch)} className="rounded-md border border-zinc-200 px-2.5 py-1 text-zinc-700 hover:bg-zinc-50" data-testid="older-blocks">
          Older →
        </Link>
      ) : null}
    </nav>
  );

  return (
    <div>
      <PageTitle kind="Blocks">
        {first && last ? (
          <span className="text-base">
            #{formatInteger(last.height)} to #{formatInteger(first.height)}
          </span>
        ) : null}
      </PageTitle>
      <Panel title={beforeHeight === undefined ? "Latest blocks (live)" : `Blocks before #${formatInteger(beforeHeight)}`} actions={pager}>
        <BlockTable blocks={blocks} repo={repo} branch={branch} info={info} labels={labels} detailed testId="blocks-table" placeholder="No blocks here." />
        <div className="flex justify-end px-4 py-2.5">{pager}</div>
      </Panel>
    </div>
  );
}
