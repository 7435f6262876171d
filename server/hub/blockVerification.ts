/**
 * Re-execution of a sealed block on request (node.verifyBlock): the one rule for its doors, REST
 * `verifyBlock` and tRPC `blocks.verify`. It costs the hub what producing the block cost, so only
 * signed-in people may ask, and only for blocks up to a bound (about a second of work).
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { BlockVerificationJSON, ChainNode } from "../../chain/node/types.ts";
import type { Viewer } from "../access/viewer.ts";

export const VERIFY_MAX_TXS = 5_000;
export const VERIFY_MAX_GAS = 50_000_000;

/** @throws ChainError UNAUTHENTICATED (anonymous), NOT_FOUND (no such block), BAD_REQUEST TOO_LARGE */
export function verifyBlockFor(viewer: Viewer, node: Pick<ChainNode, "getBlockPage" | "verifyBlock">, branch: string, height: number): BlockVerificationJSON {
  if (viewer.kind !== "user") throw new ChainError(ErrorCode.Unauthenticated, "Sign in to re-execute a block (it costs the hub what producing it cost).");
  const page = node.getBlockPage(height, { branch, txOffset: 0, txLimit: 1 });
  if (!page) throw new ChainError(ErrorCode.NotFound, `No block ${height} on this chain.`);
  const { txCount, gasUsed } = page.block;
  if (txCount > VERIFY_MAX_TXS || gasUsed > VERIFY_MAX_GAS) {
    throw new ChainError(ErrorCode.BadRequest, `Block ${height} has ${txCount.toLocaleString("en-US")} transactions and ${gasUsed.toLocaleString("en-US")} gas; the hub re-executes blocks of at most ${VERIFY_MAX_TXS.toLocaleString("en-US")} transactions and ${VERIFY_MAX_GAS.toLocaleString("en-US")} gas: verify it on a node of your own.`, { code: "TOO_LARGE" });
  }
  return node.verifyBlock(height, { branch });
}
