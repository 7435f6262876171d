import type { IndexDatabase } from "../client.ts";
import { StateKey } from "../indexState.ts";
import { indexState } from "../schema.ts";
import type { IndexStatsJSON } from "./shapes.ts";

/** Row counts and position, read from the counters the indexer keeps (no count(*) scans). */
export async function indexStats(db: IndexDatabase): Promise<IndexStatsJSON> {
  const rows = await db.select().from(indexState);
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
