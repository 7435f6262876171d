import { and, eq, inArray } from "drizzle-orm";
import type { IndexDatabase } from "../client.ts";
import { MAIN_LINEAGE, ZLineage, type Lineage } from "../lineage.ts";
import { names } from "../schema.ts";
import { parseInput, ZAddress, ZRepo } from "./inputs.ts";

/** At most this many names are shown beside one address. */
export const NAMES_PER_ADDRESS = 20;

/**
 * The names that resolve to `address` on `repo`'s branch (its `lineage`, default main), for the
 * explorer's reverse display, in name order. For each name the row of the nearest branch of the
 * lineage counts (a branch's own write hides its ancestors'), and an ancestor's write after the
 * branch's base is not the branch's: such a name is left out here. Callers that must be exact
 * confirm each name on the chain (names are resolved there); [] for malformed input.
 */
export async function listNamesOf(db: IndexDatabase, repo: string, address: string, lineage: Lineage = MAIN_LINEAGE): Promise<string[]> {
  const valid = parseInput(ZAddress, address);
  const inRepo = parseInput(ZRepo, repo);
  const segments = parseInput(ZLineage, lineage);
  if (valid === null || inRepo === null || segments === null) return [];
  const candidates = await db
    .select({ name: names.name })
    .from(names)
    .where(and(eq(names.repo, inRepo), eq(names.destination, valid), inArray(names.branch, segments.map((s) => s.branch))))
    .limit(NAMES_PER_ADDRESS * 4);
  const unique = [...new Set(candidates.map((c) => c.name))];
  if (unique.length === 0) return [];
  // The latest word on each candidate along the lineage: the nearest segment's row, if within its range.
  const rows = await db
    .select()
    .from(names)
    .where(and(eq(names.repo, inRepo), inArray(names.name, unique), inArray(names.branch, segments.map((s) => s.branch))));
  const out: string[] = [];
  for (const name of unique) {
    for (const segment of segments) {
      const row = rows.find((r) => r.name === name && r.branch === segment.branch);
      if (row === undefined) continue;
      if (row.height <= segment.upTo && row.destination === valid) out.push(name);
      break;
    }
  }
  return out.sort().slice(0, NAMES_PER_ADDRESS);
}
