/**
 * A throwaway Postgres database for one test file, on the server the index tests use
 * (TEST_DATABASE_URL): created empty, dropped with its connections at the end.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { TEST_POSTGRES_URL } from "../../db/testing/backends.ts";

export type ScratchDatabase = {
  readonly name: string;
  /** A postgres:// URL for DATABASE_URL. */
  readonly url: string;
  drop(): Promise<void>;
};

export async function createScratchDatabase(prefix = "aergo_hub_test"): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await asAdmin((sql) => sql.unsafe(`create database "${name}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => asAdmin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)),
  };
}

async function asAdmin(run: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  try {
    await run(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
