/**
 * Reading SQLite changesets (the session extension's format, which the engine writes per
 * transaction): for explorers showing a transaction's row diff, for tests, and for merges.
 */
import { readCell, type DecodedCell } from "./stateEncoding.ts";

export type ChangeOp = "INSERT" | "UPDATE" | "DELETE";

export type ChangeRecord = {
  readonly table: string;
  readonly op: ChangeOp;
  /** 1-based primary-key position per column, 0 when not part of the key. */
  readonly pk: readonly number[];
  /** DELETE: the row; UPDATE: the key and the changed columns' old values (others undefined). */
  readonly old: DecodedCell[] | null;
  /** INSERT: the row; UPDATE: the changed columns' new values (others undefined). */
  readonly new: DecodedCell[] | null;
};

const OPS: Record<number, ChangeOp> = { 18: "INSERT", 23: "UPDATE", 9: "DELETE" };

/**
 * Decodes a changeset into its records, in order.
 * @throws RangeError on malformed input.
 */
export function parseChangeset(bytes: Uint8Array): ChangeRecord[] {
  const out: ChangeRecord[] = [];
  const dec = new TextDecoder("utf-8", { fatal: true });
  let at = 0;
  let table = "";
  let pk: number[] = [];
  const cells = (n: number): DecodedCell[] => {
    const row: DecodedCell[] = [];
    for (let i = 0; i < n; i++) {
      const [cell, next] = readCell(bytes, at);
      row.push(cell);
      at = next;
    }
    return row;
  };
  while (at < bytes.length) {
    if (bytes[at] === 0x54) {
      at++;
      let n = 0;
      for (;;) {
        if (at >= bytes.length) throw new RangeError("truncated table header");
        const b = bytes[at++]!;
        n = n * 128 + (b & 0x7f);
        if (!(b & 0x80)) break;
      }
      pk = [...bytes.subarray(at, at + n)];
      at += n;
      const end = bytes.indexOf(0, at);
      if (end < 0) throw new RangeError("unterminated table name");
      table = dec.decode(bytes.subarray(at, end));
      at = end + 1;
      continue;
    }
    const op = OPS[bytes[at]!];
    if (!op || !table) throw new RangeError(`unexpected byte ${bytes[at]} at ${at}`);
    at += 2; // op, indirect flag
    const old = op === "INSERT" ? null : cells(pk.length);
    const neu = op === "DELETE" ? null : cells(pk.length);
    out.push({ table, op, pk, old, new: neu });
  }
  return out;
}
