import { and, eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZHash, ZHeight, ZRepo } from "./inputs.ts";
import { blockSummaryFromRow, type BlockSummaryJSON } from "./shapes.ts";

/** A block of `repo`'s chain by height (number or decimal string) or by hash; null when unknown or malformed. */
export async function getBlockSummary(db: IndexDatabase, repo: string, heightOrHash: number | string): Promise<BlockSummaryJSON | null> {
  const inRepo = parseInput(ZRepo, repo);
  const height = parseInput(ZHeight, heightOrHash);
  const hash = height === null ? parseInput(ZHash, heightOrHash) : null;
  if (inRepo === null || (height === null && hash === null)) return null;
  const [row] = await db
    .select()
    .from(blocks)
    .where(and(eq(blocks.repo, inRepo), height !== null ? eq(blocks.height, height) : eq(blocks.hash, hash!)))
    .limit(1);
  return row === undefined ? null : blockSummaryFromRow(row);
}
