/**
 * Zod schemas of the hub's /v1 answers the CLI reads (shapes in chain/types.ts). Loose objects:
 * the fields a command relies on are checked, and anything else the hub adds is kept, so JSON
 * output stays exactly what the hub returned.
 */
import { z } from "zod";
import { SQL_TYPES } from "../chain/sql/types.ts";

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

const ZBlockRoots = z.object({ stateRoot: z.string(), txRoot: z.string(), receiptsRoot: z.string() });
/** verifyBlock: a block re-executed from its parent's state (chain/node/types.ts BlockVerificationJSON). */
export const ZBlockVerification = z.object({
  branch: z.string(),
  height: z.number(),
  hash: z.string(),
  txs: z.number(),
  status: z.enum(["verified", "mismatch", "genesis", "merge"]),
  header: ZBlockRoots,
  executed: ZBlockRoots.nullable(),
  reason: z.string().optional(),
});

// ---- contracts ---------------------------------------------------------------------------------

const ZEventJSON = z.looseObject({ index: z.number(), contract: z.string().nullable(), name: z.string(), args: z.record(z.string(), z.unknown()) });

/** A deploy's or call's receipt: the return value, events and (deploy) the new contract's address. */
export const ZContractReceiptJSON = ZReceiptJSON.extend({
  returnValue: z.unknown(),
  events: z.array(ZEventJSON),
  contractAddress: z.string().nullable(),
});
export type ContractReceiptOut = z.infer<typeof ZContractReceiptJSON>;

const ZParamAbi = z.looseObject({ name: z.string(), type: z.enum(SQL_TYPES) });
const ZRoutineAbi = z.looseObject({ name: z.string(), params: z.array(ZParamAbi), returns: z.string().nullable(), readonly: z.boolean(), resolver: z.boolean().optional() });

/** A compiled contract's interface (chain/sql/types.ts ContractAbi): what a call is checked against. */
const ZContractAbiJSON = z.looseObject({ name: z.string(), procedures: z.array(ZRoutineAbi), views: z.array(ZRoutineAbi), events: z.array(z.looseObject({ name: z.string(), params: z.array(ZParamAbi) })) });
export type ContractAbiOut = z.infer<typeof ZContractAbiJSON>;

/** `GET /v1/getContract`: name, ABI (the routines the CLI checks a call against) and source. */
export const ZContractInfoJSON = z.looseObject({
  address: z.string(),
  name: z.string(),
  abi: ZContractAbiJSON,
  source: z.string(),
});

/** `POST /v1/queryContract`: a scalar, a row object or a result set { columns, rows }. */
export const ZQueryResultJSON = z.looseObject({ result: z.unknown(), gasUsed: z.number(), height: z.number().nullable() });

/**
 * `GET /v1/getContractTable`: one page of a table's rows (height null: the latest state), at most
 * 4 MiB (`truncated`: the budget ended it early; `nextOffset` goes on), cells over 4 KiB as
 * `{ truncated: true, kind, preview, bytes }`.
 */
export const ZContractTableJSON = z.looseObject({
  columns: z.array(z.string()),
  primaryKey: z.array(z.string()).default([]),
  rows: z.array(z.array(z.unknown())),
  total: z.number(),
  height: z.number().nullable(),
  nextOffset: z.number().nullable().default(null),
  truncated: z.boolean().default(false),
});

/** `GET /v1/getContractCell`: one whole cell of the row named by its primary key. */
export const ZContractCellJSON = z.looseObject({ column: z.string(), value: z.unknown(), bytes: z.number() });

/** `GET /v1/getRowHistory`: a row's versions newest first, the last writer of each cell, where the walk stopped. */
export const ZRowHistoryJSON = z.looseObject({
  table: z.string(),
  branch: z.string(),
  columns: z.array(z.string()),
  key: z.array(z.unknown()),
  versions: z.array(
    z.looseObject({
      height: z.number(),
      txHash: z.string().nullable(),
      kind: z.enum(["created", "updated", "deleted"]),
      values: z.record(z.string(), z.unknown()).nullable(),
      changed: z.array(z.string()),
    }),
  ),
  cells: z.record(z.string(), z.looseObject({ height: z.number(), txHash: z.string().nullable() }).nullable()),
  scan: z.looseObject({ toHeight: z.number(), complete: z.boolean() }),
  nextBefore: z.number().nullable(),
});

