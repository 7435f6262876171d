import { and, eq } from "drizzle-orm";
import { MAIN_BRANCH_ID } from "../../chain/store/types.ts";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZRepo } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";
import type { ThroughputPointJSON } from "./shapes.ts";

export const ZThroughputSeriesInput = z.object({ repo: ZRepo, blocks: z.number().int().min(1).max(10_000) });
export type TThroughputSeriesInput = z.input<typeof ZThroughputSeriesInput>;

/** Height, time and tx count of `repo`'s last `blocks` blocks of main, oldest first (ready to chart). */
export async function throughputSeries(db: IndexDatabase, input: TThroughputSeriesInput): Promise<ThroughputPointJSON[]> {
  const window = parseInput(ZThroughputSeriesInput, input);
  if (window === null) return [];
  const rows = await db
    .select({ height: blocks.height, timestamp: blocks.timestamp, txCount: blocks.txCount })
    .from(blocks)
    .where(and(eq(blocks.repo, window.repo), eq(blocks.branch, MAIN_BRANCH_ID)))
    .orderBy(...newestFirst(blocks.height))
    .limit(window.blocks);
  return rows.reverse();
}
