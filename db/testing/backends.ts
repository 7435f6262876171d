/**
 * The two backends every index test runs against: PGlite in memory, and a real Postgres in a
 * database created for the test file and dropped after it.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createIndexDb, type IndexDb } from "../client.ts";

/** The server-level database tests connect to in order to create their own. */
export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export type TestBackend = {
  readonly kind: IndexDb["kind"];
  /** Opens the backend's database (the same data on every call for Postgres), migrated with `migrationsFolder` when given. */
  open(options?: { readonly migrationsFolder?: string }): Promise<IndexDb>;
  /** Drops whatever open() created. */
  dispose(): Promise<void>;
};

export function pgliteMemoryBackend(): TestBackend {
  return { kind: "pglite", open: (options = {}) => createIndexDb({ memory: true, ...options }), dispose: async () => {} };
}

/** A fresh database `aergo_idx_<random>` on the test server. */
export function postgresBackend(): TestBackend {
  const name = `aergo_idx_${randomBytes(6).toString("hex")}`;
  let created = false;
  const admin = () => postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  return {
    kind: "postgres",
    async open(options = {}) {
      if (!created) {
        const sql = admin();
        try {
          await sql.unsafe(`create database "${name}"`);
        } finally {
          await sql.end();
        }
        created = true;
      }
      const url = new URL(TEST_POSTGRES_URL);
      url.pathname = `/${name}`;
      return createIndexDb({ url: url.toString(), ...options });
    },
    async dispose() {
      if (!created) return;
      const sql = admin();
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}

/**
 * Whether the test Postgres answers. The index must behave the same on both backends, so an
 * unreachable Postgres fails the run (npm test starts it) instead of silently testing half.
 */
export async function postgresIsUp(): Promise<boolean> {
  const sql = postgres(TEST_POSTGRES_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    throw new Error(`Postgres at ${TEST_POSTGRES_URL} is not reachable: start it (npm test does) or set TEST_DATABASE_URL.`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Fresh backends for one test file (nothing is opened until open()). */
export async function testBackends(): Promise<TestBackend[]> {
  return (await postgresIsUp()) ? [pgliteMemoryBackend(), postgresBackend()] : [pgliteMemoryBackend()];
}
