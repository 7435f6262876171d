/**
 * What cannot change once sealed: every block up to the head seen before a kill, by hash and
 * state root, with its transactions' results (what the index must hold for it).
 */
import type { HubProcess } from "../testing/hubProcess.ts";
import { getJson, inBatches } from "./hubReads.ts";
import type { SealedBlock } from "../../chain/node/types.ts";

export type SealedTxRecord = { readonly hash: string; readonly blockHeight: number; readonly txIndex: number; readonly status: string; readonly gasUsed: number; readonly feeAer: string };
export type SealedBlockRecord = {
  readonly height: number;
  readonly hash: string;
  readonly txCount: number;
  readonly stateRoot: string;
  readonly txs: readonly SealedTxRecord[];
  /** The producer, senders, recipients and created contracts: the accounts the index keeps a row for. */
  readonly touched: readonly string[];
  /** The sender of each transaction, in block order. */
  readonly senders: readonly string[];
};

type BlockPage = SealedBlock & { readonly nextTxOffset: number | null; readonly truncated: boolean };

/** One sealed block, every page of its transactions. */
export async function readSealedBlock(hub: HubProcess, height: number): Promise<SealedBlockRecord> {
  const first = await getJson<BlockPage>(hub, `/v1/getBlock?number=${height}`);
  const txs = [...first.block.txs];
  const receipts = [...first.receipts];
  for (let page = first; page.nextTxOffset !== null; ) {
    page = await getJson<BlockPage>(hub, `/v1/getBlock?number=${height}&txOffset=${page.nextTxOffset}`);
    txs.push(...page.block.txs);
    receipts.push(...page.receipts);
  }
  const { block } = first;
  return {
    height,
    hash: block.hash,
    txCount: block.txCount,
    stateRoot: block.stateRoot,
    txs: txs.map((tx, i) => ({ hash: tx.hash, blockHeight: height, txIndex: i, status: receipts[i]!.status, gasUsed: receipts[i]!.gasUsed, feeAer: receipts[i]!.fee.aer })),
    senders: txs.map((t) => t.from),
    // A deploy touches the contract it creates (its address is in the receipt, not the tx).
    touched: [block.producer, ...txs.flatMap((t) => (t.to ? [t.from, t.to] : [t.from])), ...receipts.flatMap((r) => (r.contractAddress ? [r.contractAddress] : []))],
  };
}

export type SealedHistory = {
  /** The highest height recorded (-1 before the first record). */
  head(): number;
  /** Records every height after the last recorded one up to `upTo`. */
  extend(hub: HubProcess, upTo: number): Promise<void>;
  /** Every recorded block read again from `hub`: the heights whose hash or state root differ. */
  mismatches(hub: HubProcess): Promise<string[]>;
  blocks(): readonly SealedBlockRecord[];
};

export function createSealedHistory(): SealedHistory {
  const records: SealedBlockRecord[] = [];
  return {
    head: () => records.length - 1,
    async extend(hub, upTo) {
      const heights = Array.from({ length: Math.max(0, upTo - records.length + 1) }, (_, i) => records.length + i);
      records.push(...(await inBatches(heights, 16, (h) => readSealedBlock(hub, h))));
    },
    async mismatches(hub) {
      const now = await inBatches(records, 16, (r) => hub.request(`/v1/getBlock?number=${r.height}&txLimit=1`));
      return records.flatMap((r, i) => {
        const answer = now[i]!;
        if (answer.status !== 200) return [`height ${r.height}: sealed before the kill, answered ${answer.status} after (${answer.text.slice(0, 200)})`];
        const b = (answer.json as BlockPage).block;
        return b.hash === r.hash && b.stateRoot === r.stateRoot ? [] : [`height ${r.height}: ${r.hash}/${r.stateRoot} before the kill, ${b.hash}/${b.stateRoot} after`];
      });
    },
    blocks: () => records,
  };
}
