import { and, asc, eq } from "drizzle-orm";
import type { EventJSON, TxTypeName } from "../../chain/types.ts";
import { toAmountJSON } from "../amount.ts";
import type { IndexDatabase } from "../client.ts";
import { inLineage, MAIN_LINEAGE, ZLineage, type Lineage } from "../lineage.ts";
import { blocks, events, txs } from "../schema.ts";
import { parseInput, ZHash, ZRepo } from "./inputs.ts";
import { errorOf, type IndexedTxJSON } from "./shapes.ts";

/**
 * A sealed tx of `repo`'s branch (its `lineage`, default main) with its receipt and events; null
 * when unknown there or malformed. One hash can be on several branches (a merge replays it): the
 * lineage holds it at most once (the chain refuses a tx its history already holds).
 */
export async function getTxRow(db: IndexDatabase, repo: string, hash: string, lineage: Lineage = MAIN_LINEAGE): Promise<IndexedTxJSON | null> {
  const txHash = parseInput(ZHash, hash);
  const inRepo = parseInput(ZRepo, repo);
  const segments = parseInput(ZLineage, lineage);
  if (txHash === null || inRepo === null || segments === null) return null;
  const [found] = await db
    .select({ tx: txs, chainIdHash: blocks.chainIdHash, timestamp: blocks.timestamp })
    .from(txs)
    .innerJoin(blocks, and(eq(blocks.repo, txs.repo), eq(blocks.branch, txs.branch), eq(blocks.height, txs.blockHeight)))
    .where(and(eq(txs.repo, inRepo), inLineage(txs, txs.blockHeight, segments), eq(txs.hash, txHash)))
    .limit(1);
  if (found === undefined) return null;
  const eventRows = await db
    .select()
    .from(events)
    .where(and(eq(events.repo, inRepo), eq(events.branch, found.tx.branch), eq(events.txHash, txHash)))
    .orderBy(asc(events.idx));
  const { tx } = found;
  return {
    tx: {
      hash: tx.hash,
      type: tx.type as TxTypeName,
      chainIdHash: found.chainIdHash,
      nonce: tx.nonce,
      from: tx.from,
      to: tx.to,
      amount: toAmountJSON(tx.amountAer),
      gasLimit: tx.gasLimit,
      gasPrice: toAmountJSON(tx.gasPriceAer),
      payload: tx.payload,
      signature: tx.signature,
      size: tx.size,
    },
    receipt: {
      txHash: tx.hash,
      status: tx.status as "success" | "error",
      error: errorOf(tx),
      gasUsed: tx.gasUsed,
      fee: toAmountJSON(tx.feeAer),
      blockHeight: tx.blockHeight,
      blockHash: tx.blockHash,
      txIndex: tx.txIndex,
      returnValue: tx.returnValue,
      events: eventRows.map(
        (e): EventJSON => ({ index: e.idx, contract: e.contract, name: e.name, args: e.args as EventJSON["args"] }),
      ),
      contractAddress: tx.contractAddress,
    },
    timestamp: found.timestamp,
  };
}
