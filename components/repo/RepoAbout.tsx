"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger } from "@/components/ui/format";
import { repoHref } from "./repoPaths";

/** The repository's side column: what it is, its branches, its members and their roles. */
export function RepoAbout({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.repos.get.queryOptions({ repo }));
  if (!data) return null;
  const d = data.directory;
  return (
    <div className="space-y-5">
      <Panel title="About" testId="repo-about">
        <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1.5 px-4 py-3 text-sm">
          <dt className="text-zinc-500">Chain id</dt>
          <dd className="mono break-all" data-testid="repo-chain-id">
            {d.chainId}
          </dd>
          <dt className="text-zinc-500">Consensus</dt>
          <dd>{data.consensus === "poa" ? `PoA, ${d.producers.length} producer${d.producers.length === 1 ? "" : "s"}` : "DPoS (the hub's producers)"}</dd>
          <dt className="text-zinc-500">Height</dt>
          <dd className="tabular-nums" data-testid="repo-height">
            {formatInteger(data.height)}
          </dd>
          <dt className="text-zinc-500">Created</dt>
          <dd>
            {data.createdAt > 0 ? <TimeAgo timestamp={data.createdAt} /> : "at genesis"}
            {d.createdBy ? <> by {d.createdBy}</> : null}
          </dd>
          <dt className="text-zinc-500">Directory</dt>
          <dd title={`The directory chain's head: ${d.head.hash}`}>block #{formatInteger(d.head.height)}</dd>
        </dl>
      </Panel>
      <Panel
        title="Branches"
        actions={
          <Link href={repoHref(repo, "/branches")} className="text-blue-700 hover:underline" data-testid="repo-branches-link">
            All branches
          </Link>
        }
        testId="repo-branches"
      >
        <ul className="divide-y divide-zinc-100 text-sm">
          {d.branches.map((b) => (
            <li key={b.name} className="flex items-center justify-between px-4 py-2" data-testid="branch-row">
              <Link href={repoHref(repo, "", b.name)} className="mono font-medium text-blue-700 hover:underline">
                {b.name}
              </Link>
              <span className="text-xs text-zinc-500">{b.from === null ? `from block #${b.fromHeight}` : `from ${b.from} at #${b.fromHeight}`}</span>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title="Members" actions={<span>{d.members.length}</span>} testId="repo-members">
        <ul className="divide-y divide-zinc-100 text-sm">
          {d.members.map((m) => (
            <li key={m.username} className="flex items-center justify-between gap-2 px-4 py-2" data-testid="member-row" data-username={m.username}>
              <span className="font-medium" title={m.address}>
                {m.username}
              </span>
              <Badge tone={m.role === "owner" || m.role === "admin" ? "blue" : "gray"}>{m.role}</Badge>
            </li>
          ))}
          {d.members.length === 0 ? <li className="px-4 py-3 text-zinc-500">No members: the hub runs it.</li> : null}
        </ul>
      </Panel>
    </div>
  );
}
