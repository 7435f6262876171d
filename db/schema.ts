/**
 * The index's tables: a derived, query-shaped copy of the chain (rebuildable from the chain
 * store at any time). Amounts are numeric(78,0) — enough for any uint256 — read as decimal
 * strings so no aer is ever rounded through a JS number; heights and timestamps are bigint
 * read as numbers (safe up to 2^53).
 *
 * The index holds many repositories, each its own chain, side by side: every row carries its
 * repository's full name (`repo`, e.g. "aergo/main"), every key that can repeat across chains
 * (heights, addresses, contract addresses: same deployer and nonce on two chains) includes it,
 * and every index a query walks leads with it, so a query for one repository (and access
 * control, which filters by repository) never reads another's rows.
 */
import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

const aer = (name: string) => numeric(name, { precision: 78, scale: 0, mode: "string" });
const height = (name: string) => bigint(name, { mode: "number" });
/** The repository's full name, OWNER/NAME (chain/repo/names.ts): the chain a row belongs to. */
const repo = () => text("repo").notNull();
/**
 * The branch a row belongs to, by its store id (`main`, `b<seq>-<name>`: chain/node/refs.ts),
 * never reused as names are. A branch owns the rows of the blocks it sealed after its base; a
 * read for it adds its ancestors' rows up to the base (db/lineage.ts).
 */
const branch = () => text("branch").notNull();

export const blocks = pgTable(
  "blocks",
  {
    repo: repo(),
    branch: branch(),
    height: height("height").notNull(),
    hash: text("hash").notNull(),
    chainIdHash: text("chain_id_hash").notNull(),
    prevHash: text("prev_hash").notNull(),
    timestamp: bigint("timestamp", { mode: "number" }).notNull(), // ms since epoch
    producer: text("producer").notNull(),
    txRoot: text("tx_root").notNull(),
    receiptsRoot: text("receipts_root").notNull(),
    stateRoot: text("state_root").notNull(),
    consensusKind: text("consensus_kind").notNull(),
    slot: height("slot").notNull(),
    epoch: height("epoch").notNull(),
    signature: text("signature").notNull(),
    txCount: integer("tx_count").notNull(),
    gasUsed: bigint("gas_used", { mode: "number" }).notNull(),
    feesAer: aer("fees_aer").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.branch, t.height] }),
    // Block hashes commit to the chain id, so a hash names one block of one chain; lookups still
    // say which repository (a viewer may only reach the ones they can read).
    index("blocks_hash_idx").on(t.hash),
    // listBlocks and throughputSeries read a branch's newest heights.
    index("blocks_repo_height_idx").on(t.repo, t.branch, t.height.desc()),
  ],
);

export const txs = pgTable(
  "txs",
  {
    // Tx hashes commit to the chain id (unique across repositories) but not to the branch: an
    // automated merge replays a source's txs on the target, and one signed tx can be sent on two
    // branches. So the key is the branch's and the hash.
    hash: text("hash").notNull(),
    repo: repo(),
    branch: branch(),
    blockHeight: height("block_height").notNull(),
    blockHash: text("block_hash").notNull(),
    txIndex: integer("tx_index").notNull(),
    type: text("type").notNull(),
    from: text("from").notNull(),
    to: text("to"),
    amountAer: aer("amount_aer").notNull(),
    gasLimit: bigint("gas_limit", { mode: "number" }).notNull(),
    gasPriceAer: aer("gas_price_aer").notNull(),
    nonce: bigint("nonce", { mode: "number" }).notNull(),
    // Kept so a tx page needs no chain read; payload is base64 exactly as in TxJSON.
    payload: text("payload").notNull(),
    payloadSize: integer("payload_size").notNull(),
    size: integer("size").notNull(),
    signature: text("signature").notNull(),
    status: text("status").notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    gasUsed: bigint("gas_used", { mode: "number" }).notNull(),
    feeAer: aer("fee_aer").notNull(),
    contractAddress: text("contract_address"),
    returnValue: jsonb("return_value"),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.branch, t.hash] }),
    // Search looks a hash up across a repository's branches.
    index("txs_hash_idx").on(t.hash),
    // tx_index in the address indexes makes (height, index) cursors index-only ordered.
    index("txs_from_idx").on(t.repo, t.branch, t.from, t.blockHeight.desc(), t.txIndex.desc()),
    index("txs_to_idx").on(t.repo, t.branch, t.to, t.blockHeight.desc(), t.txIndex.desc()),
    index("txs_block_idx").on(t.repo, t.branch, t.blockHeight, t.txIndex),
    index("txs_contract_idx").on(t.repo, t.branch, t.contractAddress, t.blockHeight.desc(), t.txIndex.desc()).where(sql`${t.contractAddress} is not null`),
  ],
);

export const events = pgTable(
  "events",
  {
    repo: repo(),
    branch: branch(),
    txHash: text("tx_hash").notNull(),
    idx: integer("idx").notNull(),
    blockHeight: height("block_height").notNull(),
    contract: text("contract"),
    name: text("name").notNull(),
    args: jsonb("args").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.branch, t.txHash, t.idx] }),
    index("events_contract_idx").on(t.repo, t.branch, t.contract, t.blockHeight.desc()),
  ],
);

