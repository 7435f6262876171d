"use client";
import { useState, type FormEvent } from "react";
import { MAX_UNSAFE_REASON_CHARS } from "@/chain/market/payload";
import { Panel } from "@/components/ui/Panel";
import { BUTTON, FIELD, LABEL_TEXT } from "./marketStyle";
import { MarketTxOutcome } from "./MarketTxOutcome";
import { useMarketTx } from "./useMarketTx";

/** The publisher marks a version unsafe: new purchases and installs are refused with the reason, and its buyers see it. */
export function UnsafeForm({ pkg, version }: { pkg: string; version: string }) {
  const tx = useMarketTx();
  const [reason, setReason] = useState("");
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!window.confirm(`Mark ${pkg}@${version} unsafe? This cannot be undone: publish a fixed version instead.`)) return;
    void tx.run({ op: "unsafe", package: pkg, version, reason: reason.trim() });
  }
  return (
    <Panel title="Mark this version unsafe" testId="listing-unsafe-panel">
      <form className="space-y-2 p-4" onSubmit={submit}>
        <label className="block">
          <span className={LABEL_TEXT}>Why (buyers will read this)</span>
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={MAX_UNSAFE_REASON_CHARS} className={`${FIELD} h-20`} data-testid="unsafe-reason" />
        </label>
        <button className={BUTTON} disabled={tx.state.busy || reason.trim() === ""} data-testid="unsafe-submit">
          {tx.state.busy ? "Signing…" : "Sign & mark unsafe"}
        </button>
        <MarketTxOutcome state={tx.state} testId="unsafe" />
      </form>
    </Panel>
  );
}
