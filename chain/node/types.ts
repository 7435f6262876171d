import type { BlockPage, BlockPageOptions } from "./blockPage.ts";
import type {
  AccountJSON,
  AccountProofJSON,
  BlockJSON,
  ChainInfoJSON,
  ReceiptJSON,
  TxJSON,
} from "../types.ts";
import type { ContractAbi } from "../sql/types.ts";
import type { ContractCellJSON, ContractTablePageJSON } from "./contractTablePage.ts";

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
export type SealedBlock = { readonly block: BlockJSON; readonly receipts: readonly ReceiptJSON[] };

export type TxLookup = {
  readonly tx: TxJSON;
  readonly receipt: ReceiptJSON;
  /** "pending": executed and answered, waiting for its block; "sealed"; "final": irreversible. */
  readonly state: "pending" | "sealed" | "final";
};

export type WaitFor = "receipt" | "block" | "final";

/**
 * The read and write surface of a running chain node. The server, the indexer and tests talk
 * to the engine only through this.
 */
export interface ChainNode {
  readonly chainId: string;
  readonly chainIdHash: string;
  info(): ChainInfoJSON;
  /** Pool-level serialization: executes at once, returns the receipt once the tx is durable. */
  submitTx(encoded: Uint8Array, opts?: { wait?: WaitFor }): Promise<ReceiptJSON>;
  getBlock(heightOrHash: number | string): SealedBlock | undefined;
  /** The header and one page of the block's txs and receipts, bounded by rows and bytes (what the API answers). */
  getBlockPage(heightOrHash: number | string, page?: BlockPageOptions): BlockPage | undefined;
  getTx(hash: string): TxLookup | undefined;
  getAccount(address: string, opts?: { height?: number }): AccountJSON;
  getAccountProof(address: string, opts?: { height?: number }): AccountProofJSON;
  /** A deployed contract: its name, ABI and source. @throws ChainError NOT_FOUND */
  getContract(address: string): ContractInfoJSON;
  /** Runs a view on the latest state, or as of block `height`. */
  queryContract(address: string, view: string, args: unknown, opts?: { height?: number }): { result: unknown; gasUsed: number; height: number | null };
  /**
   * One page of a contract table's rows, latest or as of block `height`: at most `limit` (1 to
   * 1,000) rows and 4 MiB, long cells cut to a preview (chain/readBounds.ts).
   * @throws ChainError BAD_REQUEST (limit or offset out of range), NOT_FOUND
   */
  contractTable(address: string, table: string, opts?: { height?: number; limit?: number; offset?: number }): ContractTablePageJSON;
  /** One whole cell of the row whose primary key is `key`. @throws ChainError NOT_FOUND, BAD_REQUEST */
  contractCell(address: string, table: string, column: string, key: readonly unknown[], opts?: { height?: number }): ContractCellJSON;
  /** A view's result as of a sealed block, with what a light client needs to check it. */
  queryContractProof(address: string, view: string, args: unknown, opts?: { height?: number }): ContractQueryProofJSON;
  /** A contract's source, database and balance as of a sealed block (the head by default). @throws ChainError NOT_FOUND */
  contractState(address: string, opts?: { height?: number }): ContractStateJSON;
  listContracts(): string[];
  /** Called for every sealed block, in height order; returns an unsubscribe function. */
  onBlock(listener: (sealed: SealedBlock) => void): () => void;
  /** Called when the last irreversible block moves. */
  onFinal(listener: (height: number) => void): () => void;
  close(): Promise<void>;
}
