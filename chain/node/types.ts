import type { BlockPage, BlockPageOptions } from "./blockPage.ts";
import type {
  AccountJSON,
  AccountProofJSON,
  BlockJSON,
  ChainInfoJSON,
  ReceiptJSON,
  TxJSON,
  NameJSON,
  NamePriceJSON,
  NameProofJSON,
  BallotJSON,
  GovernanceParamsJSON,
  ProducerChangeJSON,
  ProposalJSON,
  ProposalPageJSON,
  StakingJSON,
} from "../types.ts";
import type { ContractAbi } from "../sql/types.ts";
import type { ContractCellJSON, ContractTablePageJSON } from "./contractTablePage.ts";
import type { BranchView } from "./crossRepo.ts";
import type { DiffJSON, DiffOptions, DiffPoint } from "./diffReport.ts";
import type { RowHistoryJSON, RowHistoryOptions } from "./rowHistory.ts";
import type { MarketView } from "../market/marketView.ts";
import type { ExecutionPath, ParallelExecutor } from "./executeBlockParallel.ts";

export type { ContractCellJSON, ContractTablePageJSON };

export type ContractInfoJSON = { readonly address: string; readonly name: string; readonly abi: ContractAbi; readonly source: string };

/**
 * A view's answer with its evidence: the contract account proven against a signed header, the
 * source (its sha256 is the account's code hash) and the contract's database (its rows hash to
 * the account's storage root). The client re-runs the view itself and compares.
 */
export type ContractQueryProofJSON = {
  readonly result: unknown;
  readonly gasUsed: number;
  readonly height: number;
  readonly account: AccountProofJSON;
  readonly source: string;
  /** base64 of the SQLite database file as of `height`. */
  readonly snapshot: string;
};

/**
 * What a simulator needs to run a transaction on a contract as the chain would: its source, its
 * database and native balance as of a sealed block (chain/sql/simulate.ts, target "deployed").
 */
export type ContractStateJSON = {
  readonly address: string;
  readonly source: string;
  /** base64 of the SQLite database file as of `height`. */
  readonly snapshot: string;
  /** The contract account's balance in aer (decimal). */
  readonly balanceAer: string;
  readonly height: number;
  /** The block's timestamp (ms). */
  readonly timestamp: number;
};

/** A sealed block with its receipts: what the indexer and live streams consume. */
export type SealedBlock = {
  readonly block: BlockJSON;
  readonly receipts: readonly ReceiptJSON[];
  /**
   * Builds the JSON form in slices, yielding the thread between them (blocks fresh from the
   * seal have it; a reader with time to spare calls it before reading `block`).
   */
  readonly prepare?: () => Promise<void>;
};

export type TxLookup = {
  readonly tx: TxJSON;
  readonly receipt: ReceiptJSON;
  /** "pending": executed and answered, waiting for its block; "sealed"; "final": irreversible. */
  readonly state: "pending" | "sealed" | "final";
};

export type WaitFor = "receipt" | "block" | "final";

/** Where a read looks: a branch (default `main`) and a sealed block of it (default: its latest state). */
export type ReadAt = { readonly branch?: string; readonly height?: number };

/** One source transaction in a merge: applied (with its receipt's status on the target) or excluded with a reason code. */
export type MergeItemJSON = {
  readonly txHash: string;
  readonly from: string;
  readonly type: string;
  readonly sourceHeight: number;
  /** "state": a contract transaction of a consistent merge, not re-run (its rows merge three-way). */
  readonly status: "success" | "error" | "excluded" | "state";
  /** Excluded only: NONCE, FUNDS, CONTRACT_ERROR, ALREADY_APPLIED, CHAIN_ID (another repository's transfer), or the engine's code. */
  readonly reason: string | null;
  readonly message: string | null;
  readonly gasUsed?: number;
};

/** How a branch merges, chosen when it is created: replay its transactions, or merge its rows three-way. */
export type MergeMode = "automated" | "consistent";
export const MERGE_MODES: readonly MergeMode[] = ["automated", "consistent"];