/** `GET /v1/getEvents`: a contract's indexed events, oldest first. */
export const ZContractEventsJSON = z.array(
  z.looseObject({ txHash: z.string(), index: z.number(), blockHeight: z.number(), contract: z.string(), name: z.string(), args: z.record(z.string(), z.unknown()) }),
);

// ---- people, sessions, repositories ------------------------------------------------------------

/** `POST /v1/auth/challenge`: the text to sign (domain "sign-in") and when it expires. */
export const ZChallengeJSON = z.object({ id: z.string().min(1), text: z.string().min(1), expiresAt: z.string() });

/** `POST /v1/auth/key`: the session. The token is kept in session.json and never printed. */
export const ZKeySignInJSON = z.object({ token: z.string().min(1), username: z.string(), address: z.string(), expiresAt: z.iso.datetime({ offset: true }) });

/** `people.me` (null when the token is not, or no longer, a session) and `people.lookup`. */
export const ZPersonJSON = z.object({ username: z.string(), address: z.string() });

const ZRole = z.enum(["reader", "writer", "admin", "owner"]);

/** `repos.explore`, `repos.mine`, `repos.create`: one repository as the viewer sees it. */
export const ZRepoSummaryJSON = z.looseObject({
  fullName: z.string(),
  owner: z.string(),
  name: z.string(),
  visibility: z.enum(["public", "private"]),
  description: z.string(),
  isRoot: z.boolean(),
  createdAt: z.number(),
  memberCount: z.number(),
  height: z.number(),
  consensus: z.string(),
  access: z.looseObject({ role: ZRole.nullable(), read: z.boolean(), write: z.boolean(), admin: z.boolean() }),
});
export type RepoSummaryOut = z.infer<typeof ZRepoSummaryJSON>;

export const ZMemberJSON = z.looseObject({ username: z.string(), address: z.string(), role: ZRole, addedBy: z.string(), addedAt: z.number() });
export type MemberOut = z.infer<typeof ZMemberJSON>;

/** A repository's directory state; `head.hash` is what the next signed entry names as `prev`. */
export const ZDirectoryJSON = z.looseObject({
  head: z.object({ height: z.number(), hash: z.string() }),
  visibility: z.enum(["public", "private"]),
  description: z.string(),
  members: z.array(ZMemberJSON),
  producers: z.array(z.string()),
  chainId: z.string(),
  createdBy: z.string(),
});

/** `repos.get`: the summary and the directory. */
export const ZRepoDetailJSON = ZRepoSummaryJSON.extend({ directory: ZDirectoryJSON });
export type RepoDetailOut = z.infer<typeof ZRepoDetailJSON>;

/** `repos.producerChoices`: the hub's node keys a private repository may choose as producers. */
export const ZProducerChoicesJSON = z.array(z.object({ address: z.string(), label: z.string() }));

/** getNameInfo: a registered name, or (owner and destination null) a free one. */
export const ZNameInfoJSON = z.looseObject({
  name: z.string(),
  owner: z.string().nullable(),
  destination: z.string().nullable(),
  registeredAt: z.number().nullable(),
  height: z.number(),
});
export type NameInfoOut = z.infer<typeof ZNameInfoJSON>;

export const ZNamePriceJSON = z.looseObject({ price: ZAmountJSON, nameAccount: z.string(), height: z.number() });

/** A chain-parameter proposal (ProposalJSON); getProposal, getProposals. */
export const ZProposalJSON = z.looseObject({
  id: z.string(),
  number: z.number(),
  proposer: z.string(),
  param: z.string(),
  value: z.string(),
  description: z.string(),
  createdAt: z.number(),
  endHeight: z.number(),
  yes: ZAmountJSON,
  no: ZAmountJSON,
  voters: z.number(),
  quorum: ZAmountJSON,
  status: z.enum(["open", "enacted", "rejected"]),
  reason: z.string().nullable(),
  closedAt: z.number().nullable(),
  height: z.number(),
});
export type ProposalOut = z.infer<typeof ZProposalJSON>;
export const ZProposalPageJSON = z.looseObject({ proposals: z.array(ZProposalJSON), total: z.number(), height: z.number() });

