/**
 * Planner statistics for the embedded index. Postgres' autovacuum runs ANALYZE as tables grow;
 * PGlite has no background workers, so its tables keep the statistics of their first, empty
 * days, and the planner picks plans made for empty tables: an address page walked every
 * transaction of the chain (436 ms with 10,000 transactions, 1.7 s with 48,000, linear) where,
 * after ANALYZE, it reads one index page per side (5.8 ms). This keeps them current the way
 * autovacuum would: ANALYZE once the rows written since the last one pass 500 + 10% of the
 * rows then (Postgres' default scale factor), one at a time, on the index's own thread.
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
      running = db
        .execute(sql`analyze`)
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
