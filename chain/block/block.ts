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

const utf8Encoder = new TextEncoder();

/** A character outside ASCII: the string's UTF-8 length then differs from its length. */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The stored block's body, written as its transactions arrive: each transaction's u32-prefixed
 * bytes, and the stored receipts' texts (`storedReceiptJSON`) as UTF-8 with a comma between two.
 * `encode` then puts the header before it: the layout is a u32-length-prefixed header, u32
 * count, the transactions, then the u32-prefixed JSON list of the stored receipts. A pending
 * block keeps one, so its seal (the pause every request waiting on it shares) copies two
 * buffers instead of encoding 2,500 receipts' texts; the texts themselves need not stay on the
 * JavaScript heap until the seal.
 */
export type BlockBody = {
  /**
   * Appends one transaction and its receipt's stored text (or that text's UTF-8 bytes, encoded
   * elsewhere); returns the text's UTF-8 bytes as stored (a view: hash it, do not keep it).
   */
  append(txBytes: Uint8Array, storedReceipt: string | Uint8Array): Uint8Array;
  readonly count: number;
  /** The stored block: the header, then the body so far. */
  encode(header: BlockHeader): Uint8Array;
};

/**
 * Bytes appended into chunks that are never copied as they grow (a doubling buffer copied each
 * byte again and zero-filled ever larger arrays: ~1 µs a transaction in `BENCH=replay`);
 * `copyTo` joins them once, at the seal. Chunks grow to 1 MiB.
 */
function chunkedBytes(first: number) {
  const full: Uint8Array[] = [];
  let chunk = new Uint8Array(first);
  let used = 0;
  let length = 0;
  return {
    /** Room for `n` more contiguous bytes in `chunk` (a new one if needed); returns where they go. */
    reserve(n: number): number {
      if (used + n > chunk.length) {
        full.push(chunk.subarray(0, used));
        chunk = new Uint8Array(Math.max(n, Math.min(1 << 20, chunk.length * 2)));
        used = 0;
      }
      const at = used;
      used += n;
      length += n;
      return at;
    },
    /** The chunk the last `reserve` is in. */
    get chunk() {
      return chunk;
    },
    get length() {
      return length;
    },
    /** Writes every byte so far into `out` at `offset`. */
    copyTo(out: Uint8Array, offset: number) {
      for (const c of full) {
        out.set(c, offset);
        offset += c.length;
      }
      out.set(chunk.subarray(0, used), offset);
    },
  };
}

/** @param sizes expected bytes of the transactions and of the receipts' texts (capacity only). */
export function createBlockBody(sizes: { readonly txBytes: number; readonly receiptBytes: number } = { txBytes: 0, receiptBytes: 0 }): BlockBody {
  const txs = chunkedBytes(Math.max(1024, sizes.txBytes));
  const receipts = chunkedBytes(Math.max(1024, sizes.receiptBytes));
  let count = 0;
  return {
    append(txBytes, storedReceipt) {
      const at = txs.reserve(4 + txBytes.length);
      const out = txs.chunk;
      out[at] = txBytes.length >>> 24;
      out[at + 1] = (txBytes.length >>> 16) & 0xff;
      out[at + 2] = (txBytes.length >>> 8) & 0xff;
      out[at + 3] = txBytes.length & 0xff;
      out.set(txBytes, at + 4);
      const encoded = typeof storedReceipt !== "string";
      const n = encoded ? storedReceipt.length : NON_ASCII.test(storedReceipt) ? utf8ByteLength(storedReceipt) : storedReceipt.length;
      const comma = count > 0 ? 1 : 0;
      const r = receipts.reserve(comma + n);
      const into = receipts.chunk;
      if (comma) into[r] = 0x2c; // ,
      const bytes = into.subarray(r + comma, r + comma + n);
      if (encoded) bytes.set(storedReceipt);
      else utf8Encoder.encodeInto(storedReceipt, bytes);
      count++;
      return bytes;
    },
    get count() {
      return count;
    },
    encode(header) {
      if (header.txCount !== count) throw new ChainError(ErrorCode.InvalidBlock, "A block needs exactly one receipt per transaction.");
      const head = encodeHeader(header);
      const out = new Uint8Array(4 + head.length + 4 + txs.length + 4 + 2 + receipts.length);
      const view = new DataView(out.buffer);
      let o = 0;
      view.setUint32(o, head.length);
      out.set(head, o + 4);
      o += 4 + head.length;
      view.setUint32(o, count);
      o += 4;
      txs.copyTo(out, o);
      o += txs.length;
      view.setUint32(o, 2 + receipts.length);
      o += 4;
      out[o++] = 0x5b; // [
      receipts.copyTo(out, o);
      out[o + receipts.length] = 0x5d; // ]
      return out;
    },
  };
}

/**
 * The stored block (layout: `BlockBody`). `storedReceipts`: the receipts' `storedReceiptJSON`
 * forms when already made; the same bytes either way. Sized from the transactions and the
 * receipts' lengths first, so nothing is copied twice.
 */
export function encodeBlock(b: Block, storedReceipts: readonly string[] = b.receipts.map(storedReceiptJSON)): Uint8Array {
  let txBytes = 0;
  for (const tx of b.txs) txBytes += 4 + tx.bytes.length;
  let receiptBytes = Math.max(0, storedReceipts.length - 1);
  for (const s of storedReceipts) receiptBytes += NON_ASCII.test(s) ? utf8ByteLength(s) : s.length;
  const body = createBlockBody({ txBytes, receiptBytes });
  b.txs.forEach((tx, i) => body.append(tx.bytes, storedReceipts[i]!));
  return body.encode(b.header);
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
