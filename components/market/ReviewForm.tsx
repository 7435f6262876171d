"use client";
import { useState, type FormEvent } from "react";
import { MAX_REVIEW_CHARS } from "@/chain/market/payload";
import { Panel } from "@/components/ui/Panel";
import type { MyStanding } from "./marketTypes";
import { BUTTON, FIELD, LABEL_TEXT, SELECT_FIELD } from "./marketStyle";
import { MarketTxOutcome } from "./MarketTxOutcome";
import { useMarketTx } from "./useMarketTx";

/** A buyer's review of the version: one per purchase, a second one edits it (a signed market transaction). */
export function ReviewForm({ pkg, version, review }: { pkg: string; version: string; review: MyStanding["review"] }) {
  const tx = useMarketTx();
  const [rating, setRating] = useState(review?.rating ?? 5);
  const [text, setText] = useState(review?.text ?? "");
  function submit(e: FormEvent) {
    e.preventDefault();
    void tx.run({ op: "review", package: pkg, version, rating, text });
  }
  return (
    <Panel title={review ? "Edit your review" : "Review"} testId="listing-review-panel">
      <form className="space-y-2 p-4" onSubmit={submit} data-testid="review-form">
        <label className="block">
          <span className={LABEL_TEXT}>Rating</span>
          <select value={rating} onChange={(e) => setRating(Number(e.target.value))} className={SELECT_FIELD} data-testid="review-rating">
            {[5, 4, 3, 2, 1].map((n) => (
              <option key={n} value={n}>
                {"★".repeat(n)} {n}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className={LABEL_TEXT}>What did you think?</span>
          <textarea value={text} onChange={(e) => setText(e.target.value)} maxLength={MAX_REVIEW_CHARS} className={`${FIELD} h-24`} data-testid="review-text" />
        </label>
        <button className={BUTTON} disabled={tx.state.busy} data-testid="review-submit">
          {tx.state.busy ? "Signing…" : review ? "Sign & update review" : "Sign & post review"}
        </button>
        <MarketTxOutcome state={tx.state} testId="review" />
      </form>
    </Panel>
  );
}
