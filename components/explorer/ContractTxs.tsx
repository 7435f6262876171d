"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { MaybeLink } from "@/components/repo/MaybeLink";
import { chainHref, isRootRepo, withRepo } from "@/components/repo/repoPaths";
import { HashLink } from "@/components/ui/HashLink";
import { Pager } from "@/components/ui/Pager";
import { Panel } from "@/components/ui/Panel";
import { contractHref } from "./ContractQueries";
import { accountHref } from "./ContractValue";
import { TxTable, txColumns, type TxColumn } from "./TxTable";
import { ADDRESS_TXS_PAGE_SIZE, addressTxsInput, type TxListCursor } from "./queries";
import { useProducerLabels } from "./useChainInfo";

/** The hash and block columns of a repository's own chain (its pages, where it has them). */
function repoColumns(repo: string | undefined): { hash: TxColumn; block: TxColumn } {
  if (isRootRepo(repo)) return { hash: txColumns.hash, block: txColumns.block };
  return {
    hash: { header: "Tx hash", cell: (tx) => <HashLink value={tx.hash} href={chainHref(repo, `/tx/${tx.hash}`)} /> },
    block: {
      header: "Block",
      cell: (tx) => (
        <MaybeLink href={chainHref(repo, `/block/${tx.blockHeight}`)} className="mono">
          #{tx.blockHeight}
        </MaybeLink>
      ),
    },
  };
}

/** The Transactions tab: the contract's deploy and every call to it, newest first, from the index. */
export function ContractTxs({ address, cursor, repo }: { address: string; cursor: TxListCursor | undefined; repo?: string }) {
  const trpc = useTRPC();
  const { data: info } = useQuery(repo === undefined ? trpc.chain.info.queryOptions() : trpc.chain.info.queryOptions({ repo }));
  const labels = useProducerLabels(info);
  const txs = useQuery(trpc.accounts.txs.queryOptions(withRepo(repo, addressTxsInput(address, cursor))));
  const list = txs.data ?? [];
  const last = list[list.length - 1];
  const olderHref = last && list.length === ADDRESS_TXS_PAGE_SIZE ? contractHref(address, "transactions", { beforeHeight: last.blockHeight, beforeTxIndex: last.txIndex }, repo) : null;
  const { hash, block } = repoColumns(repo);
  const from: TxColumn = {
    header: "From",
    cell: (tx) => (tx.from ? <HashLink value={tx.from} href={accountHref(tx.from, repo)} label={labels.get(tx.from)} /> : <span className="text-zinc-400">—</span>),
  };

  return (
    <Panel
      title={cursor === undefined ? "Transactions" : `Older transactions, from block #${cursor.beforeHeight}`}
      actions={<Pager latestHref={cursor === undefined ? null : contractHref(address, "transactions", {}, repo)} olderHref={olderHref} />}
      testId="contract-txs"
    >
      <TxTable
        txs={list}
        columns={[hash, block, txColumns.age, txColumns.type((t) => (t.type === "deploy" ? "blue" : "gray")), from, txColumns.amount, txColumns.fee, txColumns.status]}
        rowTestId="contract-tx-row"
        placeholder={txs.isSuccess && list.length === 0 ? `No sealed transactions ${cursor === undefined ? "for this contract yet" : "before this point"}.` : null}
      />
    </Panel>
  );
}
