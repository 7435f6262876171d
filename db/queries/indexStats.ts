import { and, eq } from "drizzle-orm";
import { MAIN_BRANCH_ID } from "../../chain/store/types.ts";
import { ZBranchId } from "../lineage.ts";
import type { IndexDatabase } from "../client.ts";
import { StateKey } from "../indexState.ts";
import { indexState } from "../schema.ts";
import { parseInput, ZRepo } from "./inputs.ts";
import type { IndexStatsJSON } from "./shapes.ts";

/**
 * `repo`'s row counts and position on one branch (a store id, default main: the rows that branch
 * owns), read from the counters its indexer keeps (no count(*) scans); zeros and height -1 for a
 * repository or branch not indexed (or a malformed name).
 */
export async function indexStats(db: IndexDatabase, repo: string, branch: string = MAIN_BRANCH_ID): Promise<IndexStatsJSON> {
  const inRepo = parseInput(ZRepo, repo);
  const id = parseInput(ZBranchId, branch);
  const rows = inRepo === null || id === null ? [] : await db.select().from(indexState).where(and(eq(indexState.repo, inRepo), eq(indexState.branch, id)));
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
