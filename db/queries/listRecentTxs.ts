import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { blocks, txs } from "../schema.ts";
import { parseInput, ZLimit, ZRepo } from "./inputs.ts";
import { txSummaryColumns, txSummaryFromRow, type TxSummaryJSON } from "./shapes.ts";

export const ZListRecentTxsInput = z.object({ repo: ZRepo, limit: ZLimit });
export type TListRecentTxsInput = z.input<typeof ZListRecentTxsInput>;

/** `repo`'s newest sealed txs, newest first. */
export async function listRecentTxs(db: IndexDatabase, input: TListRecentTxsInput): Promise<TxSummaryJSON[]> {
  const page = parseInput(ZListRecentTxsInput, input);
  if (page === null) return [];
  const rows = await db
    .select(txSummaryColumns)
    .from(txs)
    .innerJoin(blocks, and(eq(blocks.repo, txs.repo), eq(blocks.hash, txs.blockHash)))
    .where(eq(txs.repo, page.repo))
    .orderBy(desc(txs.blockHeight), desc(txs.txIndex))
    .limit(page.limit);
  return rows.map(txSummaryFromRow);
}
