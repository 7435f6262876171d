import { ByteReader, ByteWriter } from "../codec.ts";
import { utf8Bytes, utf8String } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { toAmountJSON } from "../amount.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import { decodeTx, txToJSON, type SignedTx } from "../tx/tx.ts";
import type { BlockJSON, ReceiptJSON, TxJSON } from "../types.ts";
import { decodeHeader, encodeHeader, headerToJSON, type BlockHeader } from "./header.ts";

/** A sealed block: header, the transactions in execution order, and their receipts. */
export type Block = {
  readonly header: BlockHeader;
  readonly txs: readonly SignedTx[];
  readonly receipts: readonly ExecReceipt[];
};

export function createBlock(header: BlockHeader, txs: readonly SignedTx[], receipts: readonly ExecReceipt[]): Block {
  if (txs.length !== receipts.length || header.txCount !== txs.length) {
    throw new ChainError(ErrorCode.InvalidBlock, "A block needs exactly one receipt per transaction.");
  }
  return Object.freeze({ header, txs: Object.freeze([...txs]), receipts: Object.freeze([...receipts]) });
}

type StoredReceipt = [string, "success" | "error", ExecReceipt["error"], number, string, unknown, ExecReceipt["events"], string | null];

/** A receipt as the stored block holds it: one JSON array per receipt, in the block's list. */
export function storedReceiptJSON(r: ExecReceipt): string {
  const stored: StoredReceipt = [r.txHash, r.status, r.error, r.gasUsed, r.fee.toString(), r.returnValue ?? null, r.events, r.contractAddress];
  return JSON.stringify(stored);
}

/**
 * `storedReceipts`: the receipts' `storedReceiptJSON` forms when already made (a pending block
 * makes them as transactions arrive, so the seal only joins them): the same bytes either way.
 */
export function encodeBlock(b: Block, storedReceipts: readonly string[] = b.receipts.map(storedReceiptJSON)): Uint8Array {
  const w = new ByteWriter().bytes(encodeHeader(b.header)).u32(b.txs.length);
  for (const tx of b.txs) w.bytes(tx.bytes);
  w.bytes(utf8Bytes(`[${storedReceipts.join(",")}]`));
  return w.finish();
}

export function decodeBlock(bytes: Uint8Array): Block {
  const r = new ByteReader(bytes);
  const header = decodeHeader(r.bytes().slice());
  const n = r.u32();
  const txs: SignedTx[] = [];
  for (let i = 0; i < n; i++) txs.push(decodeTx(r.bytes().slice()));
  const stored = JSON.parse(utf8String(r.bytes())) as StoredReceipt[];
  r.end();
  const receipts: ExecReceipt[] = stored.map(([txHash, status, error, gasUsed, fee, returnValue, events, contractAddress]) => ({
    txHash,
    status,
    error,
    gasUsed,
    fee: BigInt(fee),
    returnValue,
    events,
    contractAddress,
  }));
  return createBlock(header, txs, receipts);
}

/** Only the header of an encoded block (it comes first): cheaper than decoding its transactions. */
export function decodeBlockHeader(bytes: Uint8Array): BlockHeader {
  return decodeHeader(new ByteReader(bytes).bytes().slice());
}

export function receiptToJSON(r: ExecReceipt, txIndex: number, block: { height: number; hash: string } | null): ReceiptJSON {
  return {
    txHash: r.txHash,
    status: r.status,
    error: r.error,
    gasUsed: r.gasUsed,
    fee: toAmountJSON(r.fee),
    blockHeight: block?.height ?? null,
    blockHash: block?.hash ?? null,
    txIndex,
    returnValue: r.returnValue ?? null,
    events: r.events,
    contractAddress: r.contractAddress,
  };
}

/** `txs`: the transactions' JSON forms when already built (a block built in slices). */
export function blockToJSON(b: Block, txs: readonly TxJSON[] = b.txs.map(txToJSON)): BlockJSON {
  let gasUsed = 0;
  let fees = 0n;
  for (const r of b.receipts) {
    gasUsed += r.gasUsed;
    fees += r.fee;
  }
  return { ...headerToJSON(b.header), txs, gasUsed, fees: toAmountJSON(fees) };
}
