import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * ORDER BY terms, newest first, in exactly the order of the schema's `.desc()` indexes.
 * drizzle creates those indexes DESC NULLS LAST but writes `desc(column)` as plain DESC, which
 * Postgres reads as NULLS FIRST; it walks an index for an ORDER BY only when the null placement
 * matches too (NOT NULL columns included), so plain `desc()` made it fetch and sort every
 * matching row: all 100,000 txs of a busy address for one page of 25.
 */
export function newestFirst(...columns: AnyPgColumn[]): SQL[] {
  return columns.map((column) => sql`${column} desc nulls last`);
}
