import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { onSegment, readAcross, ZLineage, MAIN_LINEAGE, type Segment } from "../lineage.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZHeight, ZLimit, ZRepo } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";
import { blockSummaryFromRow, type BlockSummaryJSON } from "./shapes.ts";

export const ZListBlocksInput = z.object({ repo: ZRepo, beforeHeight: ZHeight.optional(), limit: ZLimit, lineage: ZLineage.default(MAIN_LINEAGE) });
export type TListBlocksInput = z.input<typeof ZListBlocksInput>;

/** `repo`'s newest blocks of a branch (its `lineage`, default main), newest first; page with `beforeHeight` = the last height shown. */
export async function listBlocks(db: IndexDatabase, input: TListBlocksInput): Promise<BlockSummaryJSON[]> {
  const page = parseInput(ZListBlocksInput, input);
  if (page === null) return [];
  const rows = await readAcross(page.lineage, "newest", page.limit, (segment, wanted) => blocksStatement(db, { ...page, limit: wanted }, segment)!);
  return rows.map(blockSummaryFromRow);
}

/** The statement listBlocks runs for one segment (main's by default), not yet run (tests read its plan); null when the input is malformed. */
export function blocksStatement(db: IndexDatabase, input: TListBlocksInput, segment: Segment = MAIN_LINEAGE[0]!) {
  const page = parseInput(ZListBlocksInput, input);
  if (page === null) return null;
  return db
    .select()
    .from(blocks)
    .where(and(eq(blocks.repo, page.repo), onSegment(blocks, blocks.height, segment), page.beforeHeight === undefined ? undefined : lt(blocks.height, page.beforeHeight)))
    .orderBy(...newestFirst(blocks.height))
    .limit(page.limit);
}
