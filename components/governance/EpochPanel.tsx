"use client";
/** The election clock (epoch, blocks and seconds to the next one) and the producer-set changes of recent epochs. */
import { useEffect, useState } from "react";
import { Badge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import type { GovernanceOverview, ProducerChange } from "./types";

export function EpochPanel({ overview, fetchedAt }: { overview: GovernanceOverview; fetchedAt: number }) {
  const { clock } = overview;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  // Counts down between refreshes; the next answer resets it to the chain's own count.
  const msLeft = Math.max(0, clock.msLeft - (now - fetchedAt));
  const labelOf = (address: string) => [...overview.producers, ...overview.candidates].find((p) => p.address === address)?.label ?? null;
  return (
    <Panel title="Epoch" testId="gov-epoch" actions={<span>{clock.epochLength} blocks an epoch</span>}>
      <div className="space-y-3 p-4 text-sm">
        <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
          <span>
            <span className="text-zinc-500">Epoch </span>
            <span className="text-lg font-semibold tabular-nums" data-testid="gov-epoch-number">{clock.epoch}</span>
          </span>
          <span data-testid="gov-countdown">
            <span className="text-zinc-500">Next election in </span>
            <span className="font-medium tabular-nums">{formatInteger(clock.blocksLeft)} blocks</span>
            <span className="text-zinc-500"> (≈ {Math.ceil(msLeft / 1000)} s, at block {formatInteger(clock.nextEpochHeight)})</span>
          </span>
        </div>
        <p className="text-zinc-500">Votes are counted at the epoch&apos;s last block; the new producers take the slots from the next block on.</p>
      </div>
      <div className="border-t border-zinc-200 bg-zinc-50 px-4 py-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500">Producer-set changes</div>
      <ul className="divide-y divide-zinc-100 text-sm" data-testid="gov-changes">
        {overview.changes.map((c) => (
          <ChangeRow key={c.epoch} change={c} labelOf={labelOf} />
        ))}
      </ul>
    </Panel>
  );
}

function ChangeRow({ change, labelOf }: { change: ProducerChange; labelOf: (a: string) => string | null }) {
  const quiet = change.joined.length === 0 && change.standIns.length === 0;
  const who = (a: string) => <HashLink key={a} value={a} href={`/address/${a}`} label={labelOf(a)} copy={false} />;
  return (
    <li className="flex flex-wrap items-center gap-2 px-4 py-2" data-testid={`gov-change-${change.epoch}`}>
      <span className="w-28 text-zinc-500">
        epoch {change.epoch} <span className="text-xs">(#{formatInteger(change.startHeight)})</span>
      </span>
      {quiet ? <span className="text-zinc-500">no change</span> : null}
      {change.joined.length ? (
        <span className="inline-flex flex-wrap items-center gap-1" data-testid="gov-change-joined">
          <Badge tone="green">elected</Badge> {change.joined.map(who)}
        </span>
      ) : null}
      {change.left.length ? (
        <span className="inline-flex flex-wrap items-center gap-1">
          <Badge tone="gray">replaced</Badge> {change.left.map(who)}
        </span>
      ) : null}
      {change.standIns.map((s) => (
        <span key={s.producer} className="inline-flex flex-wrap items-center gap-1" title="A producer missed its slots in a row; the next candidate by votes took them (score-based replacement).">
          <Badge tone="amber">stand-in</Badge> {who(s.producer)} <span className="text-zinc-500">from block {formatInteger(s.firstHeight)} ({s.blocks} blocks)</span>
        </span>
      ))}
    </li>
  );
}
