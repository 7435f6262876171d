/**
 * A block's rows as one JSON text made in slices: the same text JSON.stringify gives at once, with
 * the calling thread let go between slices.
 */
import { describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { insertRowsAsJson, rowsJsonInSlices } from "./bulkInsert.ts";
import { txs } from "./schema.ts";

describe("rows as JSON in slices", () => {
  it("gives JSON.stringify's text for any count, awaiting between every slice and never after the last", async () => {
    const row = (i: number) => ({ hash: `h${i}`, memo: i % 3 ? "plain" : 'quote " é 🎉 \u0000', nested: { n: i, list: [i, null, true] } });
    for (const n of [0, 1, 127, 128, 129, 1000]) {
      const rows = Array.from({ length: n }, (_, i) => row(i));
      let turns = 0;
      const made = await rowsJsonInSlices(rows as never[], async () => void turns++);
      expect(made.json).toBe(JSON.stringify(rows));
      expect(turns).toBe(Math.max(0, Math.ceil(n / 128) - 1));
    }
  });

  it("makes the same statement from the rows or from their text", async () => {
    const rows = [{ repo: "r", branch: 0, hash: "ab", height: 1 }] as never[];
    const dialect = new PgDialect();
    const direct = dialect.sqlToQuery(insertRowsAsJson(txs, rows));
    const sliced = dialect.sqlToQuery(insertRowsAsJson(txs, await rowsJsonInSlices(rows, async () => {})));
    expect(sliced).toEqual(direct);
  });
});
