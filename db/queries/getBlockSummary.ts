import { and, eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { inLineage, MAIN_LINEAGE, ZLineage, type Lineage } from "../lineage.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZHash, ZHeight, ZRepo } from "./inputs.ts";
import { blockSummaryFromRow, type BlockSummaryJSON } from "./shapes.ts";

/** A block of `repo`'s branch (its `lineage`, default main) by height (number or decimal string) or by hash; null when unknown or malformed. */
export async function getBlockSummary(db: IndexDatabase, repo: string, heightOrHash: number | string, lineage: Lineage = MAIN_LINEAGE): Promise<BlockSummaryJSON | null> {
  const inRepo = parseInput(ZRepo, repo);
  const segments = parseInput(ZLineage, lineage);
  const height = parseInput(ZHeight, heightOrHash);
  const hash = height === null ? parseInput(ZHash, heightOrHash) : null;
  if (inRepo === null || segments === null || (height === null && hash === null)) return null;
  const [row] = await db
    .select()
    .from(blocks)
    .where(and(eq(blocks.repo, inRepo), inLineage(blocks, blocks.height, segments), height !== null ? eq(blocks.height, height) : eq(blocks.hash, hash!)))
    .limit(1);
  return row === undefined ? null : blockSummaryFromRow(row);
}
