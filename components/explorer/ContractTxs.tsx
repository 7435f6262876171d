"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { HashLink } from "@/components/ui/HashLink";
import { Pager } from "@/components/ui/Pager";
import { Panel } from "@/components/ui/Panel";
import { contractHref } from "./ContractQueries";
import { accountHref } from "./ContractValue";
import { TxTable, txColumns, type TxColumn } from "./TxTable";
import { ADDRESS_TXS_PAGE_SIZE, addressTxsInput, type TxListCursor } from "./queries";
import { useChainInfo, useProducerLabels } from "./useChainInfo";

/**
 * The Transactions tab: the contract's deploy and every call to it, newest first, from the index
 * (on a branch: its own, then its base's up to where it started).
 */
export function ContractTxs({ address, cursor, repo }: { address: string; cursor: TxListCursor | undefined; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data: info } = useChainInfo(repo, branch);
  const labels = useProducerLabels(info);
  const txs = useQuery(trpc.accounts.txs.queryOptions(withRepo(repo, addressTxsInput(address, cursor), branch)));
  const list = txs.data ?? [];
  const last = list[list.length - 1];
  const olderHref = last && list.length === ADDRESS_TXS_PAGE_SIZE ? contractHref(address, "transactions", { beforeHeight: last.blockHeight, beforeTxIndex: last.txIndex }, repo, branch) : null;
  const from: TxColumn = {
    header: "From",
    cell: (tx) => (tx.from ? <HashLink value={tx.from} href={accountHref(tx.from, repo, branch)} label={labels.get(tx.from)} /> : <span className="text-zinc-400">—</span>),
  };

  return (
    <Panel
      title={cursor === undefined ? "Transactions" : `Older transactions, from block #${cursor.beforeHeight}`}
      actions={<Pager latestHref={cursor === undefined ? null : contractHref(address, "transactions", {}, repo, branch)} olderHref={olderHref} />}
      testId="contract-txs"
    >
      <TxTable
        txs={list}
        columns={[txColumns.hashIn(repo, branch), txColumns.blockIn(repo, branch), txColumns.age, txColumns.type((t) => (t.type === "deploy" ? "blue" : "gray")), from, txColumns.amount, txColumns.fee, txColumns.status]}
        rowTestId="contract-tx-row"
        placeholder={txs.isSuccess && list.length === 0 ? `No sealed transactions ${cursor === undefined ? "for this contract yet" : "before this point"}.` : null}
      />
    </Panel>
  );
}
