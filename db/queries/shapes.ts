/**
 * What the index queries return: the chain's own JSON shapes (chain/types.ts), or picks of them
 * for list rows, rebuilt from index rows.
 */
import type { SealedBlock } from "../../chain/node/types.ts";
import { refNameOfStoreId } from "../../chain/node/refs.ts";
import type { AccountJSON, BlockJSON, ReceiptJSON, TxJSON, TxTypeName } from "../../chain/types.ts";
import { toAmountJSON } from "../amount.ts";
import type { AccountRow, BlockRow, TxRow } from "../schema.ts";
import { blocks, txs } from "../schema.ts";

/** A block without its txs (list them with listBlockTxs). */
export type BlockSummaryJSON = Omit<BlockJSON, "txs">;

/** A tx as a list shows it: the tx's and its receipt's headline fields, plus its block's time. */
export type TxSummaryJSON = Pick<TxJSON, "hash" | "type" | "from" | "to" | "amount" | "nonce" | "gasPrice" | "size"> &
  Pick<ReceiptJSON, "status" | "error" | "gasUsed" | "fee" | "txIndex" | "contractAddress"> & {
    readonly blockHeight: number;
    readonly blockHash: string;
    readonly timestamp: number; // its block's, ms since epoch
  };

/** A sealed tx in full, as the index knows it. */
export type IndexedTxJSON = {
  readonly tx: TxJSON;
  readonly receipt: ReceiptJSON;
  readonly timestamp: number;
};

/** The account's state after its last indexed activity, with its activity counts. */
export type AccountRowJSON = AccountJSON & {
  readonly txCount: number;
  readonly firstSeenHeight: number;
  readonly lastSeenHeight: number;
};

export type ThroughputPointJSON = { readonly height: number; readonly timestamp: number; readonly txCount: number };

/**
 * What a search string names, and in which repository (one the viewer may read); `branch`, when
 * not main: the index answers the store id of the branch whose rows answered (db/lineage.ts), the
 * API its name (server/api/searchHit.ts).
 */
export type SearchHitJSON = { readonly kind: "block" | "tx" | "address"; readonly id: string; readonly repo: string; readonly branch?: string };

export type IndexStatsJSON = {
  readonly blocks: number;
  readonly txs: number;
  readonly events: number;
  readonly accounts: number;
  readonly lastIndexedHeight: number; // -1 when nothing is indexed
  readonly lastIndexedHash: string | null;
};

export function blockSummaryFromRow(row: BlockRow): BlockSummaryJSON {
  return {
    hash: row.hash,
    chainIdHash: row.chainIdHash,
    branch: refNameOfStoreId(row.branch), // rows keep the store id, the block its branch's name
    height: row.height,
    prevHash: row.prevHash,
    timestamp: row.timestamp,
    producer: row.producer,
    txRoot: row.txRoot,
    receiptsRoot: row.receiptsRoot,
    stateRoot: row.stateRoot,
    consensus: { kind: row.consensusKind as BlockJSON["consensus"]["kind"], slot: row.slot, epoch: row.epoch },
    txCount: row.txCount,
    signature: row.signature,
    gasUsed: row.gasUsed,
    fees: toAmountJSON(row.feesAer),
  };
}

/** The columns a tx list reads: no payload or signature, plus the block's timestamp. */
export const txSummaryColumns = {
  hash: txs.hash,
  type: txs.type,
  from: txs.from,
  to: txs.to,
  amountAer: txs.amountAer,
  nonce: txs.nonce,
  gasPriceAer: txs.gasPriceAer,
  size: txs.size,
  status: txs.status,
  errorCode: txs.errorCode,
  errorMessage: txs.errorMessage,
  gasUsed: txs.gasUsed,
  feeAer: txs.feeAer,
  txIndex: txs.txIndex,
  contractAddress: txs.contractAddress,
  blockHeight: txs.blockHeight,
  blockHash: txs.blockHash,
  timestamp: blocks.timestamp,
};
type TxSummaryRow = Pick<TxRow, Exclude<keyof typeof txSummaryColumns, "timestamp">> & { timestamp: number };

export function txSummaryFromRow(row: TxSummaryRow): TxSummaryJSON {
  return {
    hash: row.hash,
    type: row.type as TxTypeName,
    from: row.from,
    to: row.to,
    amount: toAmountJSON(row.amountAer),
    nonce: row.nonce,
    gasPrice: toAmountJSON(row.gasPriceAer),
    size: row.size,
    status: row.status as ReceiptJSON["status"],
    error: errorOf(row),
    gasUsed: row.gasUsed,
    fee: toAmountJSON(row.feeAer),
    txIndex: row.txIndex,
    contractAddress: row.contractAddress,
    blockHeight: row.blockHeight,
    blockHash: row.blockHash,
    timestamp: row.timestamp,
  };
}

/**
 * A page of a sealed block's txs exactly as listBlockTxs lists them once the block is indexed:
 * for the moment between the chain sealing a block and the index writing it. A tx without a
 * receipt (a genesis allocation) reads as successful and free, as the indexer stores it.
 */
export function txSummariesOfBlock({ block, receipts }: SealedBlock, page: { readonly afterTxIndex: number; readonly limit: number }): TxSummaryJSON[] {
  const receiptOf = new Map(receipts.map((r) => [r.txHash, r] as const));
  const first = page.afterTxIndex + 1;
  return block.txs.slice(first, first + page.limit).map((tx, i): TxSummaryJSON => {
    const receipt = receiptOf.get(tx.hash);
    return {
      hash: tx.hash,
      type: tx.type,
      from: tx.from,
      to: tx.to,
      amount: tx.amount,
      nonce: tx.nonce,
      gasPrice: tx.gasPrice,
      size: tx.size,
      status: receipt?.status ?? "success",
      error: receipt?.error ?? null,
      gasUsed: receipt?.gasUsed ?? 0,
      fee: receipt?.fee ?? toAmountJSON("0"),
      txIndex: first + i,
      contractAddress: receipt?.contractAddress ?? null,
      blockHeight: block.height,
      blockHash: block.hash,
      timestamp: block.timestamp,
    };
  });
}

export function errorOf(row: Pick<TxRow, "errorCode" | "errorMessage">): ReceiptJSON["error"] {
  return row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? "" };
}

export function accountFromRow(row: AccountRow): AccountRowJSON {
  return {
    address: row.address,
    balance: toAmountJSON(row.balanceAer),
    nonce: row.nonce,
    staked: toAmountJSON(row.stakedAer),
    votes: row.votes,
    height: row.lastSeenHeight,
    pending: false, // the index holds sealed state only
    txCount: row.txCount,
    firstSeenHeight: row.firstSeenHeight,
    lastSeenHeight: row.lastSeenHeight,
  };
}
