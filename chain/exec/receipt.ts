import { sha256, utf8Bytes } from "../crypto/hash.ts";
import type { EventJSON } from "../types.ts";

/** What executing a transaction produced; the block's height and hash are added when sealed. */
export type ExecReceipt = {
  readonly txHash: string;
  readonly status: "success" | "error";
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly gasUsed: number;
  readonly fee: bigint;
  readonly returnValue: unknown;
  readonly events: readonly EventJSON[];
  readonly contractAddress: string | null;
};

/**
 * A receipt's canonical text: one JSON array in a fixed order. Its UTF-8 bytes are hashed into the
 * block's receipts root, and the stored block holds the same text (block.ts `storedReceiptJSON`),
 * so a pending block stringifies each receipt once for both.
 */
export function receiptText(r: ExecReceipt): string {
  return JSON.stringify([r.txHash, r.status, r.error, r.gasUsed, r.fee.toString(), r.returnValue ?? null, r.events, r.contractAddress]);
}

/** Canonical bytes of a receipt (fixed key order), hashed into the block's receipts root. */
export function receiptBytes(r: ExecReceipt): Uint8Array {
  return utf8Bytes(receiptText(r));
}

export function receiptHash(r: ExecReceipt): Uint8Array {
  return sha256(receiptBytes(r));
}

/** The hash of a receipt from its canonical text (`receiptText`), when that is already made. */
export function receiptHashOfText(text: string): Uint8Array {
  return receiptHashOfBytes(utf8Bytes(text));
}

/** The same hash from the text's UTF-8 bytes (a block body's stored copy, encoded once). */
export function receiptHashOfBytes(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}
