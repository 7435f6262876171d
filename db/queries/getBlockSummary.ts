import { eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { blocks } from "../schema.ts";
import { parseInput, ZHash, ZHeight } from "./inputs.ts";
import { blockSummaryFromRow, type BlockSummaryJSON } from "./shapes.ts";

/** A block by height (number or decimal string) or by hash; null when unknown or malformed. */
export async function getBlockSummary(db: IndexDatabase, heightOrHash: number | string): Promise<BlockSummaryJSON | null> {
  const height = parseInput(ZHeight, heightOrHash);
  const hash = height === null ? parseInput(ZHash, heightOrHash) : null;
  if (height === null && hash === null) return null;
  const [row] = await db
    .select()
    .from(blocks)
    .where(height !== null ? eq(blocks.height, height) : eq(blocks.hash, hash!))
    .limit(1);
  return row === undefined ? null : blockSummaryFromRow(row);
}
