"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { ChainInfoJSON } from "@/chain/types";
import { useTRPC } from "@/components/providers/trpc";
import { Amount } from "@/components/ui/Amount";
import { Badge, TxStatusBadge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatGaer, formatInteger, groupDecimal } from "@/components/ui/format";
import { ProducerName, ProducerStatCells } from "./ProducerName";
import { homeBlocksInput, homeTxsInput, THROUGHPUT_WINDOW, throughputInput } from "./queries";
import { SearchBox } from "./SearchBox";
import { ThroughputChart } from "./ThroughputChart";
import { useChainInfo, useProducerLabels } from "./useChainInfo";

/** The explorer's front page: the chain at a glance, live. */
export function HomeDashboard() {
  const trpc = useTRPC();
  const { data: info } = useChainInfo();
  const labels = useProducerLabels(info);
  const blocks = useQuery(trpc.blocks.list.queryOptions(homeBlocksInput));
  const txs = useQuery(trpc.transactions.recent.queryOptions(homeTxsInput));
  const throughput = useQuery(trpc.chain.throughput.queryOptions(throughputInput));
  const latest = blocks.data?.[0];

  return (
    <div className="space-y-5">
      <div className="rounded-lg border border-zinc-200 bg-gradient-to-br from-white to-fuchsia-50/60 px-5 py-5">
        <h1 className="text-lg font-semibold text-zinc-900">
          The AERGO Chain explorer
          {info ? <span className="ml-2 font-normal text-zinc-500 mono text-base">{info.chainId}</span> : null}
        </h1>
        <div className="mt-3 max-w-2xl">
          <SearchBox size="lg" />
        </div>
      </div>

      {info ? <ChainStats info={info} latestTimestamp={latest?.timestamp} /> : null}

      <div className="grid gap-5 lg:grid-cols-5">
        <Panel title="Transactions per block" actions={<span>last {THROUGHPUT_WINDOW} blocks</span>} className="lg:col-span-3">
          <div className="px-4 py-3">
            <ThroughputChart points={throughput.data ?? []} slots={THROUGHPUT_WINDOW} />
          </div>
        </Panel>
        {info ? <ProducersPanel info={info} /> : null}
      </div>

      <div className="grid gap-5 lg:grid-cols-2">
        <Panel title="Latest blocks" actions={<Link href="/blocks" className="text-blue-700 hover:underline">View all blocks →</Link>} testId="latest-blocks">
          <Table>
            <thead>
              <tr>
                <Th>Block</Th>
                <Th>Age</Th>
                <Th>Producer</Th>
                <Th align="right">Txs</Th>
                <Th align="right">Fees</Th>
              </tr>
            </thead>
            <tbody>
              {(blocks.data ?? []).map((b) => (
                <tr key={b.hash} className="hover:bg-zinc-50">
                  <Td>
                    <Link href={`/block/${b.height}`} className="mono text-blue-700 hover:underline">
                      #{b.height}
                    </Link>
                  </Td>
                  <Td className="text-zinc-500">
                    <TimeAgo timestamp={b.timestamp} />
                  </Td>
                  <Td>
                    <HashLink value={b.producer} href={`/address/${b.producer}`} label={labels.get(b.producer)} />
                  </Td>
                  <Td align="right" className="tabular-nums">
                    {b.txCount}
                  </Td>
                  <Td align="right">
                    <Amount value={b.fees} />
                  </Td>
                </tr>
              ))}
              {blocks.data?.length === 0 ? <EmptyRow colSpan={5}>No blocks indexed yet.</EmptyRow> : null}
            </tbody>
          </Table>
        </Panel>

        <Panel title="Latest transactions" testId="latest-txs">
          <Table>
            <thead>
              <tr>
                <Th>Transaction</Th>
                <Th>From / To</Th>
                <Th align="right">Amount</Th>
              </tr>
            </thead>
            <tbody>
              {(txs.data ?? []).map((t) => (
                <tr key={t.hash} className="hover:bg-zinc-50">
                  <Td>
                    <div className="flex flex-col gap-0.5 leading-tight">
                      <HashLink value={t.hash} href={`/tx/${t.hash}`} />
                      <span className="text-xs text-zinc-500">
                        <TimeAgo timestamp={t.timestamp} /> · block{" "}
                        <Link href={`/block/${t.blockHeight}`} className="text-blue-700 hover:underline">
                          #{t.blockHeight}
                        </Link>
                      </span>
                    </div>
                  </Td>
                  <Td>
                    <div className="grid grid-cols-[2.5rem_auto] items-baseline gap-x-1 gap-y-0.5 text-[13px] leading-tight">
                      <span className="text-zinc-500">From</span>
                      <HashLink value={t.from} href={`/address/${t.from}`} label={labels.get(t.from)} />
                      <span className="text-zinc-500">To</span>
                      {t.to ? <HashLink value={t.to} href={`/address/${t.to}`} label={labels.get(t.to)} /> : <span className="text-zinc-500">{t.type}</span>}
                    </div>
                  </Td>
                  <Td align="right">
                    <div className="flex flex-col items-end gap-0.5 leading-tight">
                      <Amount value={t.amount} />
                      <TxStatusBadge status={t.status} title={t.error ? `${t.error.code}: ${t.error.message}` : undefined} />
                    </div>
                  </Td>
                </tr>
              ))}
              {txs.data?.length === 0 ? <EmptyRow colSpan={3}>No transactions yet.</EmptyRow> : null}
            </tbody>
          </Table>
        </Panel>
      </div>
    </div>
  );
}

