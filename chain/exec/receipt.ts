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

/** Canonical bytes of a receipt (fixed key order), hashed into the block's receipts root. */
export function receiptBytes(r: ExecReceipt): Uint8Array {
  return utf8Bytes(
    JSON.stringify([r.txHash, r.status, r.error, r.gasUsed, r.fee.toString(), r.returnValue ?? null, r.events, r.contractAddress]),
  );
}

export function receiptHash(r: ExecReceipt): Uint8Array {
  return sha256(receiptBytes(r));
}
