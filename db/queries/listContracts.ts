import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { contracts } from "../schema.ts";
import { parseInput, ZAddress, ZLimit, ZRepo } from "./inputs.ts";
import { newestFirst } from "./newestFirst.ts";

export type ContractRowJSON = {
  readonly repo: string;
  readonly address: string;
  readonly name: string;
  readonly creator: string;
  readonly deployTx: string;
  readonly deployHeight: number;
  readonly abi: unknown;
};

export const ZListContractsInput = z.object({ repo: ZRepo, limit: ZLimit.default(50) });

/** `repo`'s newest deployed contracts first. */
export async function listContracts(db: IndexDatabase, input: z.input<typeof ZListContractsInput>): Promise<ContractRowJSON[]> {
  const q = parseInput(ZListContractsInput, input);
  if (q === null) return [];
  return db.select().from(contracts).where(eq(contracts.repo, q.repo)).orderBy(...newestFirst(contracts.deployHeight)).limit(q.limit);
}

/** One indexed contract of `repo`'s chain (who deployed it, when, its ABI), or null. */
export async function getContractRow(db: IndexDatabase, repo: string, address: string): Promise<ContractRowJSON | null> {
  const a = parseInput(ZAddress, address);
  const inRepo = parseInput(ZRepo, repo);
  if (a === null || inRepo === null) return null;
  const [row] = await db
    .select()
    .from(contracts)
    .where(and(eq(contracts.repo, inRepo), eq(contracts.address, a)))
    .limit(1);
  return row ?? null;
}
