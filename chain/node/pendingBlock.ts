/**
 * A branch's pending block: the transactions its pool answered since its head, in arrival order,
 * with their receipts and the state they left. The pool, the journal's replay after a restart and
 * a merge's replay all execute into it the same way (`execute`), so a transaction gives the same
 * receipt on each of these paths.
 */
import type { BlockHeader } from "../block/header.ts";
import { createMerkleFrontier, merkleLeafHash, type MerkleFrontier } from "../block/merkle.ts";
import { createBlockBody, storedReceiptJSON, type BlockBody } from "../block/block.ts";
import type { ContractRuntime } from "../exec/contracts.ts";
import { receiptHashOfBytes } from "../exec/receipt.ts";
import { utf8Bytes } from "../crypto/hash.ts";
import { applyTx, type ExecContext } from "../exec/applyTx.ts";
import { closeDueProposals } from "../governance/closeProposals.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import type { Account } from "../state/account.ts";
import { createWorldState, PendingState } from "../state/worldState.ts";
import { createScratchLayer, type NodeStore } from "../state/nodeStore.ts";
import type { SignedTx } from "../tx/tx.ts";

export type PendingBlock = {
  readonly height: number;
  /** The block's time (ms), fixed when its first transaction is answered (journaled with it). */
  readonly timestamp: number;
  readonly prevHash: Uint8Array;
  readonly state: PendingState;
  readonly txs: SignedTx[];
  readonly receipts: ExecReceipt[];
  /** Position of each transaction by hash. */
  readonly index: Map<string, number>;
  /**
   * The tx and receipt Merkle trees, grown as each transaction is appended: the seal then
   * hashes only their left edges (log2 of the count), a shorter pause for requests waiting on it.
   */
  readonly txTree: MerkleFrontier;
  readonly receiptTree: MerkleFrontier;
  /** The stored block's transactions and receipts, encoded as they arrive: the seal adds the header. */
  readonly body: BlockBody;
  /** Rows and contracts a consistent merge wrote into the block: it is sealed even with no transactions. */
  rowsMerged: number;
};

/**
 * A new pending block on `head`; accounts are read from the head's state until written.
 * `txTree`: the tx Merkle tree already built from the block's transactions (a parallel run
 * builds it from their hashes while its workers finish): appending then adds no tx leaf.
 */
export function openPendingBlock(head: BlockHeader, readHead: (address: string) => Account, now: number, timestamp: number | undefined, readHeadEntry: (id: string) => Uint8Array | null, opts: { readonly txTree?: MerkleFrontier } = {}): PendingBlock {
  return {
    height: head.height + 1,
    timestamp: timestamp ?? Math.max(now, head.timestamp + 1),
    prevHash: head.hash,
    state: new PendingState(readHead, readHeadEntry),
    txs: [],
    receipts: [],
    index: new Map(),
    txTree: opts.txTree ?? createMerkleFrontier(),
    receiptTree: createMerkleFrontier(),
    body: createBlockBody(),
    rowsMerged: 0,
  };
}

/**
 * Appends a transaction and the receipt it got here. `made`: its receipt's stored text as UTF-8
 * and that text's Merkle leaf, when another thread already made them (a parallel run's shares),
 * else they are made here. The transaction's leaf is hashed here unless the block's tx tree
 * already holds it (built ahead from the block's hashes: `openPendingBlock`'s `txTree`).
 * @returns its position in the block.
 */
export function appendTx(p: PendingBlock, tx: SignedTx, receipt: ExecReceipt, made?: ReceiptMade): number {
  const position = p.txs.length;
  p.index.set(tx.hashText, position);
  p.txs.push(tx);
  p.receipts.push(receipt);
  // The receipt's canonical text, stringified and UTF-8 encoded once: stored with the block, and
  // its leaf hashes the bytes just stored.
  const storedBytes = p.body.append(tx.bytes, made?.stored ?? storedReceiptJSON(receipt));
  if (p.txTree.size === position) p.txTree.push(txLeaf(tx));
  p.receiptTree.push(made?.leaf ?? receiptLeaf(storedBytes));
  return position;
}

/** A receipt's stored text as UTF-8 (`storedReceiptJSON`) and its leaf in the block's receipt Merkle tree. */
export type ReceiptMade = { readonly stored: Uint8Array; readonly leaf: Uint8Array };

/** What `appendTx` makes of a receipt, for a thread that appends elsewhere (a parallel run's share). */
export function receiptMade(receipt: ExecReceipt): ReceiptMade {
  const stored = utf8Bytes(storedReceiptJSON(receipt));
  return { stored, leaf: receiptLeaf(stored) };
}

/** A transaction's leaf in the block's tx Merkle tree. */
export const txLeaf = (tx: Pick<SignedTx, "hash">) => merkleLeafHash(tx.hash);
/** From the receipt's stored text as UTF-8 bytes (`storedReceiptJSON`). */
const receiptLeaf = (storedReceipt: Uint8Array) => merkleLeafHash(receiptHashOfBytes(storedReceipt));

