/**
 * Contract values for people: SQL values in cells, result sets as aligned tables, events as
 * `Name(param=value, ...)`. JSON output never goes through here.
 */

import { isTruncatedCell } from "../chain/readBounds.ts";

const MAX_CELL = 80;

/**
 * One SQL value on one line: NULL, numbers and text as they are, a cell the hub cut (over 4 KiB)
 * as its start and full length (`aergo table --full` fetches it whole), anything else as JSON.
 */
export function formatCell(value: unknown): string {
  if (isTruncatedCell(value)) {
    const size = `[${value.bytes.toLocaleString("en-US")} bytes]`;
    return `${formatCell(value.preview).slice(0, MAX_CELL - size.length - 2)}… ${size}`;
  }
  const text = value === null || value === undefined ? "NULL" : typeof value === "string" ? (/[\n\r\t]/.test(value) ? JSON.stringify(value) : value) : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** Columns padded to their widest cell; numbers right-aligned, like a SQL shell prints them. */
export function textTable(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = rows.map((r) => columns.map((_, i) => formatCell(r[i])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] === null));
  const line = (values: readonly string[], header = false) =>
    values
      .map((v, i) => (numeric[i] && !header ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns, true), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map((r) => line(r))].join("\n");
}

const isResultSet = (v: unknown): v is { columns: string[]; rows: unknown[][] } =>
  typeof v === "object" && v !== null && Array.isArray((v as { columns?: unknown }).columns) && Array.isArray((v as { rows?: unknown }).rows);

/** A view's or procedure's result: a scalar, a row object (`column  value` lines) or a result set (a table). */
export function formatResult(value: unknown): string {
  if (isResultSet(value)) return value.rows.length ? textTable(value.columns, value.rows) : `(no rows; columns ${value.columns.join(", ")})`;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    const width = Math.max(0, ...entries.map(([k]) => k.length));
    return entries.map(([k, v]) => `${k.padEnd(width)}  ${formatCell(v)}`).join("\n");
  }
  return formatCell(value);
}

/** `Transfer(from=NULL, to=Am..., amount=5)`. */
export function formatEvent(name: string, args: Readonly<Record<string, unknown>>): string {
  return `${name}(${Object.entries(args)
    .map(([k, v]) => `${k}=${formatCell(v)}`)
    .join(", ")})`;
}
