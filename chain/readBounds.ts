/**
 * How much one read may answer. Every list the hub serves (REST /v1, tRPC, the CLI through REST)
 * is bounded by rows AND by bytes, by the numbers here and nowhere else, so one answer can never
 * hold the hub's memory or the network for long (docs/decisions.md, "Read bounds").
 *
 * Framework-free and browser-safe: the engine, the node, the API and the explorer share it.
 */
import { z } from "zod";
import { toHex, utf8ByteLength } from "./crypto/hash.ts";
import { ChainError, ErrorCode } from "./errors.ts";
import type { SqlValue } from "./sql/types.ts";

export const READ_BOUNDS = {
  /**
   * Bytes of one page's JSON (rows or events): 4 MiB. A page stops before the row that would
   * pass it, and says so (`truncated: true`, `nextOffset`); the first row always fits, so paging
   * always moves on. View and procedure result sets stop at the same size (RESULT_TOO_LARGE).
   */
  maxPageBytes: 4 * 1024 * 1024,
  /**
   * Bytes a table cell shows while browsing: 4 KiB of text (UTF-8) or of 0x-hex (2 KiB of a
   * blob). A longer cell becomes a TruncatedCell; fetch it whole with getContractCell /
   * contracts.cell (at most one 64 KB row value).
   */
  maxCellBytes: 4 * 1024,
  /** Rows of one contract-table page. */
  maxTableRows: 1_000,
  /** Events of one page. */
  maxEvents: 1_000,
  /** Transactions (with their receipts) of one block page: getBlock, blocks.get. */
  maxBlockTxs: 1_000,
  /** Repositories one list shows (explore, mine: ~1 KB each); explore's search narrows it. */
  maxRepoList: 200,
  /** Highest offset a table page may start at (a 64 MiB contract database holds fewer rows). */
  maxOffset: 2 ** 31 - 1,
} as const;

/**
 * The page parameters, refused outside their range (a 400, not a quiet cap); each describes
 * itself in the words of that refusal (checkRange).
 */
export const ZTableLimit = z.number().int().min(1).max(READ_BOUNDS.maxTableRows).describe(`a number of rows from 1 to ${READ_BOUNDS.maxTableRows}`);
export const ZTableOffset = z.number().int().min(0).max(READ_BOUNDS.maxOffset).describe("a number of rows to skip (0 or more)");
export const ZEventLimit = z.number().int().min(1).max(READ_BOUNDS.maxEvents).describe(`a number of events from 1 to ${READ_BOUNDS.maxEvents}`);
export const ZBlockTxLimit = z.number().int().min(1).max(READ_BOUNDS.maxBlockTxs).describe(`a number of transactions from 1 to ${READ_BOUNDS.maxBlockTxs}`);
export const ZBlockTxOffset = z.number().int().min(0).max(READ_BOUNDS.maxOffset).describe("a number of transactions to skip (0 or more)");

/**
 * `value` if `schema` (one of the page parameters above) accepts it.
 * @throws ChainError BAD_REQUEST: `The parameter "NAME" must be <its description>; got SHOWN.`
 */
export function checkRange(schema: z.ZodType<number>, value: number, name: string, shown: string = String(value)): number {
  if (!schema.safeParse(value).success) throw new ChainError(ErrorCode.BadRequest, `The parameter "${name}" must be ${schema.description ?? "in range"}; got ${shown}.`);
  return value;
}

/** Exact bytes of `v`'s JSON as the API sends it. */
export const jsonBytes = (v: unknown): number => utf8ByteLength(JSON.stringify(v) ?? "null");

/**
 * An upper bound of the JSON bytes of one SQL value in a result set, cheap enough to count while
 * the engine collects rows (text escapes aside: the node checks the exact size afterwards).
 * Deterministic: a procedure's result set is part of its receipt.
 */
export function sqlValueJsonBound(v: SqlValue): number {
  if (v === null) return 5;
  if (typeof v === "string") return utf8ByteLength(v) + 3;
  if (v instanceof Uint8Array) return 2 * v.length + 5;
  // int64 as a number or a quoted decimal string, or a double: at most 24 characters and a comma.
  return 25;
}

/**
 * A table cell shown in part: `preview` is its first 4 KiB (text, or 0x-hex of a blob's first
 * 2 KiB), `bytes` its full length (UTF-8 bytes of text, bytes of a blob).
 */
export type TruncatedCell = { readonly truncated: true; readonly kind: "text" | "blob"; readonly preview: string; readonly bytes: number };

export function isTruncatedCell(v: unknown): v is TruncatedCell {
  return typeof v === "object" && v !== null && (v as { truncated?: unknown }).truncated === true && typeof (v as { preview?: unknown }).preview === "string";
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes that does not split a character. */
function utf8Prefix(s: string, max: number): string {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const w = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
    if (n + w > max) return s.slice(0, i);
    n += w;
    if (pair) i++;
  }
  return s;
}

/**
 * A cell as table browsing shows it: the value's JSON form (big integers as decimal strings,
 * blobs as 0x-hex), or a TruncatedCell when it is longer than `maxCellBytes`.
 */
export function browseCell(v: SqlValue, maxCellBytes: number = READ_BOUNDS.maxCellBytes): unknown {
  if (typeof v === "string") {
    if (v.length * 3 <= maxCellBytes) return v;
    const bytes = utf8ByteLength(v);
    return bytes <= maxCellBytes ? v : { truncated: true, kind: "text", preview: utf8Prefix(v, maxCellBytes), bytes };
  }
  if (v instanceof Uint8Array) {
    const shown = Math.floor(maxCellBytes / 2);
    return v.length <= shown ? `0x${toHex(v)}` : { truncated: true, kind: "blob", preview: `0x${toHex(v.subarray(0, shown))}`, bytes: v.length };
  }
  if (typeof v === "bigint") return v.toString();
  return v;
}

/**
 * Counts a page's bytes while it is collected: `admit(bytes)` says whether one more item of that
 * size fits (the first always does), so a page is cut before it is built, never after.
 */
export function createPageBudget(maxBytes: number = READ_BOUNDS.maxPageBytes) {
  let used = 0;
  let items = 0;
  let full = false;
  return {
    admit(bytes: number): boolean {
      if (full) return false;
      // +1: the comma between items.
      if (items > 0 && used + bytes + 1 > maxBytes) {
        full = true;
        return false;
      }
      used += bytes + (items > 0 ? 1 : 0);
      items++;
      return true;
    },
    /** True once an item was refused: the page ended on bytes, not on rows. */
    get full() {
      return full;
    },
    get used() {
      return used;
    },
  };
}
