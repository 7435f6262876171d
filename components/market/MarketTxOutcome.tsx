"use client";
import { TxReceipt } from "@/components/repo/TxReceipt";
import type { MarketTxState } from "./useMarketTx";

/** A market transaction's outcome: its receipt on the root chain, or the refusal with the chain's code. */
export function MarketTxOutcome({ state, testId }: { state: MarketTxState; testId: string }) {
  return (
    <div className="space-y-2">
      {state.error ? (
        <p role="alert" className="text-sm text-red-700" data-testid={`${testId}-error`} data-code={state.error.code ?? ""}>
          {state.error.code ? <span className="mono mr-1 font-semibold">{state.error.code}</span> : null}
          {state.error.message}
        </p>
      ) : null}
      {state.receipt ? <TxReceipt receipt={state.receipt} repo={undefined} testId={`${testId}-receipt`} /> : null}
    </div>
  );
}
