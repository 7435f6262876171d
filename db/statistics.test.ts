import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createIndexDb, type IndexDatabase } from "./client.ts";
import { createStatisticsKeeper, STATISTICS_TARGET } from "./statistics.ts";

/** A database that only counts ANALYZE statements (each run in a transaction of its own). */
function countingDb() {
  let analyzes = 0;
  const execute = async (statement: { queryChunks?: unknown[] }) => {
    if (JSON.stringify(statement).includes("analyze")) analyzes += 1;
  };
  const db = { execute, transaction: async (run: (tx: unknown) => Promise<void>) => run({ execute }) } as unknown as IndexDatabase;
  return { db, analyzes: () => analyzes };
}

describe("the embedded index's statistics keeper", () => {
  it("analyzes once 500 + 10% of the rows at the last analyze were written since, one at a time", async () => {
    const { db, analyzes } = countingDb();
    const keeper = createStatisticsKeeper(db);
    keeper.written(499);
    await keeper.idle();
    expect(analyzes()).toBe(0);
    keeper.written(1); // 500 since the start
    keeper.written(10_000); // arrives while the first runs: counted, not a second run at once
    await keeper.idle();
    expect(analyzes()).toBe(1);
    // 10,000 written since an analyze at 500 rows: past 500 + 50.
    keeper.written(0);
    await keeper.idle();
    expect(analyzes()).toBe(2);
    // Now at 10,500 rows: the next needs 500 + 1,050 more.
    keeper.written(1_549);
    await keeper.idle();
    expect(analyzes()).toBe(2);
    keeper.written(1);
    await keeper.idle();
    expect(analyzes()).toBe(3);
    expect(keeper.runs()).toBe(3);
  });

  it("reports a failed ANALYZE and keeps counting", async () => {
    const errors: unknown[] = [];
    const db = { transaction: async () => Promise.reject(new Error("no space")) } as unknown as IndexDatabase;
    const keeper = createStatisticsKeeper(db, (e) => errors.push(e));
    keeper.written(600);
    await keeper.idle();
    expect(errors).toHaveLength(1);
    expect(keeper.runs()).toBe(0);
  });

  it("samples 3,000 rows a table, not Postgres' default 30,000, and leaves the session's target as it was", async () => {
    const index = await createIndexDb({ memory: true });
    try {
      const { db } = index;
      await db.execute(sql`create table sampled (n integer)`);
      await db.execute(sql`insert into sampled select g from generate_series(1, 20000) g`);
      const keeper = createStatisticsKeeper(db);
      keeper.written(20_000);
      await keeper.idle();
      expect(keeper.runs()).toBe(1);
      const rows = async <T,>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
      // A column of distinct values gets a histogram of target + 1 bounds: 11 here, 101 at the default.
      const [stats] = await rows<{ bounds: number }>(sql`select array_length(histogram_bounds::text::int[], 1) as bounds from pg_stats where tablename = 'sampled' and attname = 'n'`);
      expect(stats!.bounds).toBe(STATISTICS_TARGET + 1);
      const [setting] = await rows<{ default_statistics_target: string }>(sql`show default_statistics_target`);
      expect(setting!.default_statistics_target).toBe("100");
    } finally {
      await index.close();
    }
  });
});