// ---- marketplace (docs/market.md) --------------------------------------------------------------

const ZAer = z.string().regex(/^\d+$/);

/** `GET /v1/getMarketListings`: one card per package (its newest version) with counts over all versions. */
export const ZMarketCardJSON = z.looseObject({
  package: z.string(),
  version: z.string(),
  publisher: z.string(),
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  license: z.string(),
  tags: z.array(z.string()),
  priceAer: ZAer,
  sourceRepo: z.string(),
  height: z.number(),
  unsafeReason: z.string().nullable(),
  sales: z.number(),
  installs: z.number(),
  rating: z.number().nullable(),
  reviews: z.number(),
});
export type MarketCardOut = z.infer<typeof ZMarketCardJSON>;
export const ZMarketListingsJSON = z.looseObject({ cards: z.array(ZMarketCardJSON), total: z.number() });

/** A version's record on the root chain (chain/market/marketView.ts ListingJSON). */
const ZMarketListingRecordJSON = z.looseObject({
  package: z.string(),
  version: z.string(),
  publisher: z.string(),
  kind: z.string(),
  title: z.string(),
  description: z.string(),
  readme: z.string(),
  license: z.string(),
  tags: z.array(z.string()),
  price: ZAmountJSON,
  repo: z.string(),
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  mainFile: z.string(),
  publishedAt: z.number(),
  unsafe: z.looseObject({ reason: z.string(), height: z.number() }).nullable(),
});

const ZMarketVersionJSON = z.looseObject({
  version: z.string(),
  priceAer: ZAer,
  height: z.number(),
  sourceHash: z.string(),
  unsafeReason: z.string().nullable(),
  sales: z.number(),
  installs: z.number(),
  rating: z.number().nullable(),
  reviews: z.number(),
});

/** `GET /v1/getMarketListing`: a version with its sources, the main file's ABI, every version and the hub fee. */
export const ZMarketListingDetailJSON = z.looseObject({
  listing: ZMarketListingRecordJSON,
  package: z.looseObject({ package: z.string(), publisher: z.string(), latest: z.string(), versions: z.number() }),
  files: z.array(z.looseObject({ path: z.string(), content: z.string() })),
  abi: ZContractAbiJSON.nullable(),
  versions: z.array(ZMarketVersionJSON),
  params: z.looseObject({ hubFeeBps: z.number().int().min(0), marketAccount: z.string(), treasury: z.string() }),
  height: z.number(),
});
export type MarketListingDetailOut = z.infer<typeof ZMarketListingDetailJSON>;

/** `GET /v1/getMarketPurchase`: a buyer's purchase of a version, or null. */
export const ZMarketPurchaseJSON = z
  .looseObject({ package: z.string(), version: z.string(), buyer: z.string(), price: ZAmountJSON, fee: ZAmountJSON, height: z.number(), txHash: z.string() })
  .nullable();

/** `GET /v1/getMarketReviews`: newest first. */
export const ZMarketReviewsJSON = z.array(z.looseObject({ package: z.string(), version: z.string(), buyer: z.string(), rating: z.number(), text: z.string(), height: z.number(), edited: z.boolean() }));

/** A market transaction's receipt: one event of the market account (Published, Purchased, Reviewed, MarkedUnsafe). */
export const ZMarketReceiptJSON = ZReceiptJSON.extend({ events: z.array(ZEventJSON) });
export type MarketReceiptOut = z.infer<typeof ZMarketReceiptJSON>;

/** `POST /v1/installMarketListing`: where the version's files went in the repository. */
export const ZMarketInstallJSON = z.looseObject({
  package: z.string(),
  version: z.string(),
  sourceHash: z.string(),
  repo: z.string(),
  branch: z.string(),
  folder: z.string(),
  files: z.array(z.string()),
  mainFile: z.string(),
  written: z.number(),
});
