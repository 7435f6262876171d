import { eq } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { contracts } from "../schema.ts";
import { parseInput, ZAddress, ZLimit } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";

export type ContractRowJSON = {
  readonly address: string;
  readonly name: string;
  readonly creator: string;
  readonly deployTx: string;
  readonly deployHeight: number;
  readonly abi: unknown;
};

const ZListContractsInput = z.object({ limit: ZLimit.default(50) });

/** The newest deployed contracts first. */
export async function listContracts(db: IndexDatabase, input: z.input<typeof ZListContractsInput>): Promise<ContractRowJSON[]> {
  const q = parseInput(ZListContractsInput, input);
  if (q === null) return [];
  return db.select().from(contracts).orderBy(...newestFirst(contracts.deployHeight)).limit(q.limit);
}

/** One indexed contract (who deployed it, when, its ABI), or null. */
export async function getContractRow(db: IndexDatabase, address: string): Promise<ContractRowJSON | null> {
  const a = parseInput(ZAddress, address);
  if (a === null) return null;
  const [row] = await db.select().from(contracts).where(eq(contracts.address, a)).limit(1);
  return row ?? null;
}
