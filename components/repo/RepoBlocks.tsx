"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger } from "@/components/ui/format";
import { LIVE_REFRESH_MS, repoBlocksInput } from "./repoQueries";
import { chainHref } from "./repoPaths";

/** The newest blocks of the repository's chain, from the index. */
export function RepoBlocks({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.blocks.list.queryOptions(repoBlocksInput(repo)), refetchInterval: LIVE_REFRESH_MS });
  const rows = list.data ?? [];
  return (
    <Panel title="Recent blocks" testId="repo-blocks">
      <Table>
        <thead>
          <tr>
            <Th>Block</Th>
            <Th>Hash</Th>
            <Th>Age</Th>
            <Th align="right">Txs</Th>
            <Th>Producer</Th>
            <Th align="right">Gas</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b) => (
            <tr key={b.hash} className="hover:bg-zinc-50" data-testid="repo-block-row">
              <Td>
                <Link href={chainHref(repo, `/block/${b.height}`)} className="mono text-blue-700 hover:underline">
                  #{b.height}
                </Link>
              </Td>
              <Td>
                <HashLink value={b.hash} href={chainHref(repo, `/block/${b.hash}`)} />
              </Td>
              <Td className="text-zinc-500">
                <TimeAgo timestamp={b.timestamp} />
              </Td>
              <Td align="right" className="tabular-nums">
                {formatInteger(b.txCount)}
              </Td>
              <Td>
                <HashLink value={b.producer} href={chainHref(repo, `/address/${b.producer}`)} />
              </Td>
              <Td align="right" className="tabular-nums">
                {formatInteger(b.gasUsed)}
              </Td>
            </tr>
          ))}
          {list.isSuccess && rows.length === 0 ? <EmptyRow colSpan={6}>No blocks indexed yet.</EmptyRow> : null}
          {list.isPending ? <EmptyRow colSpan={6}>Loading…</EmptyRow> : null}
          {list.error ? <EmptyRow colSpan={6}>{list.error.message}</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}
