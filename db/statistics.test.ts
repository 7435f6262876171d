import { describe, expect, it } from "vitest";
import type { IndexDatabase } from "./client.ts";
import { createStatisticsKeeper } from "./statistics.ts";

/** A database that only counts ANALYZE statements. */
function countingDb() {
  let analyzes = 0;
  const db = { execute: async () => void (analyzes += 1) } as unknown as IndexDatabase;
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
    const db = { execute: async () => Promise.reject(new Error("no space")) } as unknown as IndexDatabase;
    const keeper = createStatisticsKeeper(db, (e) => errors.push(e));
    keeper.written(600);
    await keeper.idle();
    expect(errors).toHaveLength(1);
    expect(keeper.runs()).toBe(0);
  });
});
