import Link from "next/link";
import type { ReactNode } from "react";
import type { ChainInfoJSON } from "@/chain/types";
import type { RouterOutputs } from "@/components/providers/trpc";
import { chainHref } from "@/components/repo/repoPaths";
import { Amount } from "@/components/ui/Amount";
import { FinalityBadge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger } from "@/components/ui/format";
import { blockFinality } from "./useChainInfo";

type BlockSummary = RouterOutputs["blocks"]["list"][number];

/**
 * Blocks of one chain (the root's without `repo`) and branch, newest first, every link within
 * that chain and branch: the block list's table and a repository's "recent blocks". `detailed`
 * adds fees and finality.
 */
export function BlockTable({ blocks, repo, branch, info, labels, detailed, testId, rowTestId, placeholder }: {
  blocks: readonly BlockSummary[];
  repo?: string;
  branch?: string;
  info?: ChainInfoJSON;
  labels?: ReadonlyMap<string, string>;
  detailed: boolean;
  testId?: string;
  rowTestId?: string;
  /** Shown in place of rows while there are none. */
  placeholder: ReactNode;
}) {
  const columns = detailed ? 8 : 6;
  return (
    <Table testId={testId}>
      <thead>
        <tr>
          <Th>Height</Th>
          <Th>Hash</Th>
          <Th>Age</Th>
          <Th>Producer</Th>
          <Th align="right">Txs</Th>
          <Th align="right">Gas used</Th>
          {detailed ? <Th align="right">Fees</Th> : null}
          {detailed ? <Th>Status</Th> : null}
        </tr>
      </thead>
      <tbody>
        {blocks.map((b) => (
          <tr key={b.hash} className="hover:bg-zinc-50" data-testid={rowTestId}>
            <Td>
              <Link href={chainHref(repo, `/block/${b.height}`, branch)} className="mono text-blue-700 hover:underline">
                #{b.height}
              </Link>
            </Td>
            <Td>
              <HashLink value={b.hash} href={chainHref(repo, `/block/${b.hash}`, branch)} />
            </Td>
            <Td className="text-zinc-500">
              <TimeAgo timestamp={b.timestamp} />
            </Td>
            <Td>
              <HashLink value={b.producer} href={chainHref(repo, `/address/${b.producer}`, branch)} label={labels?.get(b.producer)} />
            </Td>
            <Td align="right" className="tabular-nums">
              {formatInteger(b.txCount)}
            </Td>
            <Td align="right" className="tabular-nums">
              {formatInteger(b.gasUsed)}
            </Td>
            {detailed ? (
              <Td align="right">
                <Amount value={b.fees} />
              </Td>
            ) : null}
            {detailed ? (
              <Td>
                <FinalityBadge state={blockFinality(b.height, info)} />
              </Td>
            ) : null}
          </tr>
        ))}
        {blocks.length === 0 ? <EmptyRow colSpan={columns}>{placeholder}</EmptyRow> : null}
      </tbody>
    </Table>
  );
}
