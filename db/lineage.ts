/**
 * Which index rows make up a branch: the one place the index applies the chain's lineage rule.
 *
 * Rows are keyed by the branch's store id (chain/node/refs.ts: never reused, unlike a name, so a
 * name deleted and made again starts clean while branches started from the old one keep their
 * history). A branch's indexer writes only the blocks the branch owns (above its base); a read
 * for the branch takes its own rows, then its base's rows up to the base height, and so on up to
 * main. The segments' heights are disjoint and ordered (each ancestor's part lies below the part
 * of the branch started from it), so a newest-first page reads the segments in order and an
 * oldest-first page in reverse, each over its own index range.
 */
import { and, eq, lte, or, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { ChainNode } from "../chain/node/types.ts";
import { MAIN_BRANCH_ID } from "../chain/store/types.ts";

/** A branch's store id as the index keys rows by it: `main`, or `b<seq>-<name>`. */
export const ZBranchId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/);

/** One line of blocks of a branch's history: the rows of `branch` at heights up to `upTo`. */
export const ZSegment = z.object({ branch: ZBranchId, upTo: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });
export type Segment = z.output<typeof ZSegment>;

/** A branch's history, its own segment first (at least one segment; branches nest a few deep). */
export const ZLineage = z.array(ZSegment).min(1).max(256).readonly();
export type Lineage = z.output<typeof ZLineage>;

/** Main owns every block of its history. */
export const MAIN_LINEAGE: Lineage = Object.freeze([Object.freeze({ branch: MAIN_BRANCH_ID, upTo: Number.MAX_SAFE_INTEGER })]);

/**
 * The index lineage of `branch` (a live branch's name) from the node's refs.
 * @throws ChainError NOT_FOUND (UNKNOWN_BRANCH)
 */
export function indexLineage(node: Pick<ChainNode, "branchLineage">, branch: string): Lineage {
  return node.branchLineage(branch).map(({ id, upTo }) => ({ branch: id, upTo }));
}

type BranchRows = { readonly branch: AnyPgColumn };

/** The rows of one segment: that branch's, at or below its top height. */
export function onSegment(table: BranchRows, height: AnyPgColumn, segment: Segment): SQL {
  return and(eq(table.branch, segment.branch), lte(height, segment.upTo))!;
}

/** The rows of the whole lineage (for point lookups: at most one segment holds a height). */
export function inLineage(table: BranchRows, height: AnyPgColumn, lineage: Lineage): SQL {
  return lineage.length === 1 ? onSegment(table, height, lineage[0]!) : or(...lineage.map((s) => onSegment(table, height, s)))!;
}

/**
 * A page read segment by segment, newest first (the branch's own rows, then its base's...), or
 * oldest first: `read` gets each segment and how many rows are still wanted, and the reads stop
 * once `limit` rows are found. Usually one query; one more per ancestor the page reaches into.
 */
export async function readAcross<T>(lineage: Lineage, order: "newest" | "oldest", limit: number, read: (segment: Segment, wanted: number) => Promise<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  const segments = order === "newest" ? lineage : [...lineage].reverse();
  for (const segment of segments) {
    if (out.length >= limit) break;
    out.push(...(await read(segment, limit - out.length)));
  }
  return out;
}
