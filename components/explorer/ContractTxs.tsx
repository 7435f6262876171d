"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { Amount } from "@/components/ui/Amount";
import { Badge, TxStatusBadge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { contractHref } from "./ContractQueries";
import { accountHref } from "./ContractValue";
import { ADDRESS_TXS_PAGE_SIZE, addressTxsInput, type TxListCursor } from "./queries";
import { useChainInfo, useProducerLabels } from "./useChainInfo";

/** The Transactions tab: the contract's deploy and every call to it, newest first, from the index. */
export function ContractTxs({ address, cursor }: { address: string; cursor: TxListCursor | undefined }) {
  const trpc = useTRPC();
  const { data: info } = useChainInfo();
  const labels = useProducerLabels(info);
  const txs = useQuery(trpc.accounts.txs.queryOptions(addressTxsInput(address, cursor)));
  const list = txs.data ?? [];
  const last = list[list.length - 1];
  const olderHref = last && list.length === ADDRESS_TXS_PAGE_SIZE ? contractHref(address, "transactions", { beforeHeight: last.blockHeight, beforeTxIndex: last.txIndex }) : null;

  return (
    <Panel
      title={cursor === undefined ? "Transactions" : `Older transactions, from block #${cursor.beforeHeight}`}
      actions={
        <span className="flex gap-3">
          {cursor !== undefined ? (
            <Link href={contractHref(address, "transactions")} className="text-blue-700 hover:underline">
              Latest
            </Link>
          ) : null}
          {olderHref ? (
            <Link href={olderHref} className="text-blue-700 hover:underline">
              Older →
            </Link>
          ) : null}
        </span>
      }
      testId="contract-txs"
    >
      <Table>
        <thead>
          <tr>
            <Th>Tx hash</Th>
            <Th>Block</Th>
            <Th>Age</Th>
            <Th>Type</Th>
            <Th>From</Th>
            <Th align="right">Amount</Th>
            <Th align="right">Fee</Th>
            <Th>Status</Th>
          </tr>
        </thead>
        <tbody>
          {list.map((t) => (
            <tr key={t.hash} className="hover:bg-zinc-50" data-testid="contract-tx-row">
              <Td>
                <HashLink value={t.hash} href={`/tx/${t.hash}`} />
              </Td>
              <Td>
                <Link href={`/block/${t.blockHeight}`} className="mono text-blue-700 hover:underline">
                  #{t.blockHeight}
                </Link>
              </Td>
              <Td className="text-zinc-500">
                <TimeAgo timestamp={t.timestamp} />
              </Td>
              <Td>
                <Badge tone={t.type === "deploy" ? "blue" : "gray"}>{t.type}</Badge>
              </Td>
              <Td>
                <HashLink value={t.from} href={accountHref(t.from)} label={labels.get(t.from)} />
              </Td>
              <Td align="right">
                <Amount value={t.amount} />
              </Td>
              <Td align="right">
                <Amount value={t.fee} />
              </Td>
              <Td>
                <TxStatusBadge status={t.status} title={t.error ? `${t.error.code}: ${t.error.message}` : undefined} />
              </Td>
            </tr>
          ))}
          {txs.isSuccess && list.length === 0 ? <EmptyRow colSpan={8}>No sealed transactions {cursor === undefined ? "for this contract yet" : "before this point"}.</EmptyRow> : null}
        </tbody>
      </Table>
    </Panel>
  );
}
