/**
 * The canonical encoding of contract rows, shared by changesets, state entries and proofs.
 *
 * A cell is encoded exactly as a field of SQLite's changeset record format, so one value has
 * one encoding everywhere (a changeset's new.* record is the same bytes as the row's state value):
 *
 *   INTEGER  0x01 ‖ 8-byte big-endian two's complement
 *   REAL     0x02 ‖ 8-byte big-endian IEEE 754
 *   TEXT     0x03 ‖ varint(byte length) ‖ UTF-8 bytes
 *   BLOB     0x04 ‖ varint(byte length) ‖ bytes
 *   NULL     0x05
 *
 * (varint: SQLite's, 7 bits per byte, most significant group first, high bit = "more".)
 *
 * A row's state entry is keyed by (table, key) where key = the primary key's cells in key
 * order, and its value = all cells in column declaration order. The state tree key of a row is
 * `rowStateKey(contract, table, key)` = sha256("aergo/sql-row" ‖ u32 len ‖ contract ‖ u32 len ‖
 * table ‖ key) and its leaf value hash is sha256(value): see docs/aergosql.md, "State".
 */
import { sha256, utf8ByteLength } from "../../crypto/hash.ts";
import type { SqlValue } from "../types.ts";
import { SQLITE, type Sqlite } from "./sqlite.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

function varintLength(n: number): number {
  let len = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}

function writeVarint(out: Uint8Array, at: number, n: number): number {
  const len = varintLength(n);
  for (let i = len - 1; i >= 0; i--) {
    out[at + i] = (n & 0x7f) | (i === len - 1 ? 0 : 0x80);
    n = Math.floor(n / 128);
  }
  return at + len;
}

const NULL_CELL = Uint8Array.of(SQLITE.NULL);

const scratchView = new DataView(new ArrayBuffer(8));
const scratchBytes = new Uint8Array(scratchView.buffer);

function intCell(v: bigint): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = SQLITE.INTEGER;
  scratchView.setBigInt64(0, v);
  out.set(scratchBytes, 1);
  return out;
}
/** INTEGER cell of a safe integer without going through BigInt. */
function intCellNumber(v: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = SQLITE.INTEGER;
  const hi = Math.floor(v / 4294967296);
  const lo = v - hi * 4294967296;
  const h = hi >>> 0;
  out[1] = h >>> 24;
  out[2] = (h >>> 16) & 0xff;
  out[3] = (h >>> 8) & 0xff;
  out[4] = h & 0xff;
  out[5] = lo >>> 24;
  out[6] = (lo >>> 16) & 0xff;
  out[7] = (lo >>> 8) & 0xff;
  out[8] = lo & 0xff;
  return out;
}
function realCell(v: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = SQLITE.FLOAT;
  scratchView.setFloat64(0, v);
  out.set(scratchBytes, 1);
  return out;
}

/** Byte length of a value's cell, without encoding it. */
export function cellSize(v: SqlValue): number {
  if (v === null) return 1;
  if (typeof v === "number" || typeof v === "bigint") return 9;
  if (typeof v === "string") {
    const n = utf8ByteLength(v);
    return 1 + varintLength(n) + n;
  }
  return 1 + varintLength(v.length) + v.length;
}
function bytesCell(type: number, heap: Uint8Array, p: number, n: number): Uint8Array {
  const out = new Uint8Array(1 + varintLength(n) + n);
  out[0] = type;
  const at = writeVarint(out, 1, n);
  out.set(heap.subarray(p, p + n), at);
  return out;
}

/** Encodes result column i of the current row. */
export function cellFromColumn(sqlite: Sqlite, stmt: number, i: number): Uint8Array {
  const x = sqlite.x;
  switch (x.sqlite3_column_type(stmt, i)) {
    case SQLITE.INTEGER: {
      const d = x.sqlite3_column_double(stmt, i);
      return Number.isSafeInteger(d) ? intCellNumber(d) : intCell(x.sqlite3_column_int64(stmt, i));
    }
    case SQLITE.FLOAT:
      return realCell(x.sqlite3_column_double(stmt, i));
    case SQLITE.TEXT: {
      const p = x.sqlite3_column_text(stmt, i);
      return bytesCell(SQLITE.TEXT, sqlite.u8(), p, x.sqlite3_column_bytes(stmt, i));
    }
    case SQLITE.BLOB: {
      const p = x.sqlite3_column_blob(stmt, i);
      return bytesCell(SQLITE.BLOB, sqlite.u8(), p, x.sqlite3_column_bytes(stmt, i));
    }
    default:
      return NULL_CELL;
  }
}

