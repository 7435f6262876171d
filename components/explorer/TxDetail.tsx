"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AddressNames } from "@/components/names/AddressNames";
import { useTRPC } from "@/components/providers/trpc";
import { chainHref, repoHref, withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { Amount } from "@/components/ui/Amount";
import { Badge, FinalityBadge, TxStatusBadge } from "@/components/ui/Badge";
import { DetailList, DetailRow } from "@/components/ui/DetailList";
import { HashLink } from "@/components/ui/HashLink";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { accountHref, contractCallOf, ContractValue, EventArgs } from "./ContractValue";
import { useChainInfo } from "./useChainInfo";

function base64Length(b64: string): number {
  const pad = b64.endsWith("==") ? 2 : b64.endsWith("=") ? 1 : 0;
  return Math.floor((b64.length * 3) / 4) - pad;
}

/**
 * A transaction and its receipt. Pool-level serialization answers with the receipt before the
 * block exists, so the page shows "pending" first and follows it, live, to sealed and final. `repo` is the repository whose chain holds it (absent: the root).
 */
export function TxDetail({ hash, repo }: { hash: string; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data: info } = useChainInfo(repo, branch);
  const { data, error } = useQuery(trpc.transactions.get.queryOptions(withRepo(repo, { hash }, branch)));
  // The names of from and to, in one read for the page, once the transaction is known.
  const parties = data ? [data.tx.from, ...(data.tx.to ? [data.tx.to] : [])] : [];
  const names = useQuery({ ...trpc.names.ofAddresses.queryOptions(withRepo(repo, { addresses: parties }, branch)), enabled: parties.length > 0 });
  if (!data) return <p className="text-sm text-red-700">{error ? error.message : "Loading…"}</p>;
  const { tx, receipt, state } = data;
  const confirmations = info && receipt.blockHeight !== null ? info.height - receipt.blockHeight + 1 : null;
  const call = tx.type === "call" && tx.payload ? contractCallOf(tx.payload) : null;

  return (
    <div className="space-y-5">
      <PageTitle
        kind="Transaction"
        aside={
          <span className="flex items-center gap-2">
            <TxStatusBadge status={receipt.status} />
            <FinalityBadge state={state} />
          </span>
        }
      />
      <Panel title="Overview">
        <DetailList>
          <DetailRow label="Transaction hash">
            <HashLink value={tx.hash} full testId="tx-hash" />
          </DetailRow>
          <DetailRow label="Status">
            <TxStatusBadge status={receipt.status} testId="tx-status" />
          </DetailRow>
          {receipt.error ? (
            <DetailRow label="Error" testId="tx-error">
              <span className="flex flex-wrap items-baseline gap-2">
                <Badge tone="red">
                  <span className="mono">{receipt.error.code}</span>
                </Badge>
                <span className="text-red-800">{receipt.error.message}</span>
              </span>
            </DetailRow>
          ) : null}
          <DetailRow label="State" hint="pending: executed and answered, not yet in a block; sealed: in a block; final: irreversible.">
            <FinalityBadge state={state} testId="tx-state" />
          </DetailRow>
          <DetailRow label="Block" testId="tx-block">
            {receipt.blockHeight !== null ? (
              <span className="flex flex-wrap items-center gap-2">
                <Link href={chainHref(repo, `/block/${receipt.blockHeight}`, branch)} className="mono text-blue-700 hover:underline" data-testid="tx-block-link">
                  #{receipt.blockHeight}
                </Link>
                {confirmations !== null ? (
                  <span className="text-zinc-500">
                    {formatInteger(confirmations)} confirmation{confirmations === 1 ? "" : "s"} · position {receipt.txIndex}
                  </span>
                ) : null}
              </span>
            ) : (
              <span className="text-zinc-500">waiting for its block (position {receipt.txIndex} in the pending block)</span>
            )}
          </DetailRow>
          <DetailRow label="Type">
            <Badge>{tx.type}</Badge>
          </DetailRow>
          <DetailRow label="From">
            <span className="inline-flex flex-wrap items-center">
              <HashLink value={tx.from} href={chainHref(repo, `/address/${tx.from}`, branch)} full testId="tx-from" />
              <AddressNames names={names.data?.[tx.from]} testId="tx-from-names" className="ml-2" />
            </span>
          </DetailRow>
          <DetailRow label="To">
            {tx.to ? (
              <span className="inline-flex flex-wrap items-center">
                <HashLink value={tx.to} href={accountHref(tx.to, repo, branch)} full testId="tx-to" />
                <AddressNames names={names.data?.[tx.to]} testId="tx-to-names" className="ml-2" />
              </span>
            ) : (
              <span className="text-zinc-500">none</span>
            )}
          </DetailRow>
          {receipt.contractAddress ? (
            <DetailRow label="Contract created">
              <HashLink value={receipt.contractAddress} href={repoHref(repo, `/contract/${receipt.contractAddress}`, branch)} full testId="tx-contract-created" />
            </DetailRow>
          ) : null}
          {tx.type === "market" && receipt.status === "success" && !repo ? <MarketActionRow events={receipt.events} /> : null}
          {call ? (
            <DetailRow label="Procedure" testId="tx-call">
              <span className="mono break-all">
                <span className="font-semibold">{call.procedure}</span>
                {Array.isArray(call.args) ? `(${call.args.map((a) => JSON.stringify(a)).join(", ")})` : ` ${JSON.stringify(call.args)}`}
              </span>
            </DetailRow>
          ) : null}
          <DetailRow label="Amount">
            <Amount value={tx.amount} testId="tx-amount" />
          </DetailRow>
          <DetailRow label="Fee" hint="gas used × gas price">
            <Amount value={receipt.fee} testId="tx-fee" />
          </DetailRow>
          <DetailRow label="Gas used / limit">
            <span className="tabular-nums" data-testid="tx-gas">
              {formatInteger(receipt.gasUsed)} / {formatInteger(tx.gasLimit)}
            </span>
          </DetailRow>
          <DetailRow label="Gas price">
            <Amount value={tx.gasPrice} />
          </DetailRow>
          <DetailRow label="Nonce">
            <span className="tabular-nums">{tx.nonce}</span>
          </DetailRow>
        </DetailList>
      </Panel>

      <Panel title="More details">
        <DetailList>
          <DetailRow label="Size">{formatInteger(tx.size)} bytes</DetailRow>
          <DetailRow label="Payload">
            {tx.payload ? (
              <span className="mono break-all text-xs text-zinc-700" title="base64">
                {tx.payload.length > 600 ? `${tx.payload.slice(0, 600)}…` : tx.payload} <span className="text-zinc-500">({formatInteger(base64Length(tx.payload))} bytes)</span>
              </span>
            ) : (
              <span className="text-zinc-500">empty</span>
            )}
          </DetailRow>
          <DetailRow label="Return value">
            {receipt.returnValue === null || receipt.returnValue === undefined ? (
              <span className="text-zinc-500">none</span>
            ) : typeof receipt.returnValue !== "object" ? (
              <span data-testid="tx-return-value">
                <ContractValue value={receipt.returnValue} full repo={repo} branch={branch} />
              </span>
            ) : (
              <pre className="mono max-h-48 overflow-auto rounded bg-zinc-50 p-2 text-xs">{JSON.stringify(receipt.returnValue, null, 2)}</pre>
            )}
          </DetailRow>
          <DetailRow label="Events">
            {receipt.events.length === 0 ? (
              <span className="text-zinc-500">none</span>
            ) : (
              <ul className="space-y-1.5" data-testid="tx-events">
                {receipt.events.map((ev) => (
                  <li key={ev.index} className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-sm">
                    <span className="mono font-semibold">{ev.name}</span>
                    <EventArgs args={ev.args} repo={repo} branch={branch} />
                    {ev.contract ? (
                      <span className="inline-flex items-center gap-1 text-xs text-zinc-500">
                        from <HashLink value={ev.contract} href={repoHref(repo, `/contract/${ev.contract}`, branch)} />
                      </span>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </DetailRow>
          <DetailRow label="Chain id hash">
            <HashLink value={tx.chainIdHash} full />
          </DetailRow>
          <DetailRow label="Signature">
            <span className="mono break-all text-xs text-zinc-600">{tx.signature}</span>
          </DetailRow>
        </DetailList>
      </Panel>
    </div>
  );
}

const MARKET_ACTION: Record<string, string> = { Published: "published", Purchased: "bought", Reviewed: "reviewed", MarkedUnsafe: "marked unsafe" };

/** What a market transaction did (its receipt's market event), linked to the listing it names. */
function MarketActionRow({ events }: { events: readonly { name: string; args: Readonly<Record<string, unknown>> }[] }) {
  const e = events.find((x) => x.name in MARKET_ACTION);
  if (!e || typeof e.args.package !== "string" || typeof e.args.version !== "string") return null;
  const { package: pkg, version } = e.args;
  return (
    <DetailRow label="Marketplace" testId="tx-market">
      <span>
        {MARKET_ACTION[e.name]}{" "}
        <Link href={`/market/${encodeURIComponent(pkg)}?version=${encodeURIComponent(version)}`} className="mono text-blue-700 hover:underline">
          {pkg}@{version}
        </Link>
      </span>
    </DetailRow>
  );
}
