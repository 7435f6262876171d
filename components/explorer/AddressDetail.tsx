"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { systemAccountOf } from "@/chain/systemAccounts";
import { AddressNames } from "@/components/names/AddressNames";
import { useTRPC } from "@/components/providers/trpc";
import { chainHref, withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { Amount } from "@/components/ui/Amount";
import { Badge } from "@/components/ui/Badge";
import { CopyButton } from "@/components/ui/CopyButton";
import { DetailList, DetailRow } from "@/components/ui/DetailList";
import { HashLink } from "@/components/ui/HashLink";
import { PageTitle } from "@/components/ui/PageTitle";
import { Pager } from "@/components/ui/Pager";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { TxTable, txColumns } from "./TxTable";
import { ADDRESS_TXS_PAGE_SIZE, addressTxsInput, type TxListCursor } from "./queries";
import { useChainInfo, useProducerLabels } from "./useChainInfo";

/**
 * An account (a system account too: chain/systemAccounts.ts): its latest state (answered transactions included) and its indexed history, on the
 * chain of `repo` (absent: the root's) and the page's branch: on a branch, its own activity and
 * that of its base up to where it started (the index reads the branch's lineage).
 */
export function AddressDetail({ address, cursor, repo }: { address: string; cursor: TxListCursor | undefined; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data: info } = useChainInfo(repo, branch);
  const labels = useProducerLabels(info);
  const account = useQuery(trpc.accounts.get.queryOptions(withRepo(repo, { address }, branch)));
  const activity = useQuery(trpc.accounts.activity.queryOptions(withRepo(repo, { address }, branch)));
  // Names resolving here (index candidates confirmed on chain): shown beside the address.
  const names = useQuery(trpc.names.ofAddress.queryOptions(withRepo(repo, { address }, branch)));
  const txs = useQuery(trpc.accounts.txs.queryOptions(withRepo(repo, addressTxsInput(address, cursor), branch)));
  const label = labels.get(address);
  // A keyless system account (the name account…): the chain's own, so say what it is.
  const system = systemAccountOf(address);
  const isProducer = info?.producers.some((p) => p.address === address) ?? false;
  const list = txs.data ?? [];
  const last = list[list.length - 1];
  // No counts although transactions are listed: on a branch, the account was active on its base
  // after the branch started, so the index cannot add its rows up (db/queries/getAccountRow.ts).
  const uncounted = activity.isSuccess && !activity.data && list.length > 0;
  const noCount = uncounted ? "not counted on this branch" : "…";
  const olderHref = last && list.length === ADDRESS_TXS_PAGE_SIZE ? chainHref(repo, `/address/${address}?beforeHeight=${last.blockHeight}&beforeTxIndex=${last.txIndex}`, branch) : null;

  return (
    <div className="space-y-5">
      <PageTitle
        kind="Address"
        aside={
          system ? (
            <Badge tone="blue" title="A keyless account the chain keeps: nobody can sign for it." testId="system-account-label">
              {system.label} · system account
            </Badge>
          ) : label ? (
            <Badge tone={isProducer ? "green" : "gray"}>
              {label}
              {isProducer ? " · elected producer" : ""}
            </Badge>
          ) : null
        }
      />
      <div className="-mt-2 mb-4 flex items-center text-sm">
        <span className="mono break-all text-zinc-700" data-testid="address">
          {address}
        </span>
        <CopyButton value={address} />
        <AddressNames names={names.data} testId="address-names" />
      </div>
      {system ? (
        <p className="-mt-2 mb-4 rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900" data-testid="system-account">
          {system.description}
        </p>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-2">
        <Panel title="Overview">
          <DetailList>
            <DetailRow label="Balance">
              {account.data ? <Amount value={account.data.balance} testId="address-balance" className="font-semibold" /> : "…"}
            </DetailRow>
            <DetailRow label="Staked">{account.data ? <Amount value={account.data.staked} testId="address-staked" /> : "…"}</DetailRow>
            <DetailRow label="Nonce" hint="The number of transactions this account has sent.">
              <span className="tabular-nums" data-testid="address-nonce">
                {account.data?.nonce ?? "…"}
              </span>
            </DetailRow>
            <DetailRow label="State as of">
              {account.data ? (
                <span>
                  <Link href={chainHref(repo, `/block/${account.data.height}`, branch)} className="mono text-blue-700 hover:underline">
                    #{account.data.height}
                  </Link>
                  {account.data.pending ? <span className="text-zinc-500"> + answered transactions not yet sealed</span> : null}
                </span>
              ) : (
                "…"
              )}
            </DetailRow>
          </DetailList>
        </Panel>
        <Panel title="Activity">
          <DetailList>
            <DetailRow label="Transactions">
              <span data-testid="address-tx-count">{activity.data ? formatInteger(activity.data.txCount) : activity.isSuccess && !uncounted ? "0" : noCount}</span>
            </DetailRow>
            <DetailRow label="First seen">
              {activity.data ? (
                <Link href={chainHref(repo, `/block/${activity.data.firstSeenHeight}`, branch)} className="mono text-blue-700 hover:underline">
                  #{activity.data.firstSeenHeight}
                </Link>
              ) : (
                <span className="text-zinc-500">{activity.isSuccess && !uncounted ? "never: this account has no sealed activity yet" : noCount}</span>
              )}
            </DetailRow>
            <DetailRow label="Last seen">
              {activity.data ? (
                <Link href={chainHref(repo, `/block/${activity.data.lastSeenHeight}`, branch)} className="mono text-blue-700 hover:underline">
                  #{activity.data.lastSeenHeight}
                </Link>
              ) : (
                <span className="text-zinc-500">—</span>
              )}
            </DetailRow>
            <DetailRow label="Votes for">
              {account.data && account.data.votes.length > 0 ? (
                <ul className="space-y-0.5">
                  {account.data.votes.map((v) => (
                    <li key={v}>
                      <HashLink value={v} href={chainHref(repo, `/address/${v}`, branch)} label={labels.get(v)} />
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="text-zinc-500">no votes</span>
              )}
            </DetailRow>
          </DetailList>
        </Panel>
      </div>

      <Panel
        title={cursor === undefined ? "Transactions" : `Older transactions, from block #${cursor.beforeHeight}`}
        actions={<Pager latestHref={cursor === undefined ? null : chainHref(repo, `/address/${address}`, branch)} olderHref={olderHref} />}
        testId="address-txs"
      >
        <TxTable
          txs={list}
          columns={[txColumns.hashIn(repo, branch), txColumns.blockIn(repo, branch), txColumns.age, txColumns.type(), txColumns.direction(address), txColumns.counterparty(address, { repo, branch, labels }), txColumns.amount, txColumns.fee, txColumns.status]}
          placeholder={txs.isSuccess && list.length === 0 ? `No sealed transactions ${cursor === undefined ? "for this address yet" : "before this point"}.` : null}
        />
      </Panel>
    </div>
  );
}
