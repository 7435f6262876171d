/**
 * Opens the index: an embedded PGlite (a data folder, or memory for tests) or a real Postgres
 * when a URL is given, and applies the one migration set to either.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { z } from "zod";
import * as schema from "./schema.ts";
import { startPgliteThread } from "./pgliteThread.ts";
import { createStatisticsKeeper, NO_STATISTICS_KEEPING, type StatisticsKeeper } from "./statistics.ts";

/**
 * One drizzle type for both drivers. Decision: type the instance as the pg-core base class
 * `PgDatabase<PgQueryResultHKT, typeof schema>`, which both `PgliteDatabase` and
 * `PostgresJsDatabase` extend. Everything the index does (select/insert/update/delete builders,
 * `transaction`, `$with`, relational queries) lives on the base class and returns the same row
 * types; only the raw result of `db.execute()` differs between drivers, so db/ runs statements
 * through `execute` but never reads its result (reads go through typed selects).
 * A union of the two driver types was rejected: methods on a union of classes are not callable
 * without narrowing at every call site.
 */
export type IndexDatabase = PgDatabase<PgQueryResultHKT, typeof schema>;

export type IndexDb = {
  readonly db: IndexDatabase;
  readonly kind: "pglite" | "postgres";
  /** Keeps the planner's statistics current as rows are written (db/statistics.ts; PGlite only). */
  readonly statistics: StatisticsKeeper;
  /**
   * The hub calls it once the index has caught up: the embedded index's thread then yields the
   * cores to the node's (pgliteThread.ts `yieldToNode`); Postgres runs in a process of its own,
   * and nothing changes there.
   */
  yieldToNode(): void;
  close(): Promise<void>;
};

export const ZIndexDbOptions = z
  .object({
    // An empty DATABASE_URL means "not set": `createIndexDb({ url: process.env.DATABASE_URL, dataDir })`.
    url: z.preprocess(
      (url) => (url === "" ? undefined : url),
      z.string().regex(/^postgres(ql)?:\/\/\S+$/, "DATABASE_URL must be a postgres:// URL.").optional(),
    ),
    dataDir: z.string().min(1).optional(),
    memory: z.boolean().optional(),
    /** Defaults to db/migrations beside this file, else `${cwd}/db/migrations`. */
    migrationsFolder: z.string().min(1).optional(),
  })
  .strict()
  .refine((o) => o.url !== undefined || o.memory === true || o.dataDir !== undefined, {
    message: "The index needs a Postgres url, a dataDir for the embedded PGlite, or memory: true.",
  });
// Spelled out because the preprocess above widens the schema's input type of url to unknown.
export type TIndexDbOptions = {
  readonly url?: string | undefined;
  readonly dataDir?: string | undefined;
  readonly memory?: boolean | undefined;
  readonly migrationsFolder?: string | undefined;
};

/**
 * Opens the index and migrates it to the current schema. `url` wins over `dataDir`/`memory`;
 * PGlite keeps its files in `${dataDir}/index`.
 * @throws ZodError on bad options; the driver's error when the database is unreachable.
 */
export async function createIndexDb(opts: TIndexDbOptions): Promise<IndexDb> {
  const options = ZIndexDbOptions.parse(opts);
  const migrationsFolder = options.migrationsFolder ?? resolveMigrationsFolder();

  if (options.url !== undefined) {
    // onnotice: the migrator's "schema already exists, skipping" notices are not news.
    const client = postgres(options.url, { max: 4, onnotice: () => {} });
    const db = drizzlePostgres({ client, schema });
    try {
      await migratePostgres(db, { migrationsFolder });
    } catch (error) {
      await client.end({ timeout: 5 });
      throw error;
    }
    return { db, kind: "postgres", statistics: NO_STATISTICS_KEEPING, yieldToNode: () => {}, close: () => client.end({ timeout: 5 }) };
  }

  let dataDir: string | undefined;
  if (options.memory !== true && options.dataDir !== undefined) {
    dataDir = path.resolve(options.dataDir, "index");
    mkdirSync(dataDir, { recursive: true });
  }
  // PGlite runs on a worker thread of its own (db/pgliteThread.ts); drizzle drives it through a
  // PGlite-shaped client, so the queries are the same as in-process.
  const client = await startPgliteThread(dataDir);
  const db = drizzlePglite({ client: client as unknown as PGlite, schema });
  try {
    await migratePglite(db, { migrationsFolder });
  } catch (error) {
    await client.close();
    throw error;
  }
  const statistics = createStatisticsKeeper(db, (e) => console.error(`The index could not refresh its statistics: ${e instanceof Error ? e.message : String(e)}`));
  return {
    db,
    kind: "pglite",
    statistics,
    yieldToNode: () => void client.yieldToNode(),
    async close() {
      await statistics.idle();
      await client.close();
    },
  };
}

/**
 * The folder beside this module works under tsx and vitest; bundlers (Next) may move this
 * module, so fall back to the repo layout relative to the working directory (the repo root).
 */
function resolveMigrationsFolder(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL("./migrations", import.meta.url)));
  } catch {
    // import.meta.url is not a file: URL inside some bundles.
  }
  candidates.push(path.resolve(process.cwd(), "db/migrations"));
  const found = candidates.find((dir) => existsSync(path.join(dir, "meta", "_journal.json")));
  if (found === undefined) {
    throw new Error(`The index migrations were not found (looked in ${candidates.join(", ")}).`);
  }
  return found;
}
