import { and, eq, gt, lt } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { MAIN_LINEAGE, onSegment, readAcross, ZLineage } from "../lineage.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZHeight, ZLimit, ZRepo } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";

/** `beforeHeight`: only blocks below it (the branch graph's older pages). */
export const ZListTxBlocksInput = z.object({ repo: ZRepo, beforeHeight: ZHeight.optional(), limit: ZLimit, lineage: ZLineage.default(MAIN_LINEAGE) });
export type TListTxBlocksInput = z.input<typeof ZListTxBlocksInput>;

/** A block as the branch graph draws it. */
export type TxBlockJSON = { readonly height: number; readonly hash: string; readonly txCount: number; readonly timestamp: number };

/**
 * `repo`'s newest blocks of a branch (its `lineage`, default main) that carry transactions, newest
 * first, below `beforeHeight` when given. Walks the (repo, branch, height desc) index and skips
 * empty blocks, so it stops after `limit`.
 */
export async function listTxBlocks(db: IndexDatabase, input: TListTxBlocksInput): Promise<TxBlockJSON[]> {
  const page = parseInput(ZListTxBlocksInput, input);
  if (page === null) return [];
  return readAcross(page.lineage, "newest", page.limit, (segment, wanted) =>
    db
      .select({ height: blocks.height, hash: blocks.hash, txCount: blocks.txCount, timestamp: blocks.timestamp })
      .from(blocks)
      .where(and(eq(blocks.repo, page.repo), onSegment(blocks, blocks.height, segment), gt(blocks.txCount, 0), page.beforeHeight === undefined ? undefined : lt(blocks.height, page.beforeHeight)))
      .orderBy(...newestFirst(blocks.height))
      .limit(wanted),
  );
}
