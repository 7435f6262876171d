/**
 * Reads what the branch graph draws: main's blocks with transactions from the index (it follows
 * main, and main seals empty blocks every slot), other branches' own blocks from the node (a
 * branch adds a block only when it has transactions, so its newest blocks are the ones to draw).
 * One page at a time: the newest, or the one below a `beforeHeight` cursor (graphWindow.ts).
 */
import { z } from "zod";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { ChainNode } from "../../chain/node/types.ts";
import { MAIN_BRANCH } from "../../chain/node/refs.ts";
import type { IndexDatabase } from "../../db/client.ts";
import { listTxBlocks, type TxBlockJSON } from "../../db/queries/listTxBlocks.ts";
import { buildBranchGraph, GRAPH_BLOCKS_PER_BRANCH, type BranchGraphJSON } from "./buildBranchGraph.ts";
import { pickWindow, type LaneScan } from "./graphWindow.ts";

/**
 * One page of the graph: below `beforeHeight` (the `window.olderBefore` of a newer page; none for
 * the newest), with at most `perLane` blocks with transactions per lane.
 */
export const ZBranchGraphPage = z.object({
  beforeHeight: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  perLane: z.number().int().min(1).max(GRAPH_BLOCKS_PER_BRANCH).default(GRAPH_BLOCKS_PER_BRANCH),
});
export type BranchGraphPage = z.output<typeof ZBranchGraphPage>;

/** Heights a branch's scan reads at most per page: its blocks carry transactions, but a scan must end anyway. */
const SCAN_LIMIT = 4 * GRAPH_BLOCKS_PER_BRANCH;

/**
 * The repository's branch graph, one page of it.
 * @throws ChainError BAD_REQUEST (BAD_CURSOR) when `beforeHeight` is above every branch's head; as the node's reads do otherwise
 */
export async function readBranchGraph(node: ChainNode, db: IndexDatabase, repo: string, page: BranchGraphPage = { perLane: GRAPH_BLOCKS_PER_BRANCH }): Promise<BranchGraphJSON> {
  const branches = node.listBranches();
  const before = page.beforeHeight ?? null;
  const newest = Math.max(...branches.map((b) => b.head.height));
  // A cursor is an older page's start, so it is never above a head: anything else is a made-up one, and its page would be the newest under another name.
  if (before !== null && before > newest) {
    throw new ChainError(ErrorCode.BadRequest, `beforeHeight ${before} is above the newest block (${newest}): leave it out for the newest blocks.`, { code: "BAD_CURSOR" });
  }
  const scans: Record<string, LaneScan> = {};
  for (const b of branches) {
    scans[b.name] = b.name === MAIN_BRANCH ? await mainTxBlocks(db, repo, before, page.perLane) : ownTxBlocks(node, b.name, b.base?.height ?? 0, b.head.height, before, page.perLane);
  }
  const { window, blocks } = pickWindow(scans, before);
  // A merge from a fork or the origin has no lane here (its source is another chain's branch): not drawn yet.
  return buildBranchGraph({ branches, blocks, merges: node.listMerges().filter((m) => m.sourceRepo === undefined), window, perLane: page.perLane });
}

async function mainTxBlocks(db: IndexDatabase, repo: string, before: number | null, limit: number): Promise<LaneScan> {
  // One more than drawn: whether older blocks exist below the page.
  const found = await listTxBlocks(db, { repo, limit: limit + 1, ...(before === null ? {} : { beforeHeight: before }) });
  if (found.length <= limit) return { blocks: found, lowest: 0, more: false };
  const blocks = found.slice(0, limit);
  return { blocks, lowest: blocks.at(-1)!.height, more: true };
}

/** A branch's own blocks with transactions below `before`, newest first, at most `limit`, reading at most SCAN_LIMIT heights. */
function ownTxBlocks(node: ChainNode, branch: string, baseHeight: number, headHeight: number, before: number | null, limit: number): LaneScan {
  const top = before === null ? headHeight : Math.min(headHeight, before - 1);
  const floor = Math.max(baseHeight + 1, top - SCAN_LIMIT + 1);
  const blocks: TxBlockJSON[] = [];
  let h = top;
  for (; h >= floor && blocks.length < limit; h--) {
    const found = node.getBlockPage(h, { branch, txLimit: 1 });
    if (!found) break;
    if (found.block.txCount > 0) blocks.push({ height: h, hash: found.block.hash, txCount: found.block.txCount, timestamp: found.block.timestamp });
  }
  // h is the highest height not read: the lane has more below only if that is still its own.
  return { blocks, lowest: h + 1, more: h > baseHeight };
}
