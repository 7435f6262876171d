import { eq } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { accounts } from "../schema.ts";
import { parseInput, ZAddress } from "./inputs.ts";
import { accountFromRow, type AccountRowJSON } from "./shapes.ts";

/** An account as of its last indexed activity; null when never seen or malformed. */
export async function getAccountRow(db: IndexDatabase, address: string): Promise<AccountRowJSON | null> {
  const valid = parseInput(ZAddress, address);
  if (valid === null) return null;
  const [row] = await db.select().from(accounts).where(eq(accounts.address, valid)).limit(1);
  return row === undefined ? null : accountFromRow(row);
}
