import type { NodeStore } from "../state/nodeStore.ts";

/** The store id of the main branch: blocks, journal and tx locations of main use it (and the pre-branch layout). */
export const MAIN_BRANCH_ID = "main";

/** Everything one sealed block adds to the store, written atomically and durably. */
export type BlockRecord = {
  readonly hash: Uint8Array;
  readonly height: number;
  /** The store id of the branch that sealed it (chain/node/refs.ts), `main` for main. */
  readonly branch: string;
  readonly bytes: Uint8Array; // chain/block/block.ts encodeBlock
  readonly txHashes: readonly Uint8Array[];
  readonly meta: Readonly<Record<string, string>>;
};

/**
 * The pool journal: answered transactions not yet sealed, so a crash cannot lose a receipt.
 * One journal per pending block height: sealing a block simply discards its journal, and a
 * write still in flight for it can never mix with the next block's records.
 */
export interface PoolJournal {
  /** Appends a record to the journal of `height`; resolves once it is on disk (group commit). */
  append(height: number, record: Uint8Array): Promise<void>;
  /** Records of the journal of `height`, in order (a torn tail is dropped). */
  read(height: number): Uint8Array[];
  /** Drops the journals of every height up to and including `height`. */
  discardUpTo(height: number): void;
  /**
   * Drops the journals of every height above `height`: at a restart, records there were never
   * answered (a record is answered only once the block below its height has committed).
   */
  discardAbove(height: number): void;
  /** Resolves once every append so far is on disk. */
  drain(): Promise<void>;
}

/**
 * The engine's durable store. State nodes go through `nodes` (buffered in memory until the
 * next commitBlock, so a block's writes land together or not at all).
 */
export interface ChainStore {
  readonly nodes: NodeStore;
  /** The main branch's pool journal (the same as `journalFor(MAIN_BRANCH_ID)`). */
  readonly journal: PoolJournal;
  /** The pool journal of one branch (by its store id): each branch has a pending block of its own. */
  journalFor(branchId: string): PoolJournal;
  getBlockBytes(hash: Uint8Array): Uint8Array | undefined;
  /** The block a branch (store id) holds at `height`; a branch holds only the blocks it sealed itself. */
  getBlockHash(branchId: string, height: number): Uint8Array | undefined;
  /**
   * Where a transaction sits on one branch (store id, default main). A transaction may sit on
   * several branches (a merge replays it), so locations are kept per branch.
   */
  getTxLocation(txHash: Uint8Array, branchId?: string): { blockHash: Uint8Array; index: number } | undefined;
  getMeta(key: string): string | undefined;
  /**
   * Writes the block, its tx index, the buffered state nodes and meta in one atomic commit. The
   * store reads them back at once; the promise resolves once they are durable (undefined: they
   * already are). Until then the block's journal must stay, and a journal record of the next
   * height does not resolve (so it is not answered) before the block is durable.
   */
  commitBlock(record: BlockRecord): Promise<void> | undefined;
  /** Writes meta entries (refs, merges) with no block: readable at once, durable after the blocks committing before them. */
  commitMeta(meta: Readonly<Record<string, string>>): void;
  close(): Promise<void>;
}
