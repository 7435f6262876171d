import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { MAIN_LINEAGE, onSegment, readAcross, ZLineage, type Segment } from "../lineage.ts";
import { blocks, txs } from "../schema.ts";
import { parseInput, ZAddress, ZHeight, ZLimit, ZRepo } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";
import { txSummaryColumns, txSummaryFromRow, type TxSummaryJSON } from "./shapes.ts";

export const ZListAddressTxsInput = z.object({
  repo: ZRepo,
  address: ZAddress,
  beforeHeight: ZHeight.optional(),
  /** With beforeHeight: continue inside that block, before this tx index (a busy block can hold more than a page). */
  beforeTxIndex: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  limit: ZLimit,
  lineage: ZLineage.default(MAIN_LINEAGE),
});
export type TListAddressTxsInput = z.input<typeof ZListAddressTxsInput>;

/**
 * Txs of `repo`'s chain sent by, sent to, or deploying `address`, newest first. Each side walks its own
 * (address, height desc, index desc) index for one page, then the pages are merged: no sort
 * over an address's whole history (the indexes lead with the repository, so another chain's use
 * of the same address is never read). An OR of the sides would not walk either index. A tx can
 * appear on two sides (a self-transfer, a deploy); `hash in (...)` counts it once. On a branch,
 * each segment of its lineage (db/lineage.ts) is read this way in turn, newest first.
 */
export async function listAddressTxs(db: IndexDatabase, input: TListAddressTxsInput): Promise<TxSummaryJSON[]> {
  const page = parseInput(ZListAddressTxsInput, input);
  if (page === null) return [];
  // A branch's txs: its own, then its base's up to the base height, and so on (db/lineage.ts).
  const rows = await readAcross(page.lineage, "newest", page.limit, (segment, wanted) => addressTxsStatement(db, { ...page, limit: wanted }, segment)!);
  return rows.map(txSummaryFromRow);
}

/** The statement listAddressTxs runs for one segment (main's by default), not yet run (tests read its plan); null when the input is malformed. */
export function addressTxsStatement(db: IndexDatabase, input: TListAddressTxsInput, segment: Segment = MAIN_LINEAGE[0]!) {
  const page = parseInput(ZListAddressTxsInput, input);
  if (page === null) return null;
  const { repo, address, beforeHeight, beforeTxIndex, limit } = page;
  let before: SQL | undefined;
  if (beforeHeight !== undefined) {
    before = beforeTxIndex === undefined ? lt(txs.blockHeight, beforeHeight) : sql`(${txs.blockHeight}, ${txs.txIndex}) < (${beforeHeight}, ${beforeTxIndex})`;
  }
  const inSegment = onSegment(txs, txs.blockHeight, segment);
  const side = (touches: SQL) =>
    db.select({ hash: txs.hash }).from(txs).where(and(eq(txs.repo, repo), inSegment, touches, before)).orderBy(...newestFirst(txs.blockHeight, txs.txIndex)).limit(limit);
  const matched = unionAll(side(eq(txs.from, address)), side(eq(txs.to, address)), side(eq(txs.contractAddress, address)));
  return db
    .select(txSummaryColumns)
    .from(txs)
    .innerJoin(blocks, and(eq(blocks.repo, txs.repo), eq(blocks.branch, txs.branch), eq(blocks.height, txs.blockHeight)))
    .where(and(eq(txs.repo, repo), eq(txs.branch, segment.branch), inArray(txs.hash, matched)))
    .orderBy(...newestFirst(txs.blockHeight, txs.txIndex))
    .limit(limit);
}
