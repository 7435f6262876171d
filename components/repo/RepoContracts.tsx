"use client";
import Link from "next/link";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { chainHref, repoHref } from "./repoPaths";
import { useRepoBranch } from "./useRepoBranch";
import { useRepoContracts, type RepoContractList } from "./useRepoContracts";

function ContractsTable({ repo, branch, list, title }: { repo: string; branch: string; list: RepoContractList; title: string }) {
  const { rows, pending, error } = list;
  return (
    <Panel title={title} actions={pending || error ? null : <span>{rows.length} shown</span>} testId="repo-contracts">
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
                <Link href={repoHref(repo, `/contract/${c.address}`, branch)} className="font-medium text-blue-700 hover:underline" data-testid="repo-contract-link">
                  {c.name}
                </Link>
              </Td>
              <Td>
                <HashLink value={c.address} href={repoHref(repo, `/contract/${c.address}`, branch)} />
              </Td>
              <Td>
                <HashLink value={c.creator} href={chainHref(repo, `/address/${c.creator}`, branch)} />
              </Td>
              <Td>
                <Link href={chainHref(repo, `/block/${c.deployHeight}`, branch)} className="mono text-blue-700 hover:underline">
                  #{c.deployHeight}
                </Link>
              </Td>
            </tr>
          ))}
          {!pending && !error && rows.length === 0 ? <EmptyRow colSpan={4}>No contracts deployed yet.</EmptyRow> : null}
          {pending ? <EmptyRow colSpan={4}>Loading…</EmptyRow> : null}
          {error ? <EmptyRow colSpan={4}>{error}</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}

/** The repository's deployed contracts on the page's branch, newest first (useRepoContracts). */
export function RepoContracts({ repo, limit, title = "Contracts" }: { repo: string; limit?: number; title?: string }) {
  const branch = useRepoBranch();
  const list = useRepoContracts(repo, branch, limit);
  return <ContractsTable repo={repo} branch={branch} list={list} title={title} />;
}
