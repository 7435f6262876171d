/**
 * Reads what the branch graph draws: main's blocks with transactions from the index (it follows
 * main, and main seals empty blocks every slot), other branches' own blocks from the node (a
 * branch adds a block only when it has transactions, so its newest blocks are the ones to draw).
 */
import type { ChainNode } from "../../chain/node/types.ts";
import { MAIN_BRANCH } from "../../chain/node/refs.ts";
import type { IndexDatabase } from "../../db/client.ts";
import { listTxBlocks, type TxBlockJSON } from "../../db/queries/listTxBlocks.ts";
import { buildBranchGraph, GRAPH_BLOCKS_PER_BRANCH, type BranchGraphJSON } from "./buildBranchGraph.ts";

/** The repository's branch graph now. @throws ChainError as the node's reads do */
export async function readBranchGraph(node: ChainNode, db: IndexDatabase, repo: string): Promise<BranchGraphJSON> {
  const branches = node.listBranches();
  const blocks: Record<string, { blocks: TxBlockJSON[]; olderHidden: boolean }> = {};
  for (const b of branches) {
    // One more than drawn: whether older blocks exist that the graph leaves out.
    const found = b.name === MAIN_BRANCH ? await listTxBlocks(db, { repo, limit: GRAPH_BLOCKS_PER_BRANCH + 1 }) : ownTxBlocks(node, b.name, b.base?.height ?? 0, b.head.height);
    blocks[b.name] = { blocks: found.slice(0, GRAPH_BLOCKS_PER_BRANCH), olderHidden: found.length > GRAPH_BLOCKS_PER_BRANCH };
  }
  // A merge from a fork or the origin has no lane here (its source is another chain's branch): not drawn yet.
  return buildBranchGraph({ branches, blocks, merges: node.listMerges().filter((m) => m.sourceRepo === undefined) });
}

/** A branch's own blocks with transactions, newest first, at most GRAPH_BLOCKS_PER_BRANCH + 1 of them. */
function ownTxBlocks(node: ChainNode, branch: string, baseHeight: number, headHeight: number): TxBlockJSON[] {
  const out: TxBlockJSON[] = [];
  // Bounded by blocks read, not only by blocks kept: a branch's blocks carry transactions, but a scan must end anyway.
  for (let h = headHeight; h > baseHeight && h > headHeight - 4 * GRAPH_BLOCKS_PER_BRANCH && out.length <= GRAPH_BLOCKS_PER_BRANCH; h--) {
    const page = node.getBlockPage(h, { branch, txLimit: 1 });
    if (!page) break;
    if (page.block.txCount > 0) out.push({ height: h, hash: page.block.hash, txCount: page.block.txCount, timestamp: page.block.timestamp });
  }
  return out;
}
