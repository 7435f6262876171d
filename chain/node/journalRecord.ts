import { ByteReader, ByteWriter } from "../codec.ts";
import { utf8Bytes, utf8String } from "../crypto/hash.ts";

/**
 * Journal records: the pending block's context, then each answered transaction in order, and a
 * consistent merge's outcome (contracts taken whole, rows written) where it happened among them.
 */
export type JournalRecord =
  | { readonly kind: "context"; readonly height: number; readonly timestamp: number; readonly prevHash: Uint8Array }
  | { readonly kind: "tx"; readonly bytes: Uint8Array }
  | { readonly kind: "rows"; readonly merge: MergeRowsRecord };

/** A consistent merge as it is replayed: accounts (encoded) taken whole, then row writes (cells encoded, hex). */
export type MergeRowsRecord = {
  readonly adopt: ReadonlyArray<{ readonly address: string; readonly account: string }>;
  readonly writes: ReadonlyArray<{ readonly contract: string; readonly table: string; readonly key: string; readonly cells: string | null }>;
};

export function encodeJournalRecord(r: JournalRecord): Uint8Array {
  if (r.kind === "context") return new ByteWriter().u8(1).u64(r.height).u64(r.timestamp).raw(r.prevHash).finish();
  if (r.kind === "rows") return new ByteWriter().u8(3).raw(utf8Bytes(JSON.stringify(r.merge))).finish();
  // Every answered transaction writes one: its kind byte and its bytes, at their final size.
  const out = new Uint8Array(1 + r.bytes.length);
  out[0] = 2;
  out.set(r.bytes, 1);
  return out;
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
  if (kind === 3) return { kind: "rows", merge: JSON.parse(utf8String(bytes.slice(1))) as MergeRowsRecord };
  throw new RangeError("unknown journal record");
}
