/** Every row of the index in a stable order, to compare two indexes of the same chain. */
import { asc } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { accounts, blocks, events, indexState, txs } from "../schema.ts";

export async function snapshotIndex(db: IndexDatabase) {
  return {
    blocks: await db.select().from(blocks).orderBy(asc(blocks.branch), asc(blocks.height)),
    txs: await db.select().from(txs).orderBy(asc(txs.hash)),
    events: await db.select().from(events).orderBy(asc(events.txHash), asc(events.idx)),
    accounts: await db.select().from(accounts).orderBy(asc(accounts.address)),
    indexState: await db.select().from(indexState).orderBy(asc(indexState.key)),
  };
}
