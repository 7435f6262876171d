import { and, eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { MAIN_LINEAGE, ZLineage, type Lineage } from "../lineage.ts";
import { accounts, type AccountRow } from "../schema.ts";
import { parseInput, ZAddress, ZRepo } from "./inputs.ts";
import { accountFromRow, type AccountRowJSON } from "./shapes.ts";

/**
 * An account of `repo`'s branch (its `lineage`, default main) as of its last indexed activity
 * there; null when never seen or malformed. Each branch keeps a row for the accounts touched on
 * it; on a branch the rows of the lineage add up: the state is the newest row's, the counts are
 * summed and the first height is the oldest. An ancestor's row newer than the branch's base says
 * nothing about the account at the base (its activity before the base is inside that count), so
 * the walk stops there: what it found so far is answered, or null (read the state from the chain).
 */
export async function getAccountRow(db: IndexDatabase, repo: string, address: string, lineage: Lineage = MAIN_LINEAGE): Promise<AccountRowJSON | null> {
  const valid = parseInput(ZAddress, address);
  const inRepo = parseInput(ZRepo, repo);
  const segments = parseInput(ZLineage, lineage);
  if (valid === null || inRepo === null || segments === null) return null;
  const found: AccountRow[] = [];
  for (const segment of segments) {
    const [row] = await db
      .select()
      .from(accounts)
      .where(and(eq(accounts.repo, inRepo), eq(accounts.branch, segment.branch), eq(accounts.address, valid)))
      .limit(1);
    if (row === undefined) continue;
    if (row.lastSeenHeight > segment.upTo) break;
    found.push(row);
  }
  const [newest] = found;
  if (newest === undefined) return null;
  return accountFromRow({
    ...newest,
    txCount: found.reduce((sum, r) => sum + r.txCount, 0),
    firstSeenHeight: Math.min(...found.map((r) => r.firstSeenHeight)),
  });
}
