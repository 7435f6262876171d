import { ByteReader } from "../codec.ts";
import { utf8ByteLength, utf8String } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { toAmountJSON } from "../amount.ts";
import { receiptText, type ExecReceipt } from "../exec/receipt.ts";
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

/**
 * A receipt as the stored block holds it: one JSON array per receipt, in the block's list. It is
 * the receipt's canonical text (`receiptText`), the one its hash in the receipts root is taken of.
 */
export const storedReceiptJSON: (r: ExecReceipt) => string = receiptText;

/** A character outside ASCII: the string's UTF-8 length then differs from its length. */
const NON_ASCII = /[^\x00-\x7f]/;
const utf8Encoder = new TextEncoder();

/**
 * The stored block: u32-length-prefixed header, u32 count, each transaction's u32-prefixed bytes,
 * then the u32-prefixed JSON list of the stored receipts. `storedReceipts`: the receipts'
 * `storedReceiptJSON` forms when already made (a pending block makes them as transactions
 * arrive): the same bytes either way. Written once at its final size, its sizes counted first: a
 * growing writer copied a 2,500-transaction block several times over, in the pause every request
 * waiting on the seal shares.
 */
export function encodeBlock(b: Block, storedReceipts: readonly string[] = b.receipts.map(storedReceiptJSON)): Uint8Array {
  const header = encodeHeader(b.header);
  const receiptLengths = storedReceipts.map((s) => (NON_ASCII.test(s) ? utf8ByteLength(s) : s.length));
  // "[" and "]", and a comma between two receipts.
  let receiptsLength = 2 + Math.max(0, storedReceipts.length - 1);
  for (const n of receiptLengths) receiptsLength += n;
  let size = 4 + header.length + 4 + 4 + receiptsLength;
  for (const tx of b.txs) size += 4 + tx.bytes.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  const put = (bytes: Uint8Array) => {
    view.setUint32(o, bytes.length);
    out.set(bytes, o + 4);
    o += 4 + bytes.length;
  };
  put(header);
  view.setUint32(o, b.txs.length);
  o += 4;
  for (const tx of b.txs) put(tx.bytes);
  view.setUint32(o, receiptsLength);
  o += 4;
  out[o++] = 0x5b; // [
  storedReceipts.forEach((s, i) => {
    if (i > 0) out[o++] = 0x2c; // ,
    utf8Encoder.encodeInto(s, out.subarray(o, o + receiptLengths[i]!));
    o += receiptLengths[i]!;
  });
  out[o] = 0x5d; // ]
  return out;
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
