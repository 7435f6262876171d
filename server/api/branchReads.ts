/**
 * Lists for branches other than main, read from the chain: the index holds main's history (its
 * rows are keyed by transaction hash, and a merge puts one transaction on two branches), so a
 * branch's newest blocks and transactions come from the node, a few blocks at a time.
 */
import type { ChainNode } from "../../chain/node/types.ts";
import { txSummariesOfBlock, type BlockSummaryJSON, type TxSummaryJSON } from "../../db/queries/shapes.ts";

/** Most blocks one recent-transactions read walks back (empty blocks included). */
const MAX_BLOCKS_SCANNED = 200;

/** The branch's newest blocks, newest first, below `beforeHeight` when given (its base's blocks included: they are its history). */
export function branchBlocks(node: ChainNode, branch: string, page: { beforeHeight?: number; limit: number }): BlockSummaryJSON[] {
  const head = node.getBranch(branch).head.height;
  const top = Math.min(head, (page.beforeHeight ?? head + 1) - 1);
  const out: BlockSummaryJSON[] = [];
  for (let h = top; h >= 0 && out.length < page.limit; h--) {
    const sealed = node.getBlock(h, { branch });
    if (!sealed) break;
    const { txs: _txs, ...summary } = sealed.block;
    out.push(summary);
  }
  return out;
}

/** The branch's newest transactions, newest first, from at most MAX_BLOCKS_SCANNED blocks. */
export function branchRecentTxs(node: ChainNode, branch: string, limit: number): TxSummaryJSON[] {
  const head = node.getBranch(branch).head.height;
  const out: TxSummaryJSON[] = [];
  for (let h = head; h >= 0 && h > head - MAX_BLOCKS_SCANNED && out.length < limit; h--) {
    const sealed = node.getBlock(h, { branch });
    if (!sealed) break;
    const txs = txSummariesOfBlock(sealed, { afterTxIndex: -1, limit: sealed.block.txs.length });
    for (let i = txs.length - 1; i >= 0 && out.length < limit; i--) out.push(txs[i]!);
  }
  return out;
}
