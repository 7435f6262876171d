/**
 * Planner statistics for the embedded index. Postgres' autovacuum runs ANALYZE as tables grow;
 * PGlite has no background workers, so its tables keep the statistics of their first, empty
 * days, and the planner picks plans made for empty tables: an address page walked every
 * transaction of the chain (436 ms with 10,000 transactions, 1.7 s with 48,000, linear) where,
 * after ANALYZE, it reads one index page per side (5.8 ms). This keeps them current the way
 * autovacuum would: ANALYZE once the rows written since the last one pass 500 + 10% of the
 * rows then (Postgres' default scale factor), one at a time, on the index's own thread.
 *
 * Each ANALYZE samples 3,000 rows a table (statistics target 10, not Postgres' 100 and 30,000):
 * the index's queries need a table's size and its columns' rough distinct counts to choose an
 * index walk, not fine histograms (db/queries/queryPlans.test.ts checks the plans they get),
 * and at the default the sampling was the embedded index's largest cost under load: 9 runs
 * took 2.5 s of its thread against 1.4 s for inserting the ~20,000 transactions that caused
 * them; `analyze txs` at 20,000 rows took 153 ms at target 100, 17 ms at 10.
 */
import { sql } from "drizzle-orm";
import type { IndexDatabase } from "./client.ts";

export type StatisticsKeeper = {
  /** Counts rows just written; starts an ANALYZE when enough have been since the last one. */
  written(rows: number): void;
  /** Resolves when no ANALYZE is running. */
  idle(): Promise<void>;
  /** ANALYZE runs so far (for tests and logs). */
  runs(): number;
};

/** Postgres' default_statistics_target for the keeper's ANALYZE: 300 × 10 rows sampled a table. */
export const STATISTICS_TARGET = 10;

export function createStatisticsKeeper(db: IndexDatabase, onError: (e: unknown) => void = () => {}): StatisticsKeeper {
  let sinceLast = 0;
  let atLast = 0;
  let count = 0;
  let running: Promise<void> | null = null;
  return {
    written(rows) {
      sinceLast += rows;
      if (running !== null || sinceLast < 500 + atLast / 10) return;
      atLast += sinceLast;
      sinceLast = 0;
      // SET LOCAL: the target holds for this ANALYZE only, not for the session's later ones.
      running = db
        .transaction(async (tx) => {
          await tx.execute(sql.raw(`set local default_statistics_target = ${STATISTICS_TARGET}`));
          await tx.execute(sql`analyze`);
        })
        .then(
          () => void (count += 1),
          (e: unknown) => onError(e),
        )
        .finally(() => (running = null));
    },
    idle: () => running ?? Promise.resolve(),
    runs: () => count,
  };
}

/** Postgres analyzes on its own (autovacuum): nothing to keep. */
export const NO_STATISTICS_KEEPING: StatisticsKeeper = Object.freeze({ written: () => {}, idle: () => Promise.resolve(), runs: () => 0 });
