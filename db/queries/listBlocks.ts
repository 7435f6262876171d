import { and, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZHeight, ZLimit, ZRepo } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";
import { blockSummaryFromRow, type BlockSummaryJSON } from "./shapes.ts";

export const ZListBlocksInput = z.object({ repo: ZRepo, beforeHeight: ZHeight.optional(), limit: ZLimit });
export type TListBlocksInput = z.input<typeof ZListBlocksInput>;

/** `repo`'s newest blocks, newest first; page with `beforeHeight` = the last height shown. */
export async function listBlocks(db: IndexDatabase, input: TListBlocksInput): Promise<BlockSummaryJSON[]> {
  const statement = blocksStatement(db, input);
  return statement === null ? [] : (await statement).map(blockSummaryFromRow);
}

/** The statement listBlocks runs, not yet run (tests read its plan); null when the input is malformed. */
export function blocksStatement(db: IndexDatabase, input: TListBlocksInput) {
  const page = parseInput(ZListBlocksInput, input);
  if (page === null) return null;
  return db
    .select()
    .from(blocks)
    .where(and(eq(blocks.repo, page.repo), page.beforeHeight === undefined ? undefined : lt(blocks.height, page.beforeHeight)))
    .orderBy(...newestFirst(blocks.height))
    .limit(page.limit);
}
