/**
 * The embedded index on its own thread: statements, transactions and errors behave as PGlite's
 * do in-process, and a long statement leaves the calling thread free.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clusterTemplate, startPgliteThread, type PgliteThreadClient } from "./pgliteThread.ts";

let pg: PgliteThreadClient;

beforeAll(async () => {
  pg = await startPgliteThread(undefined);
  await pg.exec("create table t (k int primary key, v text, at timestamp)");
});
afterAll(async () => {
  await pg.close();
});

describe("the index thread", () => {
  it("is named aergo-index for the kernel (top -H, /proc/PID/task/TID/comm)", () => {
    const names = readdirSync("/proc/self/task").map((tid) => {
      try {
        return readFileSync(`/proc/self/task/${tid}/comm`, "utf8").trim();
      } catch {
        return ""; // a thread that ended meanwhile
      }
    });
    expect(names).toContain("aergo-index");
  });

  it("answers queries in object and array row modes, timestamps as text for drizzle", async () => {
    await pg.query("insert into t values ($1, $2, '2026-12-06 10:00:00')", [1, "one"]);
    const objects = await pg.query<{ k: number; v: string; at: string }>("select * from t where k = $1", [1]);
    expect(objects.rows).toEqual([{ k: 1, v: "one", at: "2026-12-06 10:00:00" }]);
    const arrays = await pg.query("select k, v from t", [], { rowMode: "array" });
    expect(arrays.rows).toEqual([[1, "one"]]);
    expect(arrays.fields.map((f) => f.name)).toEqual(["k", "v"]);
  });

  it("commits a transaction's statements together and rolls them all back on a throw", async () => {
    await pg.transaction(async (tx) => {
      await tx.query("insert into t (k, v) values (2, 'two')");
      await tx.query("insert into t (k, v) values (3, 'three')");
    });
    await expect(
      pg.transaction(async (tx) => {
        await tx.query("insert into t (k, v) values (4, 'four')");
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect((await pg.query<{ k: number }>("select k from t order by k")).rows.map((r) => r.k)).toEqual([1, 2, 3]);
  });

  it("runs a statement from outside an open transaction after it, not inside it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = pg.transaction(async (t) => {
      await t.query("insert into t (k, v) values (5, 'five')");
      await held;
      throw new Error("rolled back");
    });
    await new Promise((r) => setTimeout(r, 50));
    const outside = pg.query<{ n: number }>("select count(*)::int as n from t where k = 5");
    release();
    await expect(tx).rejects.toThrow("rolled back");
    // Had it run inside the transaction, it would have seen the uncommitted row.
    expect((await outside).rows[0]!.n).toBe(0);
  });

  it("passes Postgres' error fields (code, constraint) back to the caller", async () => {
    const error = await pg.query("insert into t (k, v) values (1, 'again')").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "23505" });
    expect(String((error as Error).message)).toMatch(/duplicate key/);
    // The thread is still serving.
    expect((await pg.query<{ n: number }>("select 1 as n")).rows).toEqual([{ n: 1 }]);
  });

  it("puts its thread behind the node's when asked, and goes on answering", async () => {
    // The nice value of each of this process's threads (field 19 of /proc/self/task/TID/stat,
    // counted after the command name's closing parenthesis, which may itself hold spaces).
    const niceOfThreads = () =>
      readdirSync("/proc/self/task").flatMap((tid) => {
        try {
          const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
          return [Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16])];
        } catch {
          return []; // a thread that ended meanwhile
        }
      });
    const lowered = () => niceOfThreads().filter((nice) => nice >= 10).length;
    const before = lowered();
    expect(pg.yieldToNode()).toBe(true);
    expect(lowered()).toBe(before + 1);
    await pg.query("insert into t (k, v) values (50, 'after')");
    expect((await pg.query("select v from t where k = 50")).rows).toEqual([{ v: "after" }]);
  });

  it("leaves the calling thread free while a long statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    let ticksWhenAnswered = -1;
    await pg.query("select count(*) from generate_series(1, 3000000)").then(() => (ticksWhenAnswered = ticks));
    clearInterval(timer);
    // In-process, PGlite runs the statement synchronously: no timer could fire before its answer.
    expect(ticksWhenAnswered).toBeGreaterThan(0);
  });
});

describe("a fresh index from the cluster template", () => {
  it("is made once into node_modules/.cache, a new folder loads it, and a damaged template is replaced by initdb", async () => {
    const template = await clusterTemplate();
    expect(template).toMatch(/node_modules\/\.cache\/aergo-hub\/pglite-cluster-[\w.+-]+\.tgz$/);
    expect(statSync(template!).size).toBeGreaterThan(100_000);
    expect(await clusterTemplate()).toBe(template);

    const dir = mkdtempSync(path.join(tmpdir(), "aergo-pglite-template-"));
    try {
      const folder = await startPgliteThread(path.join(dir, "a"));
      await folder.exec("create table kept (v int); insert into kept values (7)");
      await folder.close();
      expect(existsSync(path.join(dir, "a", "PG_VERSION"))).toBe(true);
      // Reopened: the folder is a cluster of its own, its rows kept.
      const again = await startPgliteThread(path.join(dir, "a"));
      expect((await again.query<{ v: number }>("select v from kept")).rows).toEqual([{ v: 7 }]);
      await again.close();

      // A damaged template does not stop an index from opening; the template is dropped.
      const saved = readFileSync(template!);
      writeFileSync(template!, Buffer.from("not a cluster"));
      try {
        const fallback = await startPgliteThread(path.join(dir, "b"));
        expect((await fallback.query<{ n: number }>("select 1 as n")).rows).toEqual([{ n: 1 }]);
        await fallback.close();
        expect(existsSync(template!)).toBe(false);
      } finally {
        writeFileSync(template!, saved);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
