"use client";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger } from "@/components/ui/format";
import { auditRows } from "./auditTrail";
import { REPO_CONTRACTS_PAGE_LIMIT, repoContractsInput, repoUsageInput, USAGE_WINDOWS } from "./repoQueries";
import { chainHref } from "./repoPaths";
import { UsageChart } from "./UsageChart";

/** Members with who invited them and when (invitations take effect at once). */
function MembersPanel({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.repos.get.queryOptions({ repo }));
  const members = [...(data?.directory.members ?? [])].sort((a, b) => b.addedAt - a.addedAt);
  return (
    <Panel title="Members and invitations" actions={<span>{members.length} members</span>} testId="admin-members">
      <Table>
        <thead>
          <tr>
            <Th>Member</Th>
            <Th>Role</Th>
            <Th>Invited by</Th>
            <Th>When</Th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.username} className="hover:bg-zinc-50" data-testid="member-row" data-username={m.username}>
              <Td>
                <span className="font-medium" title={m.address}>
                  {m.username}
                </span>
              </Td>
              <Td>
                <Badge tone={m.role === "owner" || m.role === "admin" ? "blue" : "gray"}>{m.role}</Badge>
              </Td>
              <Td>
                <span data-testid="member-invited-by">{m.addedBy === m.username ? <span className="text-zinc-500">created it</span> : m.addedBy}</span>
              </Td>
              <Td className="text-zinc-500">
                <TimeAgo timestamp={m.addedAt} />
              </Td>
            </tr>
          ))}
          {members.length === 0 ? <EmptyRow colSpan={4}>No members.</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}

const KIND_TONE = { deploy: "green", create: "blue", invite: "blue", remove: "red", setRole: "amber", setVisibility: "amber", setDescription: "gray", setProducers: "amber", createBranch: "blue", deleteBranch: "red", merge: "green" } as const;

/** The directory chain and the repository's deploys, newest first. */
function AuditPanel({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const repoQuery = useQuery(trpc.repos.get.queryOptions({ repo }));
  const trail = useQuery(trpc.repos.auditTrail.queryOptions({ repo }));
  const deploys = useQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo, REPO_CONTRACTS_PAGE_LIMIT)));
  const choices = useQuery(trpc.repos.producerChoices.queryOptions());
  const heights = [...new Set((deploys.data ?? []).map((c) => c.deployHeight))];
  // A deploy's time is its block's: one header each (blocks never change, so they are cached for good).
  const headers = useQueries({ queries: heights.map((id) => ({ ...trpc.blocks.header.queryOptions({ repo, id }), staleTime: Infinity })) });
  const blockTimes = new Map<number, number>();
  headers.forEach((h, i) => {
    if (h.data) blockTimes.set(heights[i]!, h.data.timestamp);
  });
  const members = repoQuery.data?.directory.members;
  const labels = useMemo(() => new Map((choices.data ?? []).map((c) => [c.address, c.label])), [choices.data]);
  const rows = auditRows({
    directory: trail.data ?? [],
    deploys: deploys.data ?? [],
    blockTimes,
    usernameOf: (address) => members?.find((m) => m.address === address)?.username ?? null,
    producerLabel: (address) => labels.get(address) ?? address,
  });

  return (
    <Panel title="Audit trail" actions={<span>directory entries are signed by their author and sealed into a hash-linked chain</span>} testId="audit-trail">
      {trail.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700">
          {trail.error.message}
        </p>
      ) : null}
      <Table>
        <thead>
          <tr>
            <Th>Kind</Th>
            <Th>Actor</Th>
            <Th>Time</Th>
            <Th>Details</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="hover:bg-zinc-50" data-testid="audit-row" data-kind={r.kind}>
              <Td>
                <Badge tone={KIND_TONE[r.kind]}>{r.kind}</Badge>
              </Td>
              <Td>
                <span className="font-medium" title={r.actorAddress} data-testid="audit-actor">
                  {r.actor === r.actorAddress ? <HashLink value={r.actorAddress} href={chainHref(repo, `/address/${r.actorAddress}`)} /> : r.actor}
                </span>
              </Td>
              <Td className="text-zinc-500">{r.time === null ? "…" : <TimeAgo timestamp={r.time} />}</Td>
              <Td className="whitespace-normal">
                <span data-testid="audit-details">{r.details}</span>
              </Td>
            </tr>
          ))}
          {trail.isSuccess && rows.length === 0 ? <EmptyRow colSpan={4}>Nothing recorded yet.</EmptyRow> : null}
          {trail.isPending ? <EmptyRow colSpan={4}>Loading…</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}

