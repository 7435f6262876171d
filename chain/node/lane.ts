/**
 * A lane: one branch at work in the node (its head, pending block, live contract databases and
 * what waits on it), and the reads of a branch's blocks, which follow its ref's lineage: its own
 * blocks above its base, its base's below (chain/node/refs.ts).
 */
import { blockToJSON, decodeBlock, receiptToJSON, type Block } from "../block/block.ts";
import type { BlockHeader } from "../block/header.ts";
import { bytesEqual, decodeHash } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { ContractRuntime } from "../exec/contracts.ts";
import type { Account } from "../state/account.ts";
import type { ChainStore, PoolJournal } from "../store/types.ts";
import type { PendingBlock } from "./pendingBlock.ts";
import { branchMetaKey, checkBranchName, MAIN_BRANCH, type RefBook, type Ref } from "./refs.ts";
import type { SealedBlock } from "./types.ts";
import { txToJSON } from "../tx/tx.ts";
import type { ReceiptJSON, TxJSON } from "../types.ts";
import { laterTurn } from "../laterTurn.ts";

// Decoded blocks are large (thousands of txs); the indexer and pages mostly want the newest few.
const RECENT_BLOCKS = 16;

/**
 * One branch at work: its head, its pending block (its own pool), its live contract databases
 * and what waits on it. Every branch is produced in the same slots by the same producers (the
 * repository's consensus); only main elects producers and seals a block every slot. Another
 * branch seals when it has transactions waiting, and then empty blocks until its last block
 * that changed its state is final (finality needs blocks of other producers after it).
 */
export type Lane = {
  readonly ref: Ref;
  head: BlockHeader;
  lib: number;
  /** The newest of the branch's own blocks that changed its state (0: none): the branch seals until it is final. */
  lastChangeHeight: number;
  pending: PendingBlock | null;
  /** The live contract databases at the head plus pending writes; a branch gets them at its first transaction. */
  runtime: ContractRuntime | null;
  readonly headAccounts: Map<string, Account>;
  readonly contractList: string[];
  readonly recentBlocks: Map<number, Block>;
  readonly recentProducers: Array<{ height: number; producer: string }>;
  readonly blockWaiters: Map<number, Array<() => void>>;
  readonly finalWaiters: Map<number, Array<() => void>>;
  readonly blockListeners: Set<(s: SealedBlock) => void>;
  readonly journal: PoolJournal;
};