/**
 * Runs a transaction on the block's state and appends it with its receipt.
 * @throws ChainError when the transaction cannot be included (nonce, funds, payload, admission):
 * nothing is appended then.
 */
export function executeTx(p: PendingBlock, tx: SignedTx, ctx: ExecContext): { receipt: ExecReceipt; position: number } {
  const receipt = applyTx(p.state, tx, ctx);
  return { receipt, position: appendTx(p, tx, receipt) };
}

/** What a block's transactions did, ready to be sealed under a header. */
export type SettledBlock = {
  readonly stateRoot: Uint8Array;
  readonly txRoot: Uint8Array;
  readonly receiptsRoot: Uint8Array;
  /** Every account the block changed (fees to its producer included), as committed. */
  readonly accounts: ReadonlyMap<string, Account>;
  /** Contracts deployed (or taken whole by a merge) in this block. */
  readonly deployed: readonly string[];
  /** Which transaction last wrote each row (row history). */
  readonly writers: ReturnType<ContractRuntime["seal"]>["writers"];
};

/**
 * The block's state transition, once its transactions ran: the fees go to the producer, the
 * contracts' row changes are committed (storage roots, snapshots), then the accounts, on the
 * parent's state root. The same for every branch and every producer: sealing adds only the header.
 */
export type CommitState = (changed: ReadonlyMap<string, Account>, entries: ReadonlyMap<string, Uint8Array | null>) => Uint8Array;

export function settleBlock(p: PendingBlock, opts: { producer: string; runtime: ContractRuntime | null; commitAccounts: CommitState }): SettledBlock {
  // Proposals whose voting ends at this block are tallied (and enacted) after its transactions.
  closeDueProposals(p.state, p.height);
  let fees = 0n;
  for (const r of p.receipts) fees += r.fee;
  if (fees > 0n) {
    const acct = p.state.get(opts.producer);
    p.state.set(opts.producer, { ...acct, balance: acct.balance + fees });
  }
  const rows = opts.runtime ? opts.runtime.seal(p.state) : { deployed: [], writers: [] };
  const accounts = p.state.changes();
  return {
    stateRoot: opts.commitAccounts(accounts, p.state.entryChanges()),
    txRoot: p.txTree.root(),
    receiptsRoot: p.receiptTree.root(),
    accounts,
    deployed: rows.deployed,
    writers: rows.writers,
  };
}

/**
 * The state root the pending block's transactions (and rows) leave on `parentRoot`, before the
 * block's fees go to its producer (only the sealing producer is known at seal), computed into a
 * scratch layer over `nodes`: nothing is committed.
 */
export function pendingStateRoot(p: PendingBlock, runtime: ContractRuntime | null, parentRoot: Uint8Array, nodes: NodeStore): Uint8Array {
  const layer = createScratchLayer(nodes);
  const changes = new Map(p.state.changes());
  for (const [address, storageRoot] of runtime?.storageRootsAfter(p.state, layer) ?? []) {
    const account = changes.get(address) ?? p.state.get(address);
    changes.set(address, { ...account, contract: { ...account.contract!, storageRoot } });
  }
  return createWorldState(layer).commitAccounts(parentRoot, changes, p.state.entryChanges());
}

/** A block to execute from its parent's state: what a sealed block's header and body say. */
export type BlockToExecute = {
  readonly parent: BlockHeader;
  readonly timestamp: number;
  readonly producer: string;
  readonly txs: readonly SignedTx[];
};

/**
 * The block executor: the parent's state and a block's transactions in, receipts, roots and row
 * changes out. The same steps as the pool's (execute each transaction into a pending block,
 * then settle it), without the pool's time budget: what was admitted once stays admitted.
 * `runtime` holds the contracts' databases at the parent's state and is written by the run.
 * @throws ChainError when a transaction cannot be included (the block is not valid on this parent).
 */
export function executeBlock(
  block: BlockToExecute,
  env: {
    readonly readParent: (address: string) => Account;
    readonly readParentEntry: (id: string) => Uint8Array | null;
    readonly runtime: ContractRuntime;
    readonly context: Omit<ExecContext, "height" | "timestamp" | "contracts" | "timeBudgetMs">;
    readonly commitAccounts: CommitState;
  },
): { readonly pending: PendingBlock; readonly settled: SettledBlock } {
  const pending = openPendingBlock(block.parent, env.readParent, block.timestamp, block.timestamp, env.readParentEntry);
  const ctx: ExecContext = { ...env.context, height: pending.height, timestamp: pending.timestamp, contracts: env.runtime };
  for (const tx of block.txs) executeTx(pending, tx, ctx);
  const settled = settleBlock(pending, { producer: block.producer, runtime: env.runtime, commitAccounts: env.commitAccounts });
  return { pending, settled };
}
