import { and, asc, eq, gte } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { events } from "../schema.ts";
import { parseInput, ZAddress, ZHeight, ZLimit, ZRepo } from "./inputs.ts";

export const ZListContractEventsInput = z.object({
  repo: ZRepo,
  contract: ZAddress,
  name: z.string().min(1).max(128).optional(),
  fromHeight: ZHeight.optional(),
  limit: ZLimit.default(100),
});
export type TListContractEventsInput = z.input<typeof ZListContractEventsInput>;

export type ContractEventJSON = {
  readonly txHash: string;
  readonly index: number;
  readonly blockHeight: number;
  readonly contract: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
};

/** A contract's events on `repo`'s chain, oldest first from `fromHeight`, optionally of one event name. */
export async function listContractEvents(db: IndexDatabase, input: TListContractEventsInput): Promise<ContractEventJSON[]> {
  const q = parseInput(ZListContractEventsInput, input);
  if (q === null) return [];
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.repo, q.repo), eq(events.contract, q.contract), q.name ? eq(events.name, q.name) : undefined, q.fromHeight !== undefined ? gte(events.blockHeight, q.fromHeight) : undefined))
    .orderBy(asc(events.blockHeight), asc(events.txHash), asc(events.idx))
    .limit(q.limit);
  return rows.map((r) => ({ txHash: r.txHash, index: r.idx, blockHeight: r.blockHeight, contract: r.contract!, name: r.name, args: r.args as Record<string, unknown> }));
}
