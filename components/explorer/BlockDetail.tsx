"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { chainHref, withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { Amount } from "@/components/ui/Amount";
import { Badge, FinalityBadge } from "@/components/ui/Badge";
import { DetailList, DetailRow } from "@/components/ui/DetailList";
import { HashLink } from "@/components/ui/HashLink";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger, formatUtc } from "@/components/ui/format";
import { BlockVerification } from "./BlockVerification";
import { TxTable, txColumns } from "./TxTable";
import { BLOCK_TXS_PAGE_SIZE, blockTxsInput } from "./queries";
import { blockFinality, useChainInfo, useProducerLabels } from "./useChainInfo";

/**
 * One block: its header, where it stands on the way to finality, and its transactions a page at a
 * time, on the chain of `repo` (absent: the root's).
 */
export function BlockDetail({ id, afterTxIndex, repo }: { id: string; afterTxIndex: number | undefined; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data: info } = useChainInfo(repo, branch);
  const labels = useProducerLabels(info);
  const { data: block, error } = useQuery(trpc.blocks.header.queryOptions(withRepo(repo, { id }, branch)));
  const txs = useQuery(trpc.blocks.txs.queryOptions(block ? withRepo(repo, blockTxsInput(block.height, afterTxIndex), branch) : skipToken));
  if (!block) return <p className="text-sm text-red-700">{error ? error.message : "Loading…"}</p>;
  const finality = blockFinality(block.height, info);
  const producerLabel = labels.get(block.producer);
  const navBtn = "rounded-md border border-zinc-200 px-2 py-0.5 text-sm text-zinc-700 hover:bg-zinc-50";
  const list = txs.data ?? [];
  const first = (afterTxIndex ?? -1) + 1;
  const pageHref = (after: number) => chainHref(repo, after < 0 ? `/block/${block.height}` : `/block/${block.height}?afterTxIndex=${after}`, branch);
  const pager =
    block.txCount > BLOCK_TXS_PAGE_SIZE || first > 0 ? (
      <nav className="flex items-center gap-2 text-sm" aria-label="Transaction pages">
        <span className="tabular-nums" data-testid="block-txs-range">
          {list.length > 0 ? `#${formatInteger(first)}–#${formatInteger(first + list.length - 1)} of ${formatInteger(block.txCount)}` : `none after #${formatInteger(first - 1)}`}
        </span>
        {first > 0 ? (
          <Link href={pageHref(first - 1 - BLOCK_TXS_PAGE_SIZE)} className={navBtn} data-testid="block-txs-previous">
            ← Previous
          </Link>
        ) : null}
        {first + BLOCK_TXS_PAGE_SIZE < block.txCount ? (
          <Link href={pageHref(first + BLOCK_TXS_PAGE_SIZE - 1)} className={navBtn} data-testid="block-txs-next">
            Next →
          </Link>
        ) : null}
      </nav>
    ) : null;

  return (
    <div className="space-y-5">
      <PageTitle
        kind="Block"
        aside={
          <span className="flex items-center gap-2">
            <FinalityBadge state={finality} testId="block-finality" />
            {block.height > 0 ? (
              <Link href={chainHref(repo, `/block/${block.height - 1}`, branch)} className={navBtn} title="Previous block">
                ‹ #{block.height - 1}
              </Link>
            ) : null}
            {info && block.height < info.height ? (
              <Link href={chainHref(repo, `/block/${block.height + 1}`, branch)} className={navBtn} title="Next block">
                #{block.height + 1} ›
              </Link>
            ) : null}
          </span>
        }
      >
        <span data-testid="block-height">#{formatInteger(block.height)}</span>
      </PageTitle>

      <Panel title="Overview">
        <DetailList>
          <DetailRow label="Height">
            <span className="mono">{block.height}</span>
          </DetailRow>
          <DetailRow label="Hash">
            <HashLink value={block.hash} full testId="block-hash" />
          </DetailRow>
          <DetailRow label="Status" hint="A block is final once 2/3 of the producers have built on it.">
            <span className="flex flex-wrap items-center gap-2">
              <FinalityBadge state={finality} />
              {info ? (
                <span className="text-zinc-500">
                  {finality === "final"
                    ? `last irreversible block is #${info.lastIrreversible}`
                    : `${block.height - info.lastIrreversible} block${block.height - info.lastIrreversible === 1 ? "" : "s"} above the last irreversible block #${info.lastIrreversible}`}
                </span>
              ) : null}
            </span>
          </DetailRow>
          <DetailRow label="Timestamp">
            <TimeAgo timestamp={block.timestamp} /> <span className="text-zinc-500">({formatUtc(block.timestamp)})</span>
          </DetailRow>
          <DetailRow label="Producer">
            <span className="flex flex-wrap items-center gap-2">
              {producerLabel ? <Badge>{producerLabel}</Badge> : null}
              <HashLink value={block.producer} href={chainHref(repo, `/address/${block.producer}`, branch)} full />
            </span>
          </DetailRow>
          <DetailRow label="Transactions">{block.txCount === 1 ? "1 transaction" : `${formatInteger(block.txCount)} transactions`}</DetailRow>
          <DetailRow label="Gas used">{formatInteger(block.gasUsed)}</DetailRow>
          <DetailRow label="Fees">
            <Amount value={block.fees} />
          </DetailRow>
          <DetailRow label="Consensus">
            <span className="mono">
              {block.consensus.kind} · epoch {block.consensus.epoch} · slot {block.consensus.slot}
            </span>
          </DetailRow>
          <DetailRow label="Branch">
            <span className="mono">{block.branch}</span>
          </DetailRow>
          <DetailRow label="Previous block">
            {block.height > 0 ? <HashLink value={block.prevHash} href={chainHref(repo, `/block/${block.prevHash}`, branch)} full /> : <span className="text-zinc-500">none (genesis)</span>}
          </DetailRow>
          <DetailRow label="State root" hint="Commits to every account and contract row after this block.">
            <HashLink value={block.stateRoot} full testId="block-state-root" />
          </DetailRow>
          <DetailRow label="Transactions root">
            <HashLink value={block.txRoot} full />
          </DetailRow>
          <DetailRow label="Receipts root">
            <HashLink value={block.receiptsRoot} full />
          </DetailRow>
          <DetailRow label="Chain id hash">
            <HashLink value={block.chainIdHash} full />
          </DetailRow>
          <DetailRow label="Producer signature">
            <span className="mono break-all text-xs text-zinc-600">{block.signature}</span>
          </DetailRow>
        </DetailList>
      </Panel>

      <BlockVerification height={block.height} repo={repo} branch={branch} />

      <Panel title={`Transactions (${formatInteger(block.txCount)})`} actions={pager} testId="block-txs">
        <TxTable
          txs={list}
          columns={[txColumns.index, txColumns.hashIn(repo, branch), txColumns.type(), txColumns.from({ repo, branch }), txColumns.to({ repo, branch }), txColumns.amount, txColumns.fee, txColumns.status]}
          placeholder={
            txs.isPending && block.txCount > 0
              ? "Loading…"
              : txs.isSuccess && list.length === 0
                ? block.txCount === 0
                  ? "This block holds no transactions."
                  : `No transactions after #${formatInteger(first - 1)}: this block holds ${formatInteger(block.txCount)}.`
                : null
          }
        />
        {pager ? <div className="flex justify-end px-4 py-2.5">{pager}</div> : null}
      </Panel>
    </div>
  );
}
