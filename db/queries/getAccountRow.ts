import { and, eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { accounts } from "../schema.ts";
import { parseInput, ZAddress, ZRepo } from "./inputs.ts";
import { accountFromRow, type AccountRowJSON } from "./shapes.ts";

/** An account of `repo`'s chain as of its last indexed activity there; null when never seen or malformed. */
export async function getAccountRow(db: IndexDatabase, repo: string, address: string): Promise<AccountRowJSON | null> {
  const valid = parseInput(ZAddress, address);
  const inRepo = parseInput(ZRepo, repo);
  if (valid === null || inRepo === null) return null;
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.repo, inRepo), eq(accounts.address, valid)))
    .limit(1);
  return row === undefined ? null : accountFromRow(row);
}