/** Encodes an sqlite3_value* (the preupdate hook's old and new values). */
export function cellFromValue(sqlite: Sqlite, v: number): Uint8Array {
  const x = sqlite.x;
  switch (x.sqlite3_value_type(v)) {
    case SQLITE.INTEGER: {
      const d = x.sqlite3_value_double(v);
      return Number.isSafeInteger(d) ? intCellNumber(d) : intCell(x.sqlite3_value_int64(v));
    }
    case SQLITE.FLOAT:
      return realCell(x.sqlite3_value_double(v));
    case SQLITE.TEXT: {
      const p = x.sqlite3_value_text(v);
      return bytesCell(SQLITE.TEXT, sqlite.u8(), p, x.sqlite3_value_bytes(v));
    }
    case SQLITE.BLOB: {
      const p = x.sqlite3_value_blob(v);
      return bytesCell(SQLITE.BLOB, sqlite.u8(), p, x.sqlite3_value_bytes(v));
    }
    default:
      return NULL_CELL;
  }
}

/** Encodes a JavaScript value; integral numbers and bigints are INTEGER, other numbers REAL. */
export function cellFromJs(v: SqlValue): Uint8Array {
  if (v === null) return NULL_CELL;
  if (typeof v === "bigint") return intCell(v);
  if (typeof v === "number") return Number.isSafeInteger(v) ? intCellNumber(v) : Number.isInteger(v) ? intCell(BigInt(v)) : realCell(v);
  if (typeof v === "string") {
    const b = enc.encode(v);
    return bytesCell(SQLITE.TEXT, b, 0, b.length);
  }
  return bytesCell(SQLITE.BLOB, v, 0, v.length);
}

/** Canonical bytes of a row of values (what a row key or row value holds). */
export function encodeCellsOf(values: readonly SqlValue[]): Uint8Array {
  return concatCells(values.map(cellFromJs));
}

export function concatCells(cells: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of cells) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of cells) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

export type DecodedCell =
  | { readonly type: "integer"; readonly value: bigint }
  | { readonly type: "real"; readonly value: number }
  | { readonly type: "text"; readonly value: string }
  | { readonly type: "blob"; readonly value: Uint8Array }
  | { readonly type: "null"; readonly value: null }
  | { readonly type: "undefined"; readonly value: undefined };

/** Reads one cell at `at`; returns it and the offset after it. */
export function readCell(b: Uint8Array, at: number): [DecodedCell, number] {
  const type = b[at];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (type) {
    case 0:
      return [{ type: "undefined", value: undefined }, at + 1];
    case SQLITE.INTEGER:
      if (at + 9 > b.length) throw new RangeError("truncated cell");
      return [{ type: "integer", value: view.getBigInt64(at + 1) }, at + 9];
    case SQLITE.FLOAT:
      if (at + 9 > b.length) throw new RangeError("truncated cell");
      return [{ type: "real", value: view.getFloat64(at + 1) }, at + 9];
    case SQLITE.TEXT:
    case SQLITE.BLOB: {
      let n = 0;
      let p = at + 1;
      for (;;) {
        if (p >= b.length) throw new RangeError("truncated varint");
        const byte = b[p++]!;
        n = n * 128 + (byte & 0x7f);
        if (!(byte & 0x80)) break;
      }
      if (p + n > b.length) throw new RangeError("truncated cell");
      const bytes = b.subarray(p, p + n);
      return [type === SQLITE.TEXT ? { type: "text", value: dec.decode(bytes) } : { type: "blob", value: bytes.slice() }, p + n];
    }
    case SQLITE.NULL:
      return [{ type: "null", value: null }, at + 1];
    default:
      throw new RangeError(`unknown cell type ${type}`);
  }
}

/** Decodes a run of cells (a state key or value) into JavaScript values. */
export function decodeCells(b: Uint8Array): SqlValue[] {
  const out: SqlValue[] = [];
  let at = 0;
  while (at < b.length) {
    const [cell, next] = readCell(b, at);
    at = next;
    if (cell.type === "undefined") out.push(null);
    else if (cell.type === "integer") {
      const v = cell.value;
      out.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
    } else out.push(cell.value);
  }
  return out;
}

const ROW_DOMAIN = enc.encode("aergo/sql-row");
function lenPrefixed(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length);
  out.set(b, 4);
  return out;
}

/** The 32-byte state-tree key of a contract row. */
export function rowStateKey(contract: string, table: string, key: Uint8Array): Uint8Array {
  return sha256(ROW_DOMAIN, lenPrefixed(enc.encode(contract)), lenPrefixed(enc.encode(table)), key);
}

/** The state-tree leaf value hash of a row's canonical value. */
export function rowValueHash(value: Uint8Array): Uint8Array {
  return sha256(value);
}

export { writeVarint, varintLength };
