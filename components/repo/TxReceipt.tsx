"use client";
import Link from "next/link";
import { Amount } from "@/components/ui/Amount";
import { TxStatusBadge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { formatInteger } from "@/components/ui/format";
import type { useSendTx } from "@/components/wallet/useSendTx";
import { ContractValue } from "@/components/explorer/ContractValue";
import { chainHref, repoHref } from "./repoPaths";

/** A receipt as the wallet's send answers it (the hub's ReceiptJSON, through tRPC). */
export type SentReceipt = Awaited<ReturnType<ReturnType<typeof useSendTx>>>;

/** A transaction's receipt, as the hub answered it when the wallet sent it (to `branch`: its links stay there). */
export function TxReceipt({ receipt, repo, branch, testId }: { receipt: SentReceipt; repo: string | undefined; branch?: string; testId: string }) {
  return (
    <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1.5 text-sm" data-testid={testId} data-status={receipt.status}>
      <dt className="text-zinc-500">Status</dt>
      <dd>
        <TxStatusBadge status={receipt.status} testId={`${testId}-status`} />
        {receipt.error ? (
          <span className="ml-2 text-red-700" data-testid={`${testId}-error`}>
            {receipt.error.message}
          </span>
        ) : null}
      </dd>
      <dt className="text-zinc-500">Transaction</dt>
      <dd className="min-w-0">
        <HashLink value={receipt.txHash} href={chainHref(repo, `/tx/${receipt.txHash}`, branch)} full testId={`${testId}-tx`} />
      </dd>
      {receipt.contractAddress ? (
        <>
          <dt className="text-zinc-500">Contract</dt>
          <dd className="min-w-0">
            <HashLink value={receipt.contractAddress} href={repoHref(repo, `/contract/${receipt.contractAddress}`, branch)} full testId={`${testId}-address`} />
          </dd>
        </>
      ) : null}
      <dt className="text-zinc-500">Gas used</dt>
      <dd className="tabular-nums" data-testid={`${testId}-gas`}>
        {formatInteger(receipt.gasUsed)} · fee <Amount value={receipt.fee} />
      </dd>
      <dt className="text-zinc-500">Block</dt>
      <dd>
        {receipt.blockHeight === null ? (
          "answered, waiting for its block"
        ) : (
          <Link href={chainHref(repo, `/block/${receipt.blockHeight}`, branch)} className="mono text-blue-700 hover:underline">
            #{receipt.blockHeight}
          </Link>
        )}
      </dd>
      {receipt.returnValue !== null && receipt.returnValue !== undefined ? (
        <>
          <dt className="text-zinc-500">Returned</dt>
          <dd data-testid={`${testId}-return`}>
            <ContractValue value={receipt.returnValue} full repo={repo} branch={branch} />
          </dd>
        </>
      ) : null}
      {receipt.events.length > 0 ? (
        <>
          <dt className="text-zinc-500">Events</dt>
          <dd className="mono text-xs">{receipt.events.map((e) => e.name).join(", ")}</dd>
        </>
      ) : null}
    </dl>
  );
}
