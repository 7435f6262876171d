import { and, asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { inLineage, MAIN_LINEAGE, ZLineage, type Lineage } from "../lineage.ts";
import { blocks, txs } from "../schema.ts";
import { MAX_PAGE, parseInput, ZHeight, ZLimit, ZRepo } from "./inputs.ts";
import { txSummaryColumns, txSummaryFromRow, type TxSummaryJSON } from "./shapes.ts";

export const ZListBlockTxsPage = z.object({
  afterTxIndex: z.number().int().min(-1).max(2 ** 31 - 1).optional(),
  limit: ZLimit.optional(),
});
export type TListBlockTxsPage = z.input<typeof ZListBlockTxsPage>;

/**
 * The txs of `repo`'s block at `height` of a branch (its `lineage`, default main) in block order.
 * A block can hold thousands of txs, so it pages: at most `limit` (default and cap 1,000) after
 * `afterTxIndex`.
 */
export async function listBlockTxs(db: IndexDatabase, repo: string, height: number | string, page: TListBlockTxsPage = {}, lineage: Lineage = MAIN_LINEAGE): Promise<TxSummaryJSON[]> {
  const inRepo = parseInput(ZRepo, repo);
  const blockHeight = parseInput(ZHeight, height);
  const cursor = parseInput(ZListBlockTxsPage, page);
  const segments = parseInput(ZLineage, lineage);
  if (inRepo === null || blockHeight === null || cursor === null || segments === null) return [];
  const rows = await db
    .select(txSummaryColumns)
    .from(txs)
    .innerJoin(blocks, and(eq(blocks.repo, txs.repo), eq(blocks.branch, txs.branch), eq(blocks.height, txs.blockHeight)))
    .where(and(eq(txs.repo, inRepo), inLineage(txs, txs.blockHeight, segments), eq(txs.blockHeight, blockHeight), cursor.afterTxIndex === undefined ? undefined : gt(txs.txIndex, cursor.afterTxIndex)))
    .orderBy(asc(txs.txIndex))
    .limit(cursor.limit ?? MAX_PAGE);
  return rows.map(txSummaryFromRow);
}
