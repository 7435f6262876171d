/**
 * One group of a block's transactions (chain/exec/dependencies.ts), run apart from the rest of
 * the block: from the parent's accounts and contract databases the group may touch, shipped in
 * the job, to its receipts, account writes, row changes and databases after the run. Runs on a
 * worker thread (blockGroupWorker.ts) from a job it was sent, or on the calling thread (one share
 * of the block runs there while the workers run the others).
 */
import { applyTx, type ExecContext } from "../exec/applyTx.ts";
import type { ContractCode } from "../exec/contractHistory.ts";
import { snapshotKey } from "../exec/contractHistory.ts";
import { createContractRuntime, type BlockChangeLog } from "../exec/contracts.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import { receiptMade, type ReceiptMade } from "./pendingBlock.ts";
import { isChainError } from "../errors.ts";
import { toHex } from "../crypto/hash.ts";
import { EMPTY_ACCOUNT, type Account } from "../state/account.ts";
import { createMemoryNodeStore } from "../state/nodeStore.ts";
import { PendingState } from "../state/worldState.ts";
import { SqlEngine } from "../sql/index.ts";
import { decodeTx, type SignedTx } from "../tx/tx.ts";

const LEAF_BYTES = 32;

/** Byte strings one after the other in one buffer, with where each ends: one object to clone instead of one per item. */
export function packBytes(parts: readonly Uint8Array[]): { bytes: Uint8Array; offsets: Uint32Array } {
  const offsets = new Uint32Array(parts.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  const bytes = new Uint8Array(offsets[parts.length]!);
  parts.forEach((p, i) => bytes.set(p, offsets[i]!));
  return { bytes, offsets };
}

/** Transaction `i`'s receipt, as `appendTx` takes it made elsewhere, from a result's packed buffers. */
export const receiptMadeAt = (r: Pick<Extract<BlockGroupResult, { outcome: "executed" }>, "stored" | "storedOffsets" | "receiptLeaves">, i: number): ReceiptMade => ({
  stored: r.stored.subarray(r.storedOffsets[i]!, r.storedOffsets[i + 1]!),
  leaf: r.receiptLeaves.subarray(i * LEAF_BYTES, (i + 1) * LEAF_BYTES),
});

/** The part of the execution context a group needs (what transfers and bounded calls read). */
export type GroupContext = Pick<ExecContext, "chainIdHash" | "minGasPrice" | "maxVotes" | "branch" | "height" | "timestamp">;

export type BlockGroupJob = {
  readonly context: GroupContext;
  /** Every account the group may read, as of the parent state. */
  readonly accounts: ReadonlyArray<readonly [string, Account]>;
  /** Every contract the group may call: its code and its database at the parent state. */
  readonly contracts: ReadonlyArray<{ readonly address: string; readonly code: ContractCode; readonly database: Uint8Array }>;
  /**
   * The group's transactions, in block order: their bytes one after the other (transaction i is
   * `txBytes[txOffsets[i], txOffsets[i + 1])`), their hashes 32 bytes each, their hash texts, and
   * their positions in the block. Packed: two buffers to clone instead of one per transaction.
   */
  readonly txBytes: Uint8Array;
  readonly txOffsets: Uint32Array;
  readonly txHashes: Uint8Array;
  readonly txHashTexts: readonly string[];
  readonly positions: readonly number[];
};

export type BlockGroupResult =
  | {
      readonly outcome: "executed";
      /** One per transaction of the job, in its order. */
      readonly receipts: readonly ExecReceipt[];
      /** Per transaction, its receipt's leaf (32 bytes each; hashed here, in parallel): one buffer to clone. */
      readonly receiptLeaves: Uint8Array;
      /** The receipts' stored texts as UTF-8 (`storedReceiptJSON`; made here, in parallel), one after the other: receipt i is `stored[storedOffsets[i], storedOffsets[i + 1])`. */
      readonly stored: Uint8Array;
      readonly storedOffsets: Uint32Array;
      /** Accounts written, in the order first written, each with the block position of the transaction that wrote it first. */
      readonly accounts: ReadonlyArray<readonly [string, Account, number]>;
      /** Row changes per contract (the runtime's log), each with the block position of its first change. */
      readonly changes: ReadonlyArray<{ readonly first: number; readonly log: BlockChangeLog[number] }>;
      /** The called contracts' databases after the run. */
      readonly databases: ReadonlyArray<readonly [string, Uint8Array]>;
    }
  /** The group cannot stand alone (a transaction is refused, or read what the job did not ship): the block runs sequentially. */
  | { readonly outcome: "sequential"; readonly reason: string };

/** A group's input on the thread that runs it: its transactions decoded, its accounts behind a reader (undefined: not in the group's set). */
export type BlockGroupInput = Pick<BlockGroupJob, "context" | "contracts" | "positions"> & {
  readonly readParent: (address: string) => Account | undefined;
  readonly txs: readonly SignedTx[];
};

/** Runs a job a worker was sent: decodes its transactions (their hashes are taken as given) and runs the group. */
export function runBlockGroup(job: BlockGroupJob, sqlite: SqlEngine["sqlite"]): BlockGroupResult {
  const shipped = new Map(job.accounts.map(([a, acct]) => [a, acct]));
  const txs = job.positions.map((_, i) => decodeTx(job.txBytes.subarray(job.txOffsets[i]!, job.txOffsets[i + 1]!), { hash: job.txHashes.subarray(i * 32, i * 32 + 32), hashText: job.txHashTexts[i]! }));
  return runGroup({ context: job.context, contracts: job.contracts, positions: job.positions, txs, readParent: (a) => shipped.get(a) }, sqlite);
}

/** Executes a group's transactions in order on a fresh engine over `sqlite`. */
export function runGroup(input: BlockGroupInput, sqlite: SqlEngine["sqlite"]): BlockGroupResult {
  let unshipped: string | null = null;
  // A read outside the group's set would see the parent where another group may have written:
  // it is noted and the block falls back to sequential (never a silent difference).
  const readParent = (address: string): Account => {
    const account = input.readParent(address);
    if (account) return account;
    unshipped ??= `account ${address}`;
    return EMPTY_ACCOUNT;
  };
  const store = createMemoryNodeStore();
  const codeByHash = new Map<string, ContractCode>();
  for (const c of input.contracts) {
    const account = readParent(c.address);
    if (!account.contract) return { outcome: "sequential", reason: `${c.address} is no contract at the parent state` };
    store.put(snapshotKey(c.address, account.contract.storageRoot), c.database);
    codeByHash.set(toHex(account.contract.codeHash), c.code);
  }
  const engine = new SqlEngine(sqlite);
  try {
    const runtime = createContractRuntime({ engine, store, codeOf: (hash) => codeByHash.get(toHex(hash)) ?? null });
    runtime.restore(input.contracts.map((c) => c.address), readParent);
    const state = new PendingState(readParent, (id) => {
      unshipped ??= `system entry ${id}`;
      return null;
    });
    const ctx: ExecContext = { ...input.context, contracts: runtime };
    const run = applyGroupTxs(input, state, ctx, runtime);
    if (run.refused) return { outcome: "sequential", reason: run.refused };
    if (unshipped) return { outcome: "sequential", reason: `the group read ${unshipped}, outside its analysed set` };
    const made = run.receipts.map(receiptMade);
    const stored = packBytes(made.map((m) => m.stored));
    return {
      outcome: "executed",
      receipts: run.receipts,
      receiptLeaves: packBytes(made.map((m) => m.leaf)).bytes,
      stored: stored.bytes,
      storedOffsets: stored.offsets,
      accounts: [...state.changes()].map(([address, account], i) => [address, account, run.accountFirst[i]!] as const),
      changes: runtime.blockChangeLog().map((log, i) => ({ first: run.contractFirst[i]!, log })),
      databases: input.contracts.map((c) => [c.address, engine.snapshot(c.address)] as const),
    };
  } finally {
    engine.close();
  }
}

/**
 * The group's transactions in order, and for each account and contract written the position of
 * the transaction that wrote it first. Its own function, apart from the set-up and the packing
 * around it: V8 optimizes this loop once and keeps it from block to block, where a deopt in the
 * code after a loop inside one big function threw the loop's optimized code away each block and
 * recompiled it (~50 ms of compiling per block on a helper thread that the other share needed).
 */
function applyGroupTxs(input: BlockGroupInput, state: PendingState, ctx: ExecContext, runtime: ReturnType<typeof createContractRuntime>) {
  const receipts: ExecReceipt[] = [];
  const accountFirst: number[] = [];
  const contractFirst: number[] = [];
  for (let i = 0; i < input.txs.length; i++) {
    const position = input.positions[i]!;
    try {
      receipts.push(applyTx(state, input.txs[i]!, ctx));
    } catch (e) {
      return { refused: `transaction ${position} is refused: ${isChainError(e) ? e.code : String(e)}`, receipts, accountFirst, contractFirst };
    }
    // New keys land at the end of a Map: the ones added by this transaction were first written by it.
    while (accountFirst.length < state.changes().size) accountFirst.push(position);
    while (contractFirst.length < runtime.changedContractCount()) contractFirst.push(position);
  }
  return { refused: null, receipts, accountFirst, contractFirst };
}

