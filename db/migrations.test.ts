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
import { getAccountRow, indexStats, listBlocks } from "./queries/index.ts";
import { indexState } from "./schema.ts";
import { postgresBackend, postgresIsUp } from "./testing/backends.ts";
import { createFakeChain } from "./testing/fakeChain.ts";

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "aergo-index-migrations-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The migration set as it was before repositories: the journal's first two entries. */
function migrationsBeforeRepos(): string {
  const folder = path.join(scratch, "before-repos");
  mkdirSync(path.join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, 2);
  expect(journal.entries.map((e) => e.tag)).toEqual(["0000_init", "0001_contracts"]);
  for (const { tag } of journal.entries) copyFileSync(path.join(MIGRATIONS, `${tag}.sql`), path.join(folder, `${tag}.sql`));
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify(journal));
  return folder;
}

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
  });

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