/** The node's open lanes and the blocks they read, over one chain store. */
export function createLanes(store: ChainStore, refs: RefBook) {
  const lanes = new Map<string, Lane>();
  let main: Lane | null = null;

  /** The block hash at `height` in `ref`'s history: its own blocks above its base, its base's below. */
  function blockHashAt(ref: Ref, height: number): Uint8Array | undefined {
    let at = ref;
    while (at.base && height <= at.base.height) at = refs.get(at.base.id)!;
    return store.getBlockHash(at.id, height);
  }

  function remember(lane: Lane, block: Block) {
    lane.recentBlocks.set(block.header.height, block);
    if (lane.recentBlocks.size > RECENT_BLOCKS) lane.recentBlocks.delete(lane.recentBlocks.keys().next().value!);
  }

  function loadBlock(lane: Lane, height: number): Block | undefined {
    const cached = lane.recentBlocks.get(height);
    if (cached) return cached;
    const hash = blockHashAt(lane.ref, height);
    const bytes = hash && store.getBlockBytes(hash);
    if (!bytes) return undefined;
    const block = decodeBlock(bytes);
    remember(lane, block);
    return block;
  }

  /** A block by hash, from a recent-blocks cache when it is one of them (lookups cluster there). */
  function blockByHash(hash: Uint8Array): Block | undefined {
    for (const lane of lanes.values()) for (const b of lane.recentBlocks.values()) if (bytesEqual(b.header.hash, hash)) return b;
    const bytes = store.getBlockBytes(hash);
    return bytes ? decodeBlock(bytes) : undefined;
  }

  /** Opens the lane of a live ref from its stored head, finality and contract list. */
  function open(ref: Ref): Lane {
    const headHash = decodeHash(store.getMeta(branchMetaKey("head", ref.id))!);
    const lane: Lane = {
      ref,
      head: decodeBlock(store.getBlockBytes(headHash)!).header,
      lib: Number(store.getMeta(branchMetaKey("lib", ref.id)) ?? "0"),
      lastChangeHeight: 0,
      pending: null,
      runtime: null,
      headAccounts: new Map(),
      contractList: JSON.parse(store.getMeta(branchMetaKey("contracts", ref.id)) ?? "[]") as string[],
      recentBlocks: new Map(),
      recentProducers: [],
      blockWaiters: new Map(),
      finalWaiters: new Map(),
      blockListeners: new Set(),
      journal: store.journalFor(ref.id),
    };
    lanes.set(ref.name, lane);
    if (ref.name === MAIN_BRANCH) main = lane;
    return lane;
  }

  /** The branch a read or write names (default main). @throws ChainError NOT_FOUND, BAD_REQUEST */
  function laneOf(branch: string | undefined): Lane {
    if (branch === undefined || branch === MAIN_BRANCH) return main!;
    const lane = lanes.get(checkBranchName(branch));
    if (!lane) refs.require(branch);
    return lane!;
  }

  /** The header at `height` of the branch (its head when omitted). @throws ChainError NOT_FOUND past the head */
  function headerAt(lane: Lane, height: number | undefined): BlockHeader {
    if (height === undefined) return lane.head;
    if (!Number.isSafeInteger(height) || height < 0 || height > lane.head.height) {
      throw new ChainError(ErrorCode.NotFound, `There is no block at height ${height}${lane.ref.name === MAIN_BRANCH ? "" : ` on ${lane.ref.name}`}; the head is ${lane.head.height}.`, { height });
    }
    return loadBlock(lane, height)!.header;
  }

  /** A sealed block of the branch by height, or any block of this chain by hash. */
  function findBlock(lane: Lane, heightOrHash: number | string): Block | undefined {
    if (typeof heightOrHash === "number") {
      if (!Number.isSafeInteger(heightOrHash) || heightOrHash < 0 || heightOrHash > lane.head.height) return undefined;
      return loadBlock(lane, heightOrHash);
    }
    let hash: Uint8Array;
    try {
      hash = decodeHash(heightOrHash);
    } catch {
      return undefined;
    }
    return blockByHash(hash);
  }

  /** Where a transaction sits in a branch's history: its own blocks, then its bases' up to each base height. */
  function txLocation(lane: Lane, hash: Uint8Array): { block: Block; index: number } | undefined {
    for (const { id, upTo } of refs.lineage(lane.ref)) {
      const loc = store.getTxLocation(hash, id);
      if (!loc) continue;
      const block = blockByHash(loc.blockHash);
      if (block && block.header.height <= upTo) return { block, index: loc.index };
    }
    return undefined;
  }

  return {
    /** Open lanes by branch name. */
    all: () => lanes.values(),
    isOpen: (lane: Lane) => lanes.get(lane.ref.name) === lane,
    close: (name: string) => lanes.delete(name),
    open,
    laneOf,
    blockHashAt,
    remember,
    loadBlock,
    blockByHash,
    headerAt,
    findBlock,
    txLocation,
  };
}

export type Lanes = ReturnType<typeof createLanes>;

export function sealedBlockOf(block: Block, txs?: readonly TxJSON[], receipts?: readonly ReceiptJSON[]): SealedBlock {
  const ref = { height: block.header.height, hash: block.header.hashText };
  return { block: blockToJSON(block, txs), receipts: receipts ?? block.receipts.map((r, i) => receiptToJSON(r, i, ref)) };
}

/**
 * Transactions and receipts turned into JSON per slice by `prepare` before it yields the thread:
 * ~1 ms here, so requests waiting on the main thread are not held behind a whole block (~10 ms
 * of receipts alone per 1,000 in a profile of the sequential benchmark).
 */
const JSON_SLICE = 256;

/**
 * The JSON form costs as much as hashing the block: built on first use, once — all at once
 * when read, or in slices across turns through `prepare` (the indexer's way).
 */
export function lazySealedBlock(block: Block): SealedBlock {
  let built: SealedBlock | null = null;
  const ref = { height: block.header.height, hash: block.header.hashText };
  const txs: TxJSON[] = [];
  const receipts: ReceiptJSON[] = [];
  const count = block.txs.length;
  // Transactions first, then receipts, `n` conversions at most.
  const convert = (n: number) => {
    for (; n > 0 && txs.length < count; n--) txs.push(txToJSON(block.txs[txs.length]!));
    for (; n > 0 && receipts.length < count; n--) receipts.push(receiptToJSON(block.receipts[receipts.length]!, receipts.length, ref));
  };
  const get = () => {
    if (!built) {
      convert(2 * count);
      built = sealedBlockOf(block, txs, receipts);
    }
    return built;
  };
  return {
    get block() {
      return get().block;
    },
    get receipts() {
      return get().receipts;
    },
    async prepare() {
      // Never in the caller's turn: that is the seal's, which holds the requests already.
      while (!built && receipts.length < count) {
        await laterTurn();
        convert(JSON_SLICE);
      }
      get();
    },
  };
}
