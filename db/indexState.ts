/** The index's own bookkeeping in `index_state`: where it is, and running counts for stats. */
import { inArray, sql } from "drizzle-orm";
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

/** Where the index stands; height -1 means nothing is indexed yet. */
export async function readIndexPosition(db: IndexDatabase): Promise<IndexPosition> {
  const rows = await db
    .select()
    .from(indexState)
    .where(inArray(indexState.key, [StateKey.lastHeight, StateKey.lastHash, StateKey.chainIdHash]));
  const value = (key: StateKey) => rows.find((r) => r.key === key)?.value ?? null;
  const height = value(StateKey.lastHeight);
  return { height: height === null ? -1 : Number(height), hash: value(StateKey.lastHash), chainIdHash: value(StateKey.chainIdHash) };
}

/** Sets keys to values (last height, hash, ...). */
export async function writeIndexState(db: IndexDatabase, values: Partial<Record<StateKey, string>>): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({ key, value: value ?? "" }));
  if (rows.length === 0) return;
  await db
    .insert(indexState)
    .values(rows)
    .onConflictDoUpdate({ target: indexState.key, set: { value: sql`excluded.value` } });
}

/** Adds to the running counters, so stats never count(*) a table of millions of rows. */
export async function addToCounters(db: IndexDatabase, deltas: Record<CounterKey, number>): Promise<void> {
  await db
    .insert(indexState)
    .values(COUNTER_KEYS.map((key) => ({ key, value: String(deltas[key]) })))
    .onConflictDoUpdate({
      target: indexState.key,
      set: { value: sql`(${indexState.value}::bigint + excluded.value::bigint)::text` },
    });
}
