/**
 * The list queries walk an index for one page instead of reading and sorting everything that
 * matches: checked on the plan Postgres executes (EXPLAIN ANALYZE), on both backends. The index
 * holds a second repository whose chain the same addresses use as busily at the same heights,
 * so a plan that filtered by repository only after reading rows would read both chains' rows.
 */
import { type SQLWrapper, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_REPO as R } from "../../chain/repo/names.ts";
import type { IndexDb } from "../client.ts";
import { createIndexer } from "../indexer.ts";
import { createFakeChain, type FakeChain } from "../testing/fakeChain.ts";
import { testBackends, type TestBackend } from "../testing/backends.ts";
import { addressTxsStatement, listAddressTxs } from "./listAddressTxs.ts";
import { blocksStatement, listBlocks } from "./listBlocks.ts";

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
};

function* nodesOf(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* nodesOf(child);
}

/** The most rows any one step of the executed statement read from `table` (kept or filtered out). */
async function mostRowsRead(index: IndexDb, statement: SQLWrapper, table: string): Promise<{ rows: number; plan: string }> {
  const result: unknown = await index.db.execute(sql`explain (analyze, format json) ${statement.getSQL()}`);
  // The drivers differ only here: PGlite answers { rows }, postgres.js an array of rows.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { "QUERY PLAN": [{ Plan: PlanNode }] }[];
  const plan = rows[0]!["QUERY PLAN"][0].Plan;
  const read = [...nodesOf(plan)].filter((n) => n["Relation Name"] === table).map((n) => (n["Actual Rows"] + (n["Rows Removed by Filter"] ?? 0)) * n["Actual Loops"]);
  return { rows: Math.max(...read), plan: JSON.stringify(plan) };
}

async function indexed(backend: TestBackend, chains: Readonly<Record<string, FakeChain>>): Promise<IndexDb> {
  const index = await backend.open();
  for (const [repo, chain] of Object.entries(chains)) {
    const indexer = createIndexer({ index, chain, repo });
    await indexer.start();
    await indexer.stop();
  }
  // Real statistics, as a long-running index has them: without any the planner guesses a few
  // rows per address and walks whole tables. The embedded index keeps its own as the indexer
  // writes (db/statistics.ts); Postgres' autovacuum would in time, and is asked here at once.
  if (index.kind === "postgres") await index.db.execute(sql`analyze`);
  else {
    await index.statistics.idle();
    expect(index.statistics.runs()).toBeGreaterThan(0);
  }
  return index;
}

describe.each(await testBackends())("query plans on $kind", (backend: TestBackend) => {
  let index: IndexDb;
  // 300 blocks, ~3,000 txs from 5 senders: each busy address sends and receives hundreds.
  const chain = createFakeChain({ seed: "query-plans", blocks: 300, txsPerBlock: 10 });
  const neighbour = createFakeChain({ seed: "query-plans next door", accountsSeed: "query-plans", blocks: 300, txsPerBlock: 10 });
  const busy = chain.addresses[0]!;

  beforeAll(async () => {
    index = await indexed(backend, { [R]: chain, "someone/else": neighbour });
  });
  afterAll(async () => {
    await index?.close();
    await backend.dispose();
  });

  it("reads one page of an address's txs in one repository from each side's index, not the address's whole history", async () => {
    for (const input of [{ repo: R, address: busy, limit: 5 }, { repo: R, address: busy, beforeHeight: 200, beforeTxIndex: 5, limit: 5 }]) {
      expect(await listAddressTxs(index.db, input)).toHaveLength(5);
      const { rows, plan } = await mostRowsRead(index, addressTxsStatement(index.db, input)!, "txs");
      expect(rows, plan).toBeLessThanOrEqual(2 * input.limit);
      expect(plan, "the repository is part of the index condition, not a filter after it").toMatch(/"Index Cond":"[^"]*\brepo\b/);
    }
  });

  it("reads one page of a repository's blocks from its height index, not every block", async () => {
    for (const input of [{ repo: R, limit: 5 }, { repo: R, beforeHeight: 100, limit: 5 }]) {
      expect(await listBlocks(index.db, input)).toHaveLength(5);
      const { rows, plan } = await mostRowsRead(index, blocksStatement(index.db, input)!, "blocks");
      expect(rows, plan).toBeLessThanOrEqual(input.limit);
      expect(plan, "the repository is part of the index condition, not a filter after it").toMatch(/"Index Cond":"[^"]*\brepo\b/);
    }
  });
});
