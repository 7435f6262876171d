/**
 * A sealed block as the API answers it: the header (with the whole block's gas and fees) and one
 * page of its transactions and receipts, bounded by rows and bytes like every list
 * (chain/readBounds.ts). A block may hold 50,000 transactions of up to 200 KB each; building
 * its whole JSON would take gigabytes, so a page is built a transaction at a time and stops at
 * the byte budget.
 */
import type { Block } from "../block/block.ts";
import { headerToJSON } from "../block/header.ts";
import { txToJSON } from "../tx/tx.ts";
import { toAmountJSON } from "../amount.ts";
import { createPageBudget, jsonBytes, READ_BOUNDS } from "../readBounds.ts";
import type { ReceiptJSON } from "../types.ts";
import type { SealedBlock } from "./types.ts";

export type BlockPage = SealedBlock & {
  /** The first transaction of this page (its index in the block). */
  readonly txOffset: number;
  /** Where the next page starts, or null when this page reaches the block's end. */
  readonly nextTxOffset: number | null;
  /** True when the byte budget ended the page before `txLimit` transactions. */
  readonly truncated: boolean;
};

export type BlockPageOptions = { readonly txOffset?: number; readonly txLimit?: number; readonly maxBytes?: number };

export function blockPage(b: Block, receiptToJSON: (r: Block["receipts"][number], index: number, ref: { height: number; hash: string }) => ReceiptJSON, opts: BlockPageOptions = {}): BlockPage {
  const offset = Math.max(0, opts.txOffset ?? 0);
  const limit = Math.max(1, Math.min(opts.txLimit ?? READ_BOUNDS.maxBlockTxs, READ_BOUNDS.maxBlockTxs));
  const ref = { height: b.header.height, hash: b.header.hashText };
  let gasUsed = 0;
  let fees = 0n;
  for (const r of b.receipts) {
    gasUsed += r.gasUsed;
    fees += r.fee;
  }
  const budget = createPageBudget(opts.maxBytes);
  const txs = [];
  const receipts: ReceiptJSON[] = [];
  let i = offset;
  for (; i < b.txs.length && txs.length < limit; i++) {
    const tx = txToJSON(b.txs[i]!);
    const receipt = receiptToJSON(b.receipts[i]!, i, ref);
    if (!budget.admit(jsonBytes(tx) + jsonBytes(receipt))) break;
    txs.push(tx);
    receipts.push(receipt);
  }
  return {
    block: { ...headerToJSON(b.header), txs, gasUsed, fees: toAmountJSON(fees) },
    receipts,
    txOffset: offset,
    nextTxOffset: i < b.txs.length ? i : null,
    truncated: budget.full,
  };
}