function Stat({ label, children, sub, testId }: { label: string; children: ReactNode; sub?: ReactNode; testId?: string }) {
  return (
    <div className="min-w-0 px-4 py-3">
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1 truncate text-lg font-semibold text-zinc-900 tabular-nums" data-testid={testId}>
        {children}
      </div>
      {sub ? <div className="mt-0.5 truncate text-xs text-zinc-500">{sub}</div> : null}
    </div>
  );
}

function ChainStats({ info, latestTimestamp }: { info: ChainInfoJSON; latestTimestamp: number | undefined }) {
  const intoEpoch = info.height % info.epochLength;
  return (
    <div className="grid grid-cols-2 divide-zinc-200 rounded-lg border border-zinc-200 bg-white sm:grid-cols-3 sm:divide-x lg:grid-cols-6" data-testid="chain-stats">
      <Stat label="Chain" testId="chain-id" sub={<span className="mono" title={`chain id hash ${info.chainIdHash}`}>{info.consensus.toUpperCase()}{info.devNetwork ? " · dev network" : ""}</span>}>
        <span className="mono text-base">{info.chainId}</span>
      </Stat>
      <Stat label="Head height" testId="head-height" sub={latestTimestamp ? <>last block <TimeAgo timestamp={latestTimestamp} /></> : `every ${info.blockIntervalMs} ms`}>
        <Link href={`/block/${info.height}`} className="hover:underline">
          {formatInteger(info.height)}
        </Link>
      </Stat>
      <Stat label="Last irreversible" testId="last-irreversible" sub={`${info.height - info.lastIrreversible} block${info.height - info.lastIrreversible === 1 ? "" : "s"} behind head`}>
        <Link href={`/block/${info.lastIrreversible}`} className="hover:underline">
          {formatInteger(info.lastIrreversible)}
        </Link>
      </Stat>
      <Stat label="Epoch" testId="epoch" sub={`block ${intoEpoch + 1} of ${info.epochLength}`}>
        {formatInteger(info.epoch)}
      </Stat>
      <Stat label="Pending txs" testId="pending-txs" sub="answered, not yet sealed">
        {formatInteger(info.pendingTxs)}
      </Stat>
      <Stat label="Total supply" sub={<span title={`${info.minGasPrice.aer} aer`}>AERGO · min gas {formatGaer(info.minGasPrice.aer)} gaer</span>}>
        <span title={`${groupDecimal(info.totalSupply.aer)} aer`}>{groupDecimal(info.totalSupply.aergo)}</span>
      </Stat>
    </div>
  );
}

function ProducersPanel({ info }: { info: ChainInfoJSON }) {
  const elected = new Set(info.producers.map((p) => p.address));
  const standby = info.candidates.filter((c) => !elected.has(c.address));
  return (
    <Panel title="Block producers" actions={<span>epoch {info.epoch} · {info.producers.length} elected</span>} className="lg:col-span-2" testId="producers">
      <Table testId="producers-table">
        <thead>
          <tr>
            <Th>Elected</Th>
            <Th align="right">Produced</Th>
            <Th align="right">Missed</Th>
            <Th align="right">Votes</Th>
          </tr>
        </thead>
        <tbody>
          {info.producers.map((p) => (
            <tr key={p.address}>
              <Td>
                <ProducerName p={p} />
              </Td>
              <ProducerStatCells p={p} />
            </tr>
          ))}
        </tbody>
      </Table>
      <div className="border-t border-zinc-200 bg-zinc-50 px-4 py-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500">Candidates</div>
      <Table testId="candidates-table">
        <tbody>
          {standby.map((c) => (
            <tr key={c.address}>
              <Td>
                <ProducerName p={c} />
              </Td>
              <Td align="right">
                <Badge tone="gray">standby</Badge>
              </Td>
              <Td align="right">
                <Amount value={c.votes} />
              </Td>
            </tr>
          ))}
          {standby.length === 0 ? <EmptyRow colSpan={3}>Every candidate is elected.</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}
