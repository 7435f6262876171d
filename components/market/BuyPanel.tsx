"use client";
import Link from "next/link";
import { Amount } from "@/components/ui/Amount";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import type { ListingDetail, MyStanding } from "./marketTypes";
import { BUTTON } from "./marketStyle";
import { MarketTxOutcome } from "./MarketTxOutcome";
import { useMarketTx } from "./useMarketTx";

/**
 * Buying a version: a signed `market` transaction paying exactly the price to the market account,
 * which the chain splits between the publisher and the hub in the same transaction.
 */
export function BuyPanel({ detail, mine, signedIn }: { detail: ListingDetail; mine: MyStanding | undefined; signedIn: boolean }) {
  const { listing } = detail;
  const tx = useMarketTx();
  const free = listing.price.aer === "0";
  let body;
  if (!signedIn) {
    body = (
      <p className="text-sm text-zinc-600">
        <Link href={`/signin?callbackUrl=${encodeURIComponent(`/market/${listing.package}`)}`} className="text-blue-700 hover:underline">
          Sign in
        </Link>{" "}
        to buy this template with your wallet.
      </p>
    );
  } else if (!mine) {
    body = <p className="text-sm text-zinc-500">Loading your standing…</p>;
  } else if (mine.publisher) {
    body = <p className="text-sm text-zinc-700" data-testid="listing-owned" data-state="publisher">You publish this version: install it into any repository you write to.</p>;
  } else if (mine.purchase) {
    body = (
      <p className="text-sm text-emerald-800" data-testid="listing-owned" data-state="bought">
        You bought this version for <Amount value={mine.purchase.price} /> in block{" "}
        <Link href={`/tx/${mine.purchase.txHash}`} className="mono text-blue-700 hover:underline">
          #{formatInteger(mine.purchase.height)}
        </Link>
        .
      </p>
    );
  } else if (listing.unsafe) {
    body = <p className="text-sm text-red-700" data-testid="listing-buy-refused">New purchases are refused: {listing.unsafe.reason}</p>;
  } else {
    body = (
      <div className="space-y-2">
        <p className="text-sm text-zinc-600">
          {free ? "Free: buying records your purchase (installs and reviews work the same way)." : "Your wallet signs one transaction to the market account; the chain pays the publisher and the hub fee in it."}
        </p>
        <button type="button" className={BUTTON} disabled={tx.state.busy} onClick={() => void tx.run({ op: "buy", package: listing.package, version: listing.version }, BigInt(listing.price.aer))} data-testid="listing-buy">
          {tx.state.busy ? "Signing…" : free ? "Get it (free)" : (
            <>
              Buy for&nbsp;<Amount value={listing.price} className="[&_span]:text-zinc-300" />
            </>
          )}
        </button>
      </div>
    );
  }
  return (
    <Panel title="Buy" testId="listing-buy-panel">
      <div className="space-y-3 p-4">
        {body}
        <MarketTxOutcome state={tx.state} testId="listing-buy" />
      </div>
    </Panel>
  );
}