/** A row as JSON by column (bigints as decimal text, blobs as 0x hex); null: no such row. */
export type RowValuesJSON = Readonly<Record<string, unknown>> | null;

/** How a consistent merge settled a row: taken from the source, or decided by a policy or a person. */
export type MergeHow = "theirs" | "additive" | "last-writer" | "first-writer" | "resolve" | "person";

/** A row of a consistent merge as a person reads it: where it is, and its three versions. */
type MergeRowSides = {
  readonly contract: string;
  readonly contractName: string | null;
  readonly table: string;
  readonly columns: readonly string[];
  readonly key: readonly unknown[];
  readonly base: RowValuesJSON;
  /** The target's row (ours: the branch merged into). */
  readonly ours: RowValuesJSON;
  /** The source's row (theirs: the branch being merged). */
  readonly theirs: RowValuesJSON;
};

/** A row a consistent merge writes on the target (`merged` null: the row is deleted). */
export type MergeRowJSON = MergeRowSides & {
  readonly merged: RowValuesJSON;
  readonly how: MergeHow;
  /** Cells both sides changed to different values (empty when only the source changed the row). */
  readonly cells: readonly string[];
};

/** A row both sides changed that no policy settles: the merge waits for a person's resolution. */
export type MergeConflictJSON = MergeRowSides & {
  /** The cells in conflict; every column when one side deleted the row or both added it differently. */
  readonly cells: readonly string[];
  readonly message: string;
};

/** Something that stops a consistent merge whatever is resolved (it says what to do instead). */
export type MergeBlockerJSON = {
  /** NATIVE_VALUE (a contract moved AERGO on the source), CODE_CONFLICT, CONSTRAINT, BAD_RESOLUTION */
  readonly code: string;
  readonly contract: string | null;
  readonly table: string | null;
  readonly key: readonly unknown[] | null;
  readonly message: string;
};

/** A person's decision for one conflicting row: a side, the base, or a row they wrote. */
export type MergeResolutionJSON = {
  readonly contract: string;
  readonly table: string;
  readonly key: readonly unknown[];
  readonly take: "ours" | "theirs" | "base" | "row";
  /** take "row": every column's value. */
  readonly row?: Readonly<Record<string, unknown>>;
};

/** Options of a merge and its preview. */
export type MergeOptions = {
  /** Default: the mode the source branch was created with. */
  readonly mode?: MergeMode;
  readonly resolutions?: readonly MergeResolutionJSON[];
};

/** What a merge does (or did): its base, both heads, and every source transaction's fate. */
export type MergePreviewJSON = {
  readonly mode: MergeMode;
  readonly source: string;
  /** The source's repository when it is another one (a fork or the origin); absent: this repository. */
  readonly sourceRepo?: string;
  readonly target: string;
  readonly base: { readonly height: number; readonly hash: string };
  readonly sourceHead: { readonly height: number; readonly hash: string };
  readonly targetHead: { readonly height: number; readonly hash: string };
  /** The target's answered transactions the merge goes after. */
  readonly targetPending: number;
  readonly applied: readonly MergeItemJSON[];
  readonly excluded: readonly MergeItemJSON[];
  /** Consistent: every row the merge writes on the target, and how it was settled (automated: empty). */
  readonly rows: readonly MergeRowJSON[];
  /** Consistent: rows waiting for a person (the merge is refused while any remain). */
  readonly conflicts: readonly MergeConflictJSON[];
  /** Consistent: what stops the merge whatever is resolved. */
  readonly blockers: readonly MergeBlockerJSON[];
  /** True when the merge can be signed as previewed (no conflicts, no blockers). */
  readonly mergeable: boolean;
  /**
   * The target's state root with the merge applied: its head, its answered transactions, then
   * what the merge adds, before the fees of the block that will seal it (its producer is known
   * only then). A transaction answered on the target between preview and merge changes it, so it
   * is shown, not signed: the digest binds what the merge does.
   */
  readonly stateRoot: string;
  /** sha256 of the base, source head and outcome (chain/node/merge.ts): a merge given it refuses to do anything else. */
  readonly digest: string;
};

