import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { inLineage, MAIN_LINEAGE, onSegment, readAcross, ZLineage, type Lineage } from "../lineage.ts";
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

export const ZListContractsInput = z.object({ repo: ZRepo, limit: ZLimit.default(50), lineage: ZLineage.default(MAIN_LINEAGE) });

const columns = { repo: contracts.repo, address: contracts.address, name: contracts.name, creator: contracts.creator, deployTx: contracts.deployTx, deployHeight: contracts.deployHeight, abi: contracts.abi };

/** `repo`'s newest deployed contracts first, on a branch (its `lineage`, default main): its own, then its base's up to the base. */
export async function listContracts(db: IndexDatabase, input: z.input<typeof ZListContractsInput>): Promise<ContractRowJSON[]> {
  const q = parseInput(ZListContractsInput, input);
  if (q === null) return [];
  return readAcross(q.lineage, "newest", q.limit, (segment, wanted) =>
    db
      .select(columns)
      .from(contracts)
      .where(and(eq(contracts.repo, q.repo), onSegment(contracts, contracts.deployHeight, segment)))
      .orderBy(...newestFirst(contracts.deployHeight))
      .limit(wanted),
  );
}

/** One indexed contract of `repo`'s branch (its `lineage`, default main): who deployed it, when, its ABI; or null. */
export async function getContractRow(db: IndexDatabase, repo: string, address: string, lineage: Lineage = MAIN_LINEAGE): Promise<ContractRowJSON | null> {
  const a = parseInput(ZAddress, address);
  const inRepo = parseInput(ZRepo, repo);
  const segments = parseInput(ZLineage, lineage);
  if (a === null || inRepo === null || segments === null) return null;
  const [row] = await db
    .select(columns)
    .from(contracts)
    .where(and(eq(contracts.repo, inRepo), inLineage(contracts, contracts.deployHeight, segments), eq(contracts.address, a)))
    .limit(1);
  return row ?? null;
}
