/**
 * The index's own bookkeeping in `index_state`, per repository and branch (store id): where that
 * branch's indexer is, and running counts for its stats. Each branch's rows are its own, so
 * indexers of different repositories and branches never touch each other's position.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { IndexDatabase } from "./client.ts";
import { indexState } from "./schema.ts";

export const StateKey = {
  lastHeight: "last_height",
  lastHash: "last_hash",
  chainIdHash: "chain_id_hash",
  blockCount: "block_count",
  txCount: "tx_count",
  eventCount: "event_count",
  accountCount: "account_count",
} as const;
export type StateKey = (typeof StateKey)[keyof typeof StateKey];

export const COUNTER_KEYS = [StateKey.blockCount, StateKey.txCount, StateKey.eventCount, StateKey.accountCount] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];

export type IndexPosition = { readonly height: number; readonly hash: string | null; readonly chainIdHash: string | null };

/** Where the index of `repo`'s `branch` stands; height -1 means nothing of it is indexed yet. */
export async function readIndexPosition(db: IndexDatabase, repo: string, branch: string): Promise<IndexPosition> {
  const rows = await db
    .select()
    .from(indexState)
    .where(and(eq(indexState.repo, repo), eq(indexState.branch, branch), inArray(indexState.key, [StateKey.lastHeight, StateKey.lastHash, StateKey.chainIdHash])));
  const value = (key: StateKey) => rows.find((r) => r.key === key)?.value ?? null;
  const height = value(StateKey.lastHeight);
  return { height: height === null ? -1 : Number(height), hash: value(StateKey.lastHash), chainIdHash: value(StateKey.chainIdHash) };
}

/** Sets `repo`'s `branch`'s keys to values (last height, hash, ...). */
export async function writeIndexState(db: IndexDatabase, repo: string, branch: string, values: Partial<Record<StateKey, string>>): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ repo, branch, key, value: value ?? "" }));
  if (rows.length === 0) return;
  await db
    .insert(indexState)
    .values(rows)
    .onConflictDoUpdate({ target: [indexState.repo, indexState.branch, indexState.key], set: { value: sql`excluded.value` } });
}

/** Adds to `repo`'s `branch`'s running counters, so stats never count(*) a table of millions of rows. */
export async function addToCounters(db: IndexDatabase, repo: string, branch: string, deltas: Record<CounterKey, number>): Promise<void> {
  await db
    .insert(indexState)
    .values(COUNTER_KEYS.map((key) => ({ repo, branch, key, value: String(deltas[key]) })))
    .onConflictDoUpdate({
      target: [indexState.repo, indexState.branch, indexState.key],
      set: { value: sql`(${indexState.value}::bigint + excluded.value::bigint)::text` },
    });
}
