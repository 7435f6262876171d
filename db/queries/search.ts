import { eq } from "drizzle-orm";
import { isAddress } from "../../chain/crypto/address.ts";
import type { IndexDatabase } from "../client.ts";
import { blocks, txs } from "../schema.ts";
import { parseInput, ZHash, ZHeight } from "./inputs.ts";
import type { SearchHitJSON } from "./shapes.ts";

/**
 * What a search box string names: a block height, a block hash, a tx hash, or an address.
 * Blocks answer with their height (the explorer's URL id); an address is any valid Aergo
 * address (checksum and key checked), seen or not, since a fresh account has a page too.
 */
export async function search(db: IndexDatabase, q: string): Promise<SearchHitJSON | null> {
  if (typeof q !== "string") return null;
  const text = q.trim();
  const height = parseInput(ZHeight, text);
  if (height !== null) {
    const [block] = await db.select({ height: blocks.height }).from(blocks).where(eq(blocks.height, height)).limit(1);
    return block === undefined ? null : { kind: "block", id: String(block.height) };
  }
  if (isAddress(text)) return { kind: "address", id: text };
  const hash = parseInput(ZHash, text);
  if (hash === null) return null;
  const [block] = await db.select({ height: blocks.height }).from(blocks).where(eq(blocks.hash, hash)).limit(1);
  if (block !== undefined) return { kind: "block", id: String(block.height) };
  const [tx] = await db.select({ hash: txs.hash }).from(txs).where(eq(txs.hash, hash)).limit(1);
  return tx === undefined ? null : { kind: "tx", id: tx.hash };
}