export const accounts = pgTable(
  "accounts",
  {
    repo: repo(),
    // Accounts touched on the branch; an account page on a branch falls back to its lineage.
    branch: branch(),
    address: text("address").notNull(),
    balanceAer: aer("balance_aer").notNull(),
    nonce: bigint("nonce", { mode: "number" }).notNull(),
    stakedAer: aer("staked_aer").notNull(),
    votes: jsonb("votes").$type<string[]>().notNull(),
    // Transactions sent, received or deployed by this address (a self-transfer counts once).
    txCount: bigint("tx_count", { mode: "number" }).notNull(),
    firstSeenHeight: height("first_seen_height").notNull(),
    // balance, nonce, staked and votes are the state after this block.
    lastSeenHeight: height("last_seen_height").notNull(),
  },
  // The same key holds an account on every chain and branch it is used on: one row per each.
  (t) => [primaryKey({ columns: [t.repo, t.branch, t.address] })],
);

/** Deployed contracts with their ABI, so lists and search need no chain read. */
export const contracts = pgTable(
  "contracts",
  {
    repo: repo(),
    // The branch it was deployed on.
    branch: branch(),
    // A contract's address derives from its deployer and nonce, which repeat across chains.
    address: text("address").notNull(),
    name: text("name").notNull(),
    creator: text("creator").notNull(),
    deployTx: text("deploy_tx").notNull(),
    deployHeight: height("deploy_height").notNull(),
    abi: jsonb("abi").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.branch, t.address] }),
    index("contracts_name_idx").on(t.repo, t.name),
    index("contracts_height_idx").on(t.repo, t.branch, t.deployHeight.desc()),
  ],
);

/**
 * On-chain names (chain/names/names.ts) as last written on a branch: what the explorer shows next
 * to an address ("alice.shop"). The chain is the authority (names resolve there, with proofs);
 * these rows find the candidates for an address, and readers confirm them on the chain.
 */
export const names = pgTable(
  "names",
  {
    repo: repo(),
    branch: branch(),
    name: text("name").notNull(),
    owner: text("owner").notNull(),
    destination: text("destination").notNull(),
    // The block of the last register or update on this branch.
    height: height("height").notNull(),
    txHash: text("tx_hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repo, t.branch, t.name] }), index("names_destination_idx").on(t.repo, t.destination)],
);

/**
 * The marketplace (chain/market/) as its market-account events left it on a branch: one row per
 * listed version, purchase and review, for browsing, search, sorting and the publisher's
 * dashboard. The chain is the authority (purchases are checked there before an install); the
 * README and the sources are read from the chain, never copied here.
 */
export const marketListings = pgTable(
  "market_listings",
  {
    repo: repo(),
    branch: branch(),
    package: text("package").notNull(),
    version: text("version").notNull(),
    publisher: text("publisher").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    license: text("license").notNull(),
    tags: jsonb("tags").$type<string[]>().notNull(),
    priceAer: aer("price_aer").notNull(),
    sourceRepo: text("source_repo").notNull(),
    sourceHash: text("source_hash").notNull(),
    mainFile: text("main_file").notNull(),
    height: height("height").notNull(),
    txHash: text("tx_hash").notNull(),
    unsafeReason: text("unsafe_reason"),
    unsafeHeight: height("unsafe_height"),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.branch, t.package, t.version] }),
    index("market_listings_publisher_idx").on(t.repo, t.publisher),
    index("market_listings_height_idx").on(t.repo, t.branch, t.height.desc()),
  ],
);

export const marketPurchases = pgTable(
  "market_purchases",
  {
    repo: repo(),
    branch: branch(),
    package: text("package").notNull(),
    version: text("version").notNull(),
    buyer: text("buyer").notNull(),
    publisher: text("publisher").notNull(),
    priceAer: aer("price_aer").notNull(),
    feeAer: aer("fee_aer").notNull(),
    height: height("height").notNull(),
    timestamp: bigint("timestamp", { mode: "number" }).notNull(),
    txHash: text("tx_hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.repo, t.branch, t.package, t.version, t.buyer] }),
    index("market_purchases_publisher_idx").on(t.repo, t.publisher, t.height.desc()),
    index("market_purchases_buyer_idx").on(t.repo, t.buyer),
  ],
);

/** A buyer's review of a version: its latest edit (one review per purchase). */
export const marketReviews = pgTable(
  "market_reviews",
  {
    repo: repo(),
    branch: branch(),
    package: text("package").notNull(),
    version: text("version").notNull(),
    buyer: text("buyer").notNull(),
    rating: integer("rating").notNull(),
    text: text("text").notNull(),
    height: height("height").notNull(),
    edited: integer("edited").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repo, t.branch, t.package, t.version, t.buyer] })],
);

/**
 * Installs of bought versions into repositories: a hub record, not a chain one (a private
 * repository's name must not reach the public chain), so it is written by the hub when it copies
 * the sources and is never dropped by a reindex. Only counts leave the hub.
 */
export const marketInstalls = pgTable(
  "market_installs",
  {
    package: text("package").notNull(),
    version: text("version").notNull(),
    buyer: text("buyer").notNull(),
    targetRepo: text("target_repo").notNull(),
    targetBranch: text("target_branch").notNull(),
    folder: text("folder").notNull(),
    installedAt: bigint("installed_at", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.package, t.version, t.targetRepo, t.targetBranch] }), index("market_installs_package_idx").on(t.package)],
);

/** Each branch's own position and counters: its indexer resumes and reindexes alone. */
export const indexState = pgTable(
  "index_state",
  {
    repo: repo(),
    branch: branch(),
    key: text("key").notNull(),
    value: text("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repo, t.branch, t.key] })],
);

export type BlockRow = typeof blocks.$inferSelect;
export type TxRow = typeof txs.$inferSelect;
export type EventRow = typeof events.$inferSelect;
export type AccountRow = typeof accounts.$inferSelect;
export type ContractRow = typeof contracts.$inferSelect;
export type NameRow = typeof names.$inferSelect;
export type MarketListingRow = typeof marketListings.$inferSelect;
