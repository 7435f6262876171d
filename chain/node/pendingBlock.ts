/**
 * A branch's pending block: the transactions its pool answered since its head, in arrival order,
 * with their receipts and the state they left. The pool, the journal's replay after a restart and
 * a merge's replay all execute into it the same way (`execute`), so a transaction gives the same
 * receipt on each of these paths.
 */
import type { BlockHeader } from "../block/header.ts";
import { applyTx, type ExecContext } from "../exec/applyTx.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import type { Account } from "../state/account.ts";
import { PendingState } from "../state/worldState.ts";
import type { SignedTx } from "../tx/tx.ts";

export type PendingBlock = {
  readonly height: number;
  /** The block's time (ms), fixed when its first transaction is answered (journaled with it). */
  readonly timestamp: number;
  readonly prevHash: Uint8Array;
  readonly state: PendingState;
  readonly txs: SignedTx[];
  readonly receipts: ExecReceipt[];
  /** Position of each transaction by hash. */
  readonly index: Map<string, number>;
};

/** A new pending block on `head`; accounts are read from the head's state until written. */
export function openPendingBlock(head: BlockHeader, readHead: (address: string) => Account, now: number, timestamp?: number): PendingBlock {
  return {
    height: head.height + 1,
    timestamp: timestamp ?? Math.max(now, head.timestamp + 1),
    prevHash: head.hash,
    state: new PendingState(readHead),
    txs: [],
    receipts: [],
    index: new Map(),
  };
}

/** Appends a transaction and the receipt it got here. @returns its position in the block. */
export function appendTx(p: PendingBlock, tx: SignedTx, receipt: ExecReceipt): number {
  const position = p.txs.length;
  p.index.set(tx.hashText, position);
  p.txs.push(tx);
  p.receipts.push(receipt);
  return position;
}

/**
 * Runs a transaction on the block's state and appends it with its receipt.
 * @throws ChainError when the transaction cannot be included (nonce, funds, payload, admission):
 * nothing is appended then.
 */
export function executeTx(p: PendingBlock, tx: SignedTx, ctx: ExecContext): { receipt: ExecReceipt; position: number } {
  const receipt = applyTx(p.state, tx, ctx);
  return { receipt, position: appendTx(p, tx, receipt) };
}
