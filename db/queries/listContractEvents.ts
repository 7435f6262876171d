import { and, asc, eq, gte, sql } from "drizzle-orm";
import { z } from "zod";
import { createPageBudget, READ_BOUNDS } from "../../chain/readBounds.ts";
import type { IndexDatabase } from "../client.ts";
import { MAIN_LINEAGE, onSegment, ZLineage } from "../lineage.ts";
import { events } from "../schema.ts";
import { parseInput, ZAddress, ZHeight, ZLimit, ZRepo } from "./inputs.ts";

export const ZListContractEventsInput = z.object({
  repo: ZRepo,
  contract: ZAddress,
  name: z.string().min(1).max(128).optional(),
  fromHeight: ZHeight.optional(),
  limit: ZLimit.default(100),
  lineage: ZLineage.default(MAIN_LINEAGE),
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

/** A page of events; `truncated`: the byte budget (4 MiB) ended it before `limit` events. */
export type ContractEventsPageJSON = { readonly events: ContractEventJSON[]; readonly truncated: boolean };

// The JSON keys, hash, address and numbers around one event's name and args, rounded up.
const EVENT_OVERHEAD_BYTES = 256;

/**
 * A contract's events on `repo`'s branch (its `lineage`, default main), oldest first from
 * `fromHeight`, optionally of one event name: at most `limit` of them and at most
 * READ_BOUNDS.maxPageBytes of JSON. The sizes are read first (jsonb's text is never shorter than
 * the compact JSON sent), so the rows fetched are exactly the rows that fit: a page is never built
 * and then cut. The lineage's segments are read oldest first (the base's events before the
 * branch's own), each with what is left of the page and its budget.
 */
export async function pageContractEvents(db: IndexDatabase, input: TListContractEventsInput): Promise<ContractEventsPageJSON> {
  const q = parseInput(ZListContractEventsInput, input);
  if (q === null) return { events: [], truncated: false };
  // 1 KiB left for what wraps the list (tRPC's envelope, `truncated`).
  const budget = createPageBudget(READ_BOUNDS.maxPageBytes - 1024);
  const out: ContractEventJSON[] = [];
  const order = [asc(events.blockHeight), asc(events.txHash), asc(events.idx)];
  for (const segment of [...q.lineage].reverse()) {
    const wanted = q.limit - out.length;
    if (wanted <= 0 || budget.full) break;
    const where = and(eq(events.repo, q.repo), onSegment(events, events.blockHeight, segment), eq(events.contract, q.contract), q.name ? eq(events.name, q.name) : undefined, q.fromHeight !== undefined ? gte(events.blockHeight, q.fromHeight) : undefined);
    const sizes = await db
      .select({ bytes: sql<number>`octet_length(${events.args}::text) + octet_length(${events.name})` })
      .from(events)
      .where(where)
      .orderBy(...order)
      .limit(wanted);
    const fits = sizes.findIndex((s) => !budget.admit(Number(s.bytes) + EVENT_OVERHEAD_BYTES));
    const count = fits === -1 ? sizes.length : fits;
    if (count === 0) continue;
    const rows = await db.select().from(events).where(where).orderBy(...order).limit(count);
    out.push(...rows.map((r) => ({ txHash: r.txHash, index: r.idx, blockHeight: r.blockHeight, contract: r.contract!, name: r.name, args: r.args as Record<string, unknown> })));
  }
  return { events: out, truncated: budget.full };
}

/** The events of one page, without saying whether bytes cut it (pageContractEvents does). */
export async function listContractEvents(db: IndexDatabase, input: TListContractEventsInput): Promise<ContractEventJSON[]> {
  return (await pageContractEvents(db, input)).events;
}
