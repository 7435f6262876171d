/**
 * Zod schemas of the hub's /v1 answers the CLI reads (shapes in chain/types.ts). Loose objects:
 * the fields a command relies on are checked, and anything else the hub adds is kept, so JSON
 * output stays exactly what the hub returned.
 */
import { z } from "zod";

export const ZHubError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const ZAmountJSON = z.object({ aer: z.string().regex(/^\d+$/), aergo: z.string() });

export const ZReceiptJSON = z.looseObject({
  txHash: z.string(),
  status: z.enum(["success", "error"]),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  gasUsed: z.number(),
  fee: ZAmountJSON,
  blockHeight: z.number().nullable(),
  blockHash: z.string().nullable(),
});
export type ReceiptOut = z.infer<typeof ZReceiptJSON>;

const ZProducerJSON = z.looseObject({ address: z.string(), label: z.string().nullable(), votes: ZAmountJSON });

export const ZChainInfoJSON = z.looseObject({
  chainId: z.string(),
  chainIdHash: z.string(),
  consensus: z.string(),
  height: z.number(),
  headHash: z.string(),
  lastIrreversible: z.number(),
  epoch: z.number(),
  epochLength: z.number(),
  producers: z.array(ZProducerJSON),
  candidates: z.array(ZProducerJSON),
  minGasPrice: ZAmountJSON,
  devNetwork: z.boolean(),
});
export type ChainInfoOut = z.infer<typeof ZChainInfoJSON>;

export const ZAccountJSON = z.looseObject({
  address: z.string(),
  balance: ZAmountJSON,
  nonce: z.number().int().nonnegative(),
  staked: ZAmountJSON,
  votes: z.array(z.string()),
  height: z.number(),
  pending: z.boolean(),
});

export const ZBlockHeaderJSON = z.looseObject({
  hash: z.string(),
  chainIdHash: z.string(),
  branch: z.string(),
  height: z.number().int().nonnegative(),
  prevHash: z.string(),
  timestamp: z.number(),
  producer: z.string(),
  txRoot: z.string(),
  receiptsRoot: z.string(),
  stateRoot: z.string(),
  consensus: z.object({ kind: z.enum(["dpos", "poa"]), slot: z.number(), epoch: z.number() }),
  txCount: z.number().int().nonnegative(),
  signature: z.string(),
});

export const ZAccountProofJSON = z.object({
  account: ZAccountJSON,
  header: ZBlockHeaderJSON,
  key: z.string(),
  valueHash: z.string().nullable(),
  value: z.string().nullable(),
  proof: z.unknown(),
});

const ZTxJSON = z.looseObject({ hash: z.string(), type: z.string(), from: z.string(), to: z.string().nullable(), amount: ZAmountJSON, nonce: z.number() });

export const ZTxLookup = z.object({ tx: ZTxJSON, receipt: ZReceiptJSON, state: z.enum(["pending", "sealed", "final"]) });

export const ZSealedBlock = z.object({
  block: ZBlockHeaderJSON.extend({ txs: z.array(ZTxJSON), gasUsed: z.number(), fees: ZAmountJSON }),
  receipts: z.array(ZReceiptJSON),
});