/** A merge computed and not yet done (ChainNode.prepareMerge). */
export type PreparedMerge = {
  readonly report: MergePreviewJSON;
  commit(by?: string): Promise<MergePreviewJSON>;
  discard(): void;
};

/** A branch as the node answers it. */
export type BranchJSON = {
  readonly name: string;
  readonly head: { readonly height: number; readonly hash: string; readonly timestamp: number };
  /** Where it starts: a block of another branch; null for main. */
  readonly base: { readonly branch: string; readonly height: number; readonly hash: string } | null;
  readonly lastIrreversible: number;
  readonly pendingTxs: number;
  readonly createdAt: number;
  readonly createdBy: string | null;
  /** How it merges into another branch (chosen at creation; main: automated). */
  readonly mergeMode: MergeMode;
};

/** See ChainNode.branchLineage. */
export type BranchLineageJSON = ReadonlyArray<{ readonly id: string; readonly name: string; readonly upTo: number }>;

type BlockRoots = { readonly stateRoot: string; readonly txRoot: string; readonly receiptsRoot: string };

/**
 * A block re-executed from its parent's state. "verified": its transactions give its roots;
 * "mismatch": they do not (or one cannot be included); "genesis" and "merge" (a consistent merge's
 * rows, signed in the directory chain) are not re-executable from transactions.
 */
export type BlockVerificationJSON = {
  readonly branch: string;
  readonly height: number;
  readonly hash: string;
  readonly txs: number;
  readonly status: "verified" | "mismatch" | "genesis" | "merge";
  readonly header: BlockRoots;
  readonly executed: BlockRoots | null;
  readonly reason?: string;
};

/** A merge as the target chain records it (the graph draws it; the directory holds the signed entry). */
export type MergeRecordJSON = {
  readonly source: string;
  /** A merge from another repository (a fork or the origin): its name and chain id; absent: this chain's branch. */
  readonly sourceRepo?: string;
  readonly sourceChainId?: string;
  readonly target: string;
  /** Store ids of the two branches then (a name can be deleted and made again for another line of blocks). */
  readonly sourceId: string;
  readonly targetId: string;
  readonly mode: MergeMode;
  readonly base: { readonly height: number; readonly hash: string };
  readonly sourceHead: { readonly height: number; readonly hash: string };
  /** The target block that holds the merge (sealed at or after this height). */
  readonly targetHeight: number;
  readonly digest: string;
  readonly applied: number;
  readonly rows: number;
  readonly at: number;
  readonly by: string | null;
};

/**
 * The read and write surface of a running chain node. The server, the indexer and tests talk
 * to the engine only through this. Every read and write names a branch (default `main`).
 */
