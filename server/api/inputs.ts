import { ZBlockTxLimit, ZBlockTxOffset } from "../../chain/readBounds.ts";
import { z } from "zod";
import { isAddress } from "../../chain/crypto/address.ts";

/** Zod schemas of the API's inputs, shared by tRPC procedures and the /v1 REST handlers. */
export const ZHeightOrHash = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(100)]);
export const ZHash = z.string().min(30).max(60);
// Checked here (checksum and key), so index reads refuse a malformed address as the chain reads do.
export const ZAddressText = z.string().min(1).max(100).refine(isAddress, "must be an Aergo address");
export const ZPageLimit = z.number().int().min(1).max(100).default(20);

/** A block by height or hash, with one page of its txs (chain/readBounds.ts bounds). */
export const ZGetBlockInput = z.object({ id: ZHeightOrHash, txOffset: ZBlockTxOffset.optional(), txLimit: ZBlockTxLimit.optional() });
export const ZHeight = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** A block's txs in block order: `limit` of them after position `afterTxIndex` (-1, or absent: from the first). */
export const ZBlockTxsInput = z.object({ height: ZHeight, afterTxIndex: z.number().int().min(-1).max(2 ** 31 - 1).default(-1), limit: ZPageLimit });
export const ZListBlocksInput = z.object({ beforeHeight: z.number().int().min(0).optional(), limit: ZPageLimit });
export const ZGetTxInput = z.object({ hash: ZHash });
export const ZRecentTxsInput = z.object({ limit: ZPageLimit });
export const ZSendTxInput = z.object({
  /** The signed transaction's canonical bytes, hex. */
  tx: z.string().regex(/^(0x)?(?:[0-9a-fA-F]{2})+$/, "must be hex bytes").max(2 * 210 * 1024),
  wait: z.enum(["receipt", "block", "final"]).default("receipt"),
});
export const ZGetAccountInput = z.object({ address: ZAddressText, height: z.number().int().min(0).optional() });
export const ZAddressTxsInput = z.object({ address: ZAddressText, beforeHeight: z.number().int().min(0).optional(), limit: ZPageLimit });
export const ZSearchInput = z.object({ q: z.string().trim().min(1).max(100) });
export const ZFaucetInput = z.object({ address: ZAddressText, amount: z.string().max(60).optional() });
export const ZThroughputInput = z.object({ blocks: z.number().int().min(1).max(600).default(60) });
