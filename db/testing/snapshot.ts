/** Every row of the index in a stable order, to compare two indexes of the same chain. */
import { asc, eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { accounts, blocks, contracts, events, indexState, txs } from "../schema.ts";

/** All rows, or only `repo`'s (to check that work on one repository left another's alone). */
export async function snapshotIndex(db: IndexDatabase, repo?: string) {
  const of = (table: typeof blocks | typeof txs | typeof events | typeof accounts | typeof contracts | typeof indexState) =>
    repo === undefined ? undefined : eq(table.repo, repo);
  return {
    blocks: await db.select().from(blocks).where(of(blocks)).orderBy(asc(blocks.repo), asc(blocks.branch), asc(blocks.height)),
    txs: await db.select().from(txs).where(of(txs)).orderBy(asc(txs.hash)),
    events: await db.select().from(events).where(of(events)).orderBy(asc(events.txHash), asc(events.idx)),
    accounts: await db.select().from(accounts).where(of(accounts)).orderBy(asc(accounts.repo), asc(accounts.address)),
    contracts: await db.select().from(contracts).where(of(contracts)).orderBy(asc(contracts.repo), asc(contracts.address)),
    indexState: await db.select().from(indexState).where(of(indexState)).orderBy(asc(indexState.repo), asc(indexState.key)),
  };
}