export interface ChainNode {
  readonly chainId: string;
  readonly chainIdHash: string;
  info(opts?: { branch?: string }): ChainInfoJSON;
  /** Pool-level serialization: executes at once, returns the receipt once the tx is durable. */
  submitTx(encoded: Uint8Array, opts?: { wait?: WaitFor; branch?: string }): Promise<ReceiptJSON>;
  /** A block by height on a branch, or by hash (any branch: blocks are content-addressed). */
  getBlock(heightOrHash: number | string, opts?: { branch?: string }): SealedBlock | undefined;
  /** The header and one page of the block's txs and receipts, bounded by rows and bytes (what the API answers). */
  getBlockPage(heightOrHash: number | string, page?: BlockPageOptions & { branch?: string }): BlockPage | undefined;
  /**
   * Re-executes the sealed block at `height` of the branch from its parent's state and compares
   * the receipts and roots it gives with the block's header (chain/node/verifyBlock.ts).
   * @throws ChainError NOT_FOUND past the head, UNKNOWN_BRANCH
   */
  verifyBlock(height: number, opts?: { branch?: string }): BlockVerificationJSON;
  /**
   * `verifyBlock` with the parallel block executor (chain/node/executeBlockParallel.ts): the
   * block's independent transactions run on the executor's workers. Also says how it ran.
   * @throws ChainError NOT_FOUND past the head, UNKNOWN_BRANCH
   */
  verifyBlockParallel(height: number, opts: { branch?: string; executor: ParallelExecutor }): Promise<BlockVerificationJSON & { readonly path: ExecutionPath | null }>;
  getTx(hash: string, opts?: { branch?: string }): TxLookup | undefined;
  getAccount(address: string, opts?: ReadAt): AccountJSON;
  getAccountProof(address: string, opts?: ReadAt): AccountProofJSON;
  /** A name's record, or null when it is not registered. @throws ChainError INVALID_NAME */
  getName(name: string, opts?: ReadAt): NameJSON | null;
  /** The address a name resolves to. @throws ChainError INVALID_NAME, NOT_FOUND */
  resolveName(name: string, opts?: ReadAt): string;
  /** What registering a name costs, and the account the price goes to. */
  getNamePrice(opts?: ReadAt): NamePriceJSON;
  /** A name (or its absence) with a Merkle proof against a sealed block's state root. @throws ChainError INVALID_NAME */
  getNameProof(name: string, opts?: ReadAt): NameProofJSON;
  /** The marketplace at a (branch, height) point: listings, purchases, reviews, the hub fee (chain/market/marketView.ts). */
  marketAt(opts?: ReadAt): MarketView;
  /** Chain-parameter proposals, newest first (chain/governance/proposals.ts). @throws ChainError BAD_REQUEST (offset, limit) */
  getProposals(opts?: ReadAt & { offset?: number; limit?: number }): ProposalPageJSON;
  /** One proposal with its tally, or null when there is none by that id. */
  getProposal(id: string, opts?: ReadAt): ProposalJSON | null;
  /** A voter's ballot on a proposal, or null. */
  getBallot(id: string, voter: string, opts?: ReadAt): BallotJSON | null;
  /** The governed parameters in force (name price, hub fee). */
  getGovernanceParams(opts?: ReadAt): GovernanceParamsJSON;
  /** An account's stake, producer votes and stake lock. */
  getStaking(address: string, opts?: ReadAt): StakingJSON;
  /** The producer set's changes over the last `epochs` epochs of main (default 5, at most 50), newest first. */
  producerChanges(opts?: { epochs?: number }): ProducerChangeJSON[];
  /** A deployed contract: its name, ABI and source. @throws ChainError NOT_FOUND */
  getContract(address: string, opts?: { branch?: string }): ContractInfoJSON;
  /** Runs a view on the latest state, or as of block `height`. */
  queryContract(address: string, view: string, args: unknown, opts?: ReadAt): { result: unknown; gasUsed: number; height: number | null };
  /**
   * Runs a view like queryContract; one that outlives its slice on this thread finishes on the
   * node's execution worker, so a runaway view does not hold up other requests (the API's reads).
   */
  runView(address: string, view: string, args: unknown, opts?: ReadAt): Promise<{ result: unknown; gasUsed: number; height: number | null }>;
  /**
   * One page of a contract table's rows, latest or as of block `height`: at most `limit` (1 to
   * 1,000) rows and 4 MiB, long cells cut to a preview (chain/readBounds.ts).
   * @throws ChainError BAD_REQUEST (limit or offset out of range), NOT_FOUND
   */
  contractTable(address: string, table: string, opts?: ReadAt & { limit?: number; offset?: number }): ContractTablePageJSON;
  /** One whole cell of the row whose primary key is `key`. @throws ChainError NOT_FOUND, BAD_REQUEST */
  contractCell(address: string, table: string, column: string, key: readonly unknown[], opts?: ReadAt): ContractCellJSON;
  /** A view's result as of a sealed block, with what a light client needs to check it. */
  queryContractProof(address: string, view: string, args: unknown, opts?: ReadAt): ContractQueryProofJSON;
  /** A contract's source, database and balance as of a sealed block (the head by default). @throws ChainError NOT_FOUND */
  contractState(address: string, opts?: ReadAt): ContractStateJSON;
  listContracts(opts?: { branch?: string }): string[];
  /** Contracts the chain holds from its first block (a fork's inheritance), with who deployed each; [] for a new chain. */
  genesisContracts(): Array<{ readonly address: string; readonly creator: string | null }>;
  /** The live branches, main first. */
  listBranches(): BranchJSON[];
  /** One branch. @throws ChainError NOT_FOUND (UNKNOWN_BRANCH) */
  getBranch(name: string): BranchJSON;
  /**
   * The lines of blocks that make up a live branch's history, its own first: each with its store
   * id (never reused, unlike a name), the name it had, and the highest height it contributes (the
   * branch's own: Number.MAX_SAFE_INTEGER; its base's: the base height; and so on). Deleted
   * ancestors are included: their blocks are still this branch's history.
   * @throws ChainError NOT_FOUND (UNKNOWN_BRANCH)
   */
  branchLineage(name: string): BranchLineageJSON;
  /**
   * Starts a branch at a sealed block of another (default: main's head). O(1): one ref record,
   * no state copied. @throws ChainError BAD_REQUEST (name, height), CONFLICT (exists), NOT_FOUND
   */
  createBranch(name: string, opts?: { from?: string; height?: number; by?: string; mergeMode?: MergeMode }): BranchJSON;
  /** Deletes a branch (not main; not while it has pending transactions). @throws ChainError */
  deleteBranch(name: string): void;
  /**
   * What merging `source` into `target` would do now (automated merge: the source's transactions
   * since the merge base re-run on the target, each applied or excluded with a reason). Changes nothing.
   * `source` may be a branch of a fork or of the origin (chain/node/crossRepo.ts): consistent only.
   * @throws ChainError BAD_REQUEST (SAME_BRANCH, UNRELATED_HISTORIES, CROSS_REPO_REPLAY), NOT_FOUND
   */
  previewMerge(source: string | BranchView, target: string, opts?: MergeOptions): MergePreviewJSON;
  /**
   * Merges: the applied transactions join the target's pending block (durable before the answer)
   * and are sealed in its next block. With `expectDigest` (a preview's digest), refuses with
   * CONFLICT STALE_PREVIEW unless the merge does exactly what that preview showed.
   */
  merge(source: string | BranchView, target: string, opts?: MergeOptions & { expectDigest?: string; by?: string }): Promise<MergePreviewJSON>;
  /**
   * A merge computed once, to be checked, then done: `report` is its preview; `commit` adopts the
   * computed state when the target has not moved since (else it merges again, refusing with
   * STALE_PREVIEW when the outcome changed); `discard` frees it. The hub checks a signed merge
   * entry against `report`, seals the entry, then commits, so a merge is replayed once, not twice.
   */
  prepareMerge(source: string | BranchView, target: string, opts?: MergeOptions): PreparedMerge;
  /** The merges recorded on this chain, oldest first (every target branch). */
  listMerges(): MergeRecordJSON[];
  /**
   * Row history ("blame"): the versions of one row on a branch, newest first, each with its block,
   * the transaction that wrote it and the cells it changed; at most `limit` (≤ 100) versions and
   * MAX_BLOCKS_SCANNED blocks per call, `nextBefore` pages on (chain/node/rowHistory.ts).
   * @throws ChainError BAD_REQUEST (key, options), NOT_FOUND (branch, contract, table)
   */
  rowHistory(contract: string, table: string, key: readonly unknown[], opts?: RowHistoryOptions): RowHistoryJSON;
  /**
   * Row-level diff between two chain points (sealed states): accounts and contract rows added,
   * removed or changed. Two-dot by default (`from` against `to`); `threeDot` diffs `to` against
   * its merge base with `from` (what `to` changed since they parted, as git's A...B).
   * @throws ChainError NOT_FOUND (branch, height), BAD_REQUEST (UNRELATED_HISTORIES, options)
   */
  diff(from: DiffPoint, to: DiffPoint, opts?: DiffOptions): DiffJSON;
  /** Called for every sealed block of `branch` (default main), in height order; returns an unsubscribe function. */
  onBlock(listener: (sealed: SealedBlock) => void, opts?: { branch?: string }): () => void;
  /** Called when the last irreversible block of main moves. */
  onFinal(listener: (height: number) => void): () => void;
  close(): Promise<void>;
}
