import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { MAIN_LINEAGE, onSegment, readAcross, ZLineage } from "../lineage.ts";
import { blocks, txs } from "../schema.ts";
import { parseInput, ZLimit, ZRepo } from "./inputs.ts";
import { txSummaryColumns, txSummaryFromRow, type TxSummaryJSON } from "./shapes.ts";

export const ZListRecentTxsInput = z.object({ repo: ZRepo, limit: ZLimit, lineage: ZLineage.default(MAIN_LINEAGE) });
export type TListRecentTxsInput = z.input<typeof ZListRecentTxsInput>;

/** `repo`'s newest sealed txs of a branch (its `lineage`, default main), newest first. */
export async function listRecentTxs(db: IndexDatabase, input: TListRecentTxsInput): Promise<TxSummaryJSON[]> {
  const page = parseInput(ZListRecentTxsInput, input);
  if (page === null) return [];
  const rows = await readAcross(page.lineage, "newest", page.limit, (segment, wanted) =>
    db
      .select(txSummaryColumns)
      .from(txs)
      .innerJoin(blocks, and(eq(blocks.repo, txs.repo), eq(blocks.branch, txs.branch), eq(blocks.height, txs.blockHeight)))
      .where(and(eq(txs.repo, page.repo), onSegment(txs, txs.blockHeight, segment)))
      // Plain DESC: the (repo, branch, height, index) block index walked backwards.
      .orderBy(desc(txs.blockHeight), desc(txs.txIndex))
      .limit(wanted),
  );
  return rows.map(txSummaryFromRow);
}
