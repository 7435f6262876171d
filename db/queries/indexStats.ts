import { eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { StateKey } from "../indexState.ts";
import { indexState } from "../schema.ts";
import { parseInput, ZRepo } from "./inputs.ts";
import type { IndexStatsJSON } from "./shapes.ts";

/**
 * `repo`'s row counts and position, read from the counters its indexer keeps (no count(*)
 * scans); zeros and height -1 for a repository not indexed (or a malformed name).
 */
export async function indexStats(db: IndexDatabase, repo: string): Promise<IndexStatsJSON> {
  const inRepo = parseInput(ZRepo, repo);
  const rows = inRepo === null ? [] : await db.select().from(indexState).where(eq(indexState.repo, inRepo));
  const value = (key: StateKey) => rows.find((r) => r.key === key)?.value;
  const count = (key: StateKey) => Number(value(key) ?? 0);
  const lastHeight = value(StateKey.lastHeight);
  return {
    blocks: count(StateKey.blockCount),
    txs: count(StateKey.txCount),
    events: count(StateKey.eventCount),
    accounts: count(StateKey.accountCount),
    lastIndexedHeight: lastHeight === undefined ? -1 : Number(lastHeight),
    lastIndexedHash: value(StateKey.lastHash) ?? null,
  };
}
