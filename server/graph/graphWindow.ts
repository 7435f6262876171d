/**
 * Which heights one page of the branch graph covers. Each lane is read newest first below the
 * cursor, at most a page of blocks with transactions; lanes fill at different heights (main is
 * busy, a branch may be sparse), so the window starts at the highest height where a lane stopped
 * with blocks left below it. Every lane's blocks with transactions in the window are then all
 * known, the next page continues exactly below it, and an edge end is in the window or a stub:
 * never a block that exists in the window but was not read.
 */
import type { TxBlockJSON } from "../../db/queries/listTxBlocks.ts";
import type { GraphWindow } from "./buildBranchGraph.ts";

/** What was read of one lane below the cursor. */
export type LaneScan = {
  /** Its own blocks with transactions, newest first: all of those from `lowest` up to the cursor. */
  readonly blocks: readonly TxBlockJSON[];
  /** The lowest height the read covered. */
  readonly lowest: number;
  /** Whether the lane may have own blocks below `lowest` (the read stopped before the lane's start). */
  readonly more: boolean;
};

export type WindowedBlocks = {
  readonly window: GraphWindow;
  readonly blocks: Record<string, { blocks: TxBlockJSON[]; olderHidden: boolean }>;
};

/**
 * The window below `before` (null: the newest) that every lane covers, and each lane's blocks in it.
 * @example pickWindow({ main: { blocks, lowest: 120, more: true } }, null) // window { from: 120, before: null }
 */
export function pickWindow(scans: Readonly<Record<string, LaneScan>>, before: number | null): WindowedBlocks {
  let from = 0;
  for (const scan of Object.values(scans)) if (scan.more) from = Math.max(from, scan.lowest);
  // A lane that read nothing at all below the cursor cannot stop the window at the cursor itself: the next page would be this one again.
  if (before !== null && from >= before) from = before - 1;
  const blocks: WindowedBlocks["blocks"] = {};
  for (const [lane, scan] of Object.entries(scans)) {
    const kept = scan.blocks.filter((b) => b.height >= from);
    blocks[lane] = { blocks: kept, olderHidden: scan.more || kept.length < scan.blocks.length };
  }
  return { window: { from, before }, blocks };
}
