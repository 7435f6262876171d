/**
 * A contract table as explorers browse it: one page in primary-key order, bounded by rows and by
 * bytes (chain/readBounds.ts), long cells cut to a preview, and one whole cell on demand.
 */
import { utf8ByteLength } from "../crypto/hash.ts";
import { sqlValueToJSON } from "../exec/contractTx.ts";
import { browseCell, createPageBudget, jsonBytes, READ_BOUNDS } from "../readBounds.ts";
import type { SqlValue, TableAbi } from "../sql/types.ts";

export type ContractTablePageJSON = {
  readonly columns: string[];
  /** The table's primary-key columns in key order: a row's values of them name it (contractCell). */
  readonly primaryKey: string[];
  /** Cells as JSON values (big integers as decimal strings, blobs as 0x-hex) or TruncatedCell. */
  readonly rows: unknown[][];
  readonly total: number;
  /** null: the latest state. */
  readonly height: number | null;
  readonly offset: number;
  /** Where the next page starts; null after the last row. */
  readonly nextOffset: number | null;
  /** True when the page's byte budget (4 MiB) ended it before `limit` rows: page on from nextOffset. */
  readonly truncated: boolean;
};

/** One cell in full: `bytes` is its length (UTF-8 bytes of text, bytes of a blob, 0 otherwise). */
export type ContractCellJSON = { readonly table: string; readonly column: string; readonly key: unknown[]; readonly value: unknown; readonly bytes: number; readonly height: number | null };

// `total`, `height`, `offset`, `nextOffset`, `truncated` and their keys, rounded up.
const PAGE_FIELDS_BYTES = 256;

/**
 * Collects a page row by row as the engine reads it: key cells in full (they name the row),
 * other cells cut to `maxCellBytes`, and no row past the page's byte budget, so the hub never
 * holds more than it sends.
 */
export function createTablePageCollector(table: TableAbi | undefined) {
  const keyColumns = new Set<number>();
  table?.columns.forEach((c, i) => c.pk > 0 && keyColumns.add(i));
  // The whole answer stays within the page bytes: the rows get what the column names and the
  // page's other fields leave.
  const envelope = 2 * jsonBytes(table?.columns.map((c) => c.name) ?? []) + PAGE_FIELDS_BYTES;
  const budget = createPageBudget(READ_BOUNDS.maxPageBytes - envelope);
  const rows: unknown[][] = [];
  return {
    rows,
    /** True when the byte budget refused a row. */
    get truncated() {
      return budget.full;
    },
    visit(row: SqlValue[]): boolean {
      const shown: unknown[] = new Array(row.length);
      for (let i = 0; i < row.length; i++) shown[i] = keyColumns.has(i) ? sqlValueToJSON(row[i]) : browseCell(row[i]!);
      if (!budget.admit(jsonBytes(shown))) return false;
      rows.push(shown);
      return true;
    },
  };
}

/** Bytes of a full cell value as stored: UTF-8 of text, a blob's length, 0 for numbers and NULL. */
export function cellLength(v: SqlValue): number {
  if (typeof v === "string") return utf8ByteLength(v);
  if (v instanceof Uint8Array) return v.length;
  return 0;
}
