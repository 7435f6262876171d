import { ByteReader, ByteWriter } from "../codec.ts";

/** Journal records: the pending block's context, then each answered transaction in order. */
export type JournalRecord =
  | { readonly kind: "context"; readonly height: number; readonly timestamp: number; readonly prevHash: Uint8Array }
  | { readonly kind: "tx"; readonly bytes: Uint8Array };

export function encodeJournalRecord(r: JournalRecord): Uint8Array {
  if (r.kind === "context") return new ByteWriter().u8(1).u64(r.height).u64(r.timestamp).raw(r.prevHash).finish();
  return new ByteWriter().u8(2).raw(r.bytes).finish();
}

export function decodeJournalRecord(bytes: Uint8Array): JournalRecord {
  const r = new ByteReader(bytes);
  const kind = r.u8();
  if (kind === 1) {
    const rec = { kind: "context" as const, height: r.u64n(), timestamp: r.u64n(), prevHash: r.raw(32).slice() };
    r.end();
    return rec;
  }
  if (kind === 2) return { kind: "tx", bytes: bytes.slice(1) };
  throw new RangeError("unknown journal record");
}
