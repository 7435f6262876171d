/**
 * A successful name transaction as an index row: the payload is decoded by the chain's own parser
 * (chain/names/names.ts), so the index reads names exactly as the chain executed them.
 */
import { base64 } from "@scure/base";
import { parseNamePayload } from "../chain/names/names.ts";
import type { ReceiptJSON, TxJSON } from "../chain/types.ts";
import type { names } from "./schema.ts";

export function nameRowOf(repo: string, branch: string, tx: TxJSON, receipt: ReceiptJSON | undefined, height: number): typeof names.$inferInsert | null {
  if (tx.type !== "name" || receipt?.status !== "success") return null;
  // Only included (hence valid) name txs reach a block; a payload that fails here would be a chain bug.
  const op = parseNamePayload(base64.decode(tx.payload));
  const owner = op.owner ?? tx.from;
  return { repo, branch, name: op.name, owner, destination: op.destination ?? owner, height, txHash: tx.hash };
}