/** Transactions, gas and stored bytes per time bucket. */
function UsagePanel({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const [windowMinutes, setWindowMinutes] = useState<number>(USAGE_WINDOWS[0].minutes);
  const usage = useQuery(trpc.repos.usage.queryOptions(repoUsageInput(repo, windowMinutes)));
  const points = usage.data ?? [];
  const series = (pick: (p: (typeof points)[number]) => number) => points.map((p) => ({ from: p.from, to: p.to, value: pick(p) }));
  return (
    <Panel
      title="Usage over time"
      actions={
        <label className="flex items-center gap-1.5">
          <span>Window</span>
          <select aria-label="Usage window" value={windowMinutes} onChange={(e) => setWindowMinutes(Number(e.target.value))} className="h-7 rounded-md border border-zinc-300 bg-white px-1.5 text-xs text-zinc-800" data-testid="usage-window">
            {USAGE_WINDOWS.map((w) => (
              <option key={w.minutes} value={w.minutes}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      }
      testId="usage"
    >
      {usage.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700">
          {usage.error.message}
        </p>
      ) : null}
      <div className="grid gap-5 px-4 py-3 lg:grid-cols-3">
        <UsageChart title="Transactions" bars={series((p) => p.txCount)} unit="txs" color="#7c3aed" testId="usage-txs" />
        <UsageChart title="Gas used" bars={series((p) => p.gasUsed)} unit="gas" color="#0284c7" testId="usage-gas" />
        <UsageChart title="Storage" bars={series((p) => p.bytes)} unit="bytes" color="#059669" testId="usage-bytes" />
      </div>
      {points.length > 0 ? (
        <p className="px-4 pb-3 text-xs text-zinc-500">
          The chain holds <span className="tabular-nums">{formatInteger(points[points.length - 1]!.totalBytes)}</span> bytes of transactions in all.
        </p>
      ) : null}
    </Panel>
  );
}

/** Each producer's produced blocks, missed slots and whether it is online. */
function ProducerHealthPanel({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const health = useQuery(trpc.repos.producers.queryOptions({ repo }));
  const producers = health.data?.producers ?? [];
  return (
    <Panel
      title="Producer health"
      actions={health.data ? <span>{health.data.consensus === "poa" ? "PoA" : "DPoS"} · head #{formatInteger(health.data.height)} · irreversible #{formatInteger(health.data.lastIrreversible)}</span> : null}
      testId="producer-health"
    >
      <Table>
        <thead>
          <tr>
            <Th>Producer</Th>
            <Th align="right">Produced</Th>
            <Th align="right">Missed slots</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody>
          {producers.map((p) => (
            <tr key={p.address} className="hover:bg-zinc-50" data-testid="producer-row">
              <Td>
                <HashLink value={p.address} label={p.label} href={chainHref(repo, `/address/${p.address}`)} />
              </Td>
              <Td align="right" className="tabular-nums">
                <span data-testid="producer-produced">{formatInteger(p.producedBlocks)}</span>
              </Td>
              <Td align="right" className="tabular-nums">
                <span data-testid="producer-missed">{formatInteger(p.missedSlots)}</span>
              </Td>
              <Td>
                <Badge tone={p.online ? "green" : "red"} testId="producer-online">
                  {p.online ? "online" : "offline"}
                </Badge>
              </Td>
            </tr>
          ))}
          {health.isSuccess && producers.length === 0 ? <EmptyRow colSpan={4}>No producers.</EmptyRow> : null}
          {health.isPending ? <EmptyRow colSpan={4}>Loading…</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}

/** The admins' dashboard: who is in, what changed and who changed it, how much it is used, how its producers do. */
export function AdminDashboard({ repo }: { repo: string }) {
  return (
    <div className="space-y-5" data-testid="admin-dashboard">
      <div className="grid gap-5 lg:grid-cols-2">
        <MembersPanel repo={repo} />
        <ProducerHealthPanel repo={repo} />
      </div>
      <UsagePanel repo={repo} />
      <AuditPanel repo={repo} />
    </div>
  );
}
