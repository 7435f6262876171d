/**
 * An index written before repositories existed (migrations 0000–0001: no repo column) opens
 * under the current schema: the repository-scoped migration drops the old rows and position,
 * and the indexer rebuilds the root chain from genesis on its next start.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT_REPO } from "../chain/repo/names.ts";
import { createIndexDb, type IndexDb } from "./client.ts";
import { createIndexer } from "./indexer.ts";
import { getAccountRow, getTxRow, indexStats, listBlocks } from "./queries/index.ts";
import { indexState } from "./schema.ts";
import { postgresBackend, postgresIsUp } from "./testing/backends.ts";
import { createFakeChain } from "./testing/fakeChain.ts";

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "aergo-index-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migration set as it was with its first `count` entries (2: before repositories, 3: before branches). */
function migrationsUpTo(count: number, tags: string[]): string {
  const folder = path.join(scratch, `first-${count}`);
  mkdirSync(path.join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, count);
  expect(journal.entries.map((e) => e.tag)).toEqual(tags);
  for (const { tag } of journal.entries) copyFileSync(path.join(MIGRATIONS, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  return folder;
}
const migrationsBeforeRepos = () => migrationsUpTo(2, ["0000_init", "0001_contracts"]);
const migrationsBeforeBranches = () => migrationsUpTo(3, ["0000_init", "0001_contracts", "0002_repo_scoped_index"]);

/** Rows as the old indexer left them: a position at height 5 of some chain, its counters, an account. */
async function writeOldRows(index: IndexDb): Promise<void> {
  await index.db.execute(sql`insert into index_state (key, value) values ('last_height', '5'), ('last_hash', 'old-hash'), ('block_count', '6'), ('tx_count', '40')`);
  await index.db.execute(
    sql`insert into accounts (address, balance_aer, nonce, staked_aer, votes, tx_count, first_seen_height, last_seen_height) values ('Aold', 1, 0, 0, '[]', 3, 0, 5)`,
  );
}

async function expectRebuiltFromGenesis(index: IndexDb): Promise<void> {
  const chain = createFakeChain({ seed: "after the migration", blocks: 12 });
  expect(await index.db.select().from(indexState)).toEqual([]);
  const indexer = createIndexer({ index, chain });
  await indexer.start();
  await indexer.stop();
  expect(await indexStats(index.db, ROOT_REPO)).toMatchObject({ blocks: 13, lastIndexedHeight: 12, lastIndexedHash: chain.getBlock(12)!.block.hash });
  expect((await listBlocks(index.db, { repo: ROOT_REPO, limit: 100 })).map((b) => b.height)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  expect(await getAccountRow(index.db, ROOT_REPO, chain.addresses[0]!)).not.toBeNull();
  expect((await index.db.select().from(indexState)).every((row) => row.repo === ROOT_REPO)).toBe(true);
}

// Two PGlite clusters created (initdb) and reopened: tens of seconds on a loaded 2-core machine.
const EMBEDDED_TIMEOUT_MS = 180_000;

describe("the repository-scoped migration", () => {
  it("migrates an embedded index in a data folder and rebuilds it on the next start", async () => {
    const dataDir = path.join(scratch, "pglite");
    const old = await createIndexDb({ dataDir, migrationsFolder: migrationsBeforeRepos() });
    await writeOldRows(old);
    await old.close();

    const index = await createIndexDb({ dataDir });
    try {
      await expectRebuiltFromGenesis(index);
    } finally {
      await index.close();
    }
  }, EMBEDDED_TIMEOUT_MS);

  it("migrates a Postgres index and rebuilds it on the next start", async () => {
    expect(await postgresIsUp()).toBe(true);
    const backend = postgresBackend();
    try {
      const old = await backend.open({ migrationsFolder: migrationsBeforeRepos() });
      await writeOldRows(old);
      await old.close();
      const index = await backend.open();
      try {
        await expectRebuiltFromGenesis(index);
      } finally {
        await index.close();
      }
    } finally {
      await backend.dispose();
    }
  });
});

/**
 * An index of main only (migration 0002) keeps its rows through the branch-scoped migration: they
 * become main's, the indexer resumes from its position instead of rebuilding, and a replayed hash
 * can then be written on another branch next to main's.
 */
describe("the branch-scoped migration", () => {
  let chain = createFakeChain({ seed: "before branches", blocks: 8 });

  async function indexMainOnly(index: IndexDb): Promise<void> {
    chain = createFakeChain({ seed: "before branches", blocks: 8 });
    const indexer = createIndexer({ index, chain, repo: ROOT_REPO });
    await indexer.start();
    await indexer.stop();
  }

  async function expectKeptAsMain(index: IndexDb): Promise<void> {
    const before = await listBlocks(index.db, { repo: ROOT_REPO, limit: 100 });
    expect(before.map((b) => b.height)).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(before.every((b) => b.branch === "main")).toBe(true);
    expect((await index.db.select().from(indexState)).every((row) => row.branch === "main")).toBe(true);
    expect(await indexStats(index.db, ROOT_REPO)).toMatchObject({ blocks: 9, lastIndexedHeight: 8 });
    chain.seal();
    const indexer = createIndexer({ index, chain, repo: ROOT_REPO });
    await indexer.start();
    await indexer.stop();
    // Resumed, not rebuilt: one block more, counted once.
    expect(await indexStats(index.db, ROOT_REPO)).toMatchObject({ blocks: 10, lastIndexedHeight: 9 });
    const tx = chain.getBlock(3)!.block.txs[0]!;
    expect((await getTxRow(index.db, ROOT_REPO, tx.hash))?.receipt.blockHeight).toBe(3);
    // The same hash on another branch is another row (the key is (repo, branch, hash)).
    await index.db.execute(sql`insert into txs (hash, repo, branch, block_height, block_hash, tx_index, type, "from", "to", amount_aer, gas_limit, gas_price_aer, nonce, payload, payload_size, size, signature, status, error_code, error_message, gas_used, fee_aer, contract_address, return_value) select hash, repo, 'b1-feature', block_height, block_hash, tx_index, type, "from", "to", amount_aer, gas_limit, gas_price_aer, nonce, payload, payload_size, size, signature, status, error_code, error_message, gas_used, fee_aer, contract_address, return_value from txs where hash = ${tx.hash}`);
    expect((await getTxRow(index.db, ROOT_REPO, tx.hash))?.receipt.blockHeight).toBe(3);
  }

  it("keeps an embedded index's rows as main's", async () => {
    const dataDir = path.join(scratch, "pglite-branches");
    const old = await createIndexDb({ dataDir, migrationsFolder: migrationsBeforeBranches() });
    await indexMainOnlyOld(old);
    await old.close();
    const index = await createIndexDb({ dataDir });
    try {
      await expectKeptAsMain(index);
    } finally {
      await index.close();
    }
  }, EMBEDDED_TIMEOUT_MS);

  /** The 0002 schema has no branch column: rows are written as the indexer of then did, by SQL. */
  async function indexMainOnlyOld(old: IndexDb): Promise<void> {
    const fresh = await createIndexDb({ memory: true });
    try {
      await indexMainOnly(fresh);
      for (const table of ["blocks", "txs", "events", "accounts", "contracts", "index_state"]) {
        const result = (await fresh.db.execute(sql.raw(`select * from ${table}`))) as unknown as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
        const rows = Array.isArray(result) ? result : (result.rows ?? []);
        for (const row of rows) {
          const { branch, ...rest } = row;
          const record = table === "blocks" ? { branch, ...rest } : rest;
          const columns = Object.keys(record);
          await old.db.execute(sql`insert into ${sql.identifier(table)} (${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)}) values (${sql.join(columns.map((c) => sql`${typeof record[c] === "object" && record[c] !== null ? JSON.stringify(record[c]) : record[c]}`), sql`, `)})`);
        }
      }
    } finally {
      await fresh.close();
    }
  }

  it("keeps a Postgres index's rows as main's", async () => {
    const backend = postgresBackend();
    try {
      const old = await backend.open({ migrationsFolder: migrationsBeforeBranches() });
      await indexMainOnlyOld(old);
      await old.close();
      const index = await backend.open();
      try {
        await expectKeptAsMain(index);
      } finally {
        await index.close();
      }
    } finally {
      await backend.dispose();
    }
  });
});
