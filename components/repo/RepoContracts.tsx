"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { repoContractsInput } from "./repoQueries";
import { chainHref, repoHref } from "./repoPaths";

/** The repository's deployed contracts, newest first, from the index. */
export function RepoContracts({ repo, limit, title = "Contracts" }: { repo: string; limit?: number; title?: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo, limit)));
  const rows = list.data ?? [];
  return (
    <Panel title={title} actions={list.data ? <span>{rows.length} shown</span> : null} testId="repo-contracts">
      <Table>
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Address</Th>
            <Th>Deployed by</Th>
            <Th>Block</Th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.address} className="hover:bg-zinc-50" data-testid="repo-contract-row">
              <Td>
                <Link href={repoHref(repo, `/contract/${c.address}`)} className="font-medium text-blue-700 hover:underline" data-testid="repo-contract-link">
                  {c.name}
                </Link>
              </Td>
              <Td>
                <HashLink value={c.address} href={repoHref(repo, `/contract/${c.address}`)} />
              </Td>
              <Td>
                <HashLink value={c.creator} href={chainHref(repo, `/address/${c.creator}`)} />
              </Td>
              <Td>
                <Link href={chainHref(repo, `/block/${c.deployHeight}`)} className="mono text-blue-700 hover:underline">
                  #{c.deployHeight}
                </Link>
              </Td>
            </tr>
          ))}
          {list.isSuccess && rows.length === 0 ? <EmptyRow colSpan={4}>No contracts deployed yet.</EmptyRow> : null}
          {list.isPending ? <EmptyRow colSpan={4}>Loading…</EmptyRow> : null}
          {list.error ? <EmptyRow colSpan={4}>{list.error.message}</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}
