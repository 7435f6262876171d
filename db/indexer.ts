/**
 * Follows a chain node into the index. Every write goes through one serial queue, so catch-up,
 * live blocks and reindex never interleave: heights are indexed in order, each exactly once.
 */
import type { ChainNode, SealedBlock } from "../chain/node/types.ts";
import { MAIN_BRANCH, ROOT_REPO, ZBranchName, ZRepoFullName } from "../chain/repo/names.ts";
import { MAIN_BRANCH_ID } from "../chain/store/types.ts";
import type { IndexDb } from "./client.ts";
import { readIndexPosition } from "./indexState.ts";
import { truncateIndex, writeBlocks } from "./writeBlocks.ts";
import { laterTurn } from "../chain/laterTurn.ts";

export type IndexerChain = Pick<ChainNode, "getBlock" | "onBlock" | "info" | "getAccount"> & Partial<Pick<ChainNode, "getContract" | "genesisContracts" | "branchLineage">>;

export type Indexer = {
  /** Resumes after the last indexed height, catches up to the chain head, then follows new blocks. Resolves once caught up. */
  start(): Promise<void>;
  /** Stops following; resolves after the batch in flight is committed. */
  stop(): Promise<void>;
  /** The last height whose rows are committed; -1 before anything is indexed. */
  indexedHeight(): number;
  /** The repository (OWNER/NAME) whose chain this indexer follows. */
  readonly repo: string;
  /** The branch it follows (its name) and the store id its rows are keyed by (db/lineage.ts). */
  readonly branch: string;
  readonly branchId: string;
  /** Empties this branch's rows and rebuilds them from the chain; resolves once caught up again. */
  reindex(): Promise<void>;
  /** Called with the last height of every committed batch; returns an unsubscribe function. */
  onIndexed(listener: (height: number) => void): () => void;
  /** Called when a write fails while following (it is retried with backoff). */
  onError(listener: (error: unknown) => void): () => void;
  /** Resolves once `height` is indexed (at once if it already is). */
  whenIndexed(height: number): Promise<void>;
};

export type IndexerOptions = {
  readonly index: IndexDb;
  readonly chain: IndexerChain;
  /**
   * The repository whose chain `chain` is (default the root, ROOT_REPO). Every row is written
   * as this repository's and the indexer keeps its own position, so indexers of different
   * repositories share one IndexDb, each reading and rebuilding only its own rows.
   */
  readonly repo?: string;
  /**
   * The branch to follow (default main). A branch's indexer writes only the blocks the branch
   * owns, the heights above its base, under the branch's store id; its base's rows are its
   * base's indexer's. Needs `chain.branchLineage` for any branch but main.
   */
  readonly branch?: string;
  /** Most blocks per transaction while catching up. */
  readonly maxBlocksPerBatch?: number;
  /** A batch closes early once it holds this many txs, bounding memory and transaction size. */
  readonly maxTxsPerBatch?: number;
};

const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;
// Live blocks further ahead than this are not kept in memory: getBlock fetches them in turn.
const MAX_BUFFERED_BLOCKS = 256;

/** Which rows a branch's indexer writes: its store id and its base (none for main). */
function branchOf(chain: IndexerChain, branch: string): { id: string; base: { height: number; hash: string } | null } {
  if (branch === MAIN_BRANCH) return { id: MAIN_BRANCH_ID, base: null };
  if (!chain.branchLineage) throw new Error(`This chain has no branches to index (${branch}).`);
  const [own, parent] = chain.branchLineage(branch);
  if (!own || !parent) throw new Error(`The branch ${branch} has no base.`);
  const baseBlock = chain.getBlock(parent.upTo, { branch });
  if (!baseBlock) throw new Error(`The chain does not serve block ${parent.upTo}, the base of ${branch}.`);
  return { id: own.id, base: { height: parent.upTo, hash: baseBlock.block.hash } };
}

/**
 * @throws ZodError when `repo` is not an OWNER/NAME full name or `branch` not a branch name;
 * ChainError NOT_FOUND when the chain has no such branch.
 */
export function createIndexer({ index, chain, repo: repoOption = ROOT_REPO, branch: branchOption = MAIN_BRANCH, maxBlocksPerBatch = 50, maxTxsPerBatch = 20_000 }: IndexerOptions): Indexer {
  const { db } = index;
  const repo = ZRepoFullName.parse(repoOption);
  const branch = ZBranchName.parse(branchOption);
  const { id: branchId, base } = branchOf(chain, branch);
  // Below its base a branch's history is its base's: nothing of it is this indexer's to write.
  const start0 = { height: base?.height ?? -1, hash: base?.hash ?? null };
  const at = { branch };
  // Contracts' names and ABIs come from the chain; a chain without contracts has none to give.
  const readContract = chain.getContract
    ? (address: string) => {
        try {
          const c = chain.getContract!(address, at);
          return { name: c.name, abi: c.abi };
        } catch {
          return null;
        }
      }
    : undefined;
  const indexedListeners = new Set<(height: number) => void>();
  const errorListeners = new Set<(error: unknown) => void>();
  const received = new Map<number, SealedBlock>(); // live blocks not yet indexed, by height
  let indexed = start0.height;
  let indexedHash: string | null = start0.hash;
  let target = start0.height; // the highest height known to exist on the chain
  let following = false;
  let halted = false; // set by stop(): the loops below end after the batch in flight
  let unsubscribe: (() => void) | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let drainQueued = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = RETRY_FIRST_MS;

  /** Runs `task` after every task queued before it: the one writer of the index. */
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  /** Indexes batches until the index reaches `target`. At most one drain waits in the queue. */
  function drain(): Promise<void> {
    drainQueued = true;
    return serial(async () => {
      drainQueued = false;
      while (indexed < target && !halted) {
        const batch = nextBatch();
        if (batch.length === 0) return; // the chain does not serve the next height (yet)
        const first = batch[0]!.block;
        if (indexedHash !== null && first.prevHash !== indexedHash) {
          // The engine seals on one serial lineage; a block that does not extend ours means the
          // chain was rewritten under the index, which only a rebuild can follow.
          throw new Error(`Block ${first.height} does not extend indexed block ${indexed} (${indexedHash}); reindex to follow the chain.`);
        }
        await writeBlocks(db, repo, branchId, batch, (address, height) => chain.getAccount(address, { height, branch }), readContract, chain.genesisContracts);
        index.statistics.written(batch.reduce((n, s) => n + 1 + s.block.txs.length, 0));
        const last = batch.at(-1)!.block;
        indexed = last.height;
        indexedHash = last.hash;
        for (const height of received.keys()) if (height <= indexed) received.delete(height);
        notify(indexedListeners, indexed);
      }
    });
  }

  function nextBatch(): SealedBlock[] {
    const batch: SealedBlock[] = [];
    let txCount = 0;
    for (let height = indexed + 1; height <= target && batch.length < maxBlocksPerBatch && txCount < maxTxsPerBatch; height++) {
      const sealed = received.get(height) ?? chain.getBlock(height, at);
      if (sealed === undefined || sealed.block.height !== height) break;
      batch.push(sealed);
      txCount += sealed.block.txs.length;
    }
    return batch;
  }

  function follow(): void {
    if (!following || drainQueued) return;
    drain().then(
      () => {
        retryDelay = RETRY_FIRST_MS;
      },
      (error: unknown) => {
        notify(errorListeners, error);
        if (errorListeners.size === 0) console.error("The indexer failed to write a block; it will retry.", error);
        if (!following) return;
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          follow();
        }, retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      },
    );
  }

  /**
   * A block arrives in the turn that sealed it. Its JSON form and its rows (~15 ms for 3,000
   * transfers) are built after it, in slices (`prepare` here, ROWS_PER_TURN in writeBlocks): in
   * one turn they would hold every request waiting on the main thread (issue 11, the
   * concurrent receipt p99).
   */
  function onChainBlock(sealed: SealedBlock): void {
    // In slices across turns when the block can (fresh from the seal), else a turn later.
    (sealed.prepare?.() ?? laterTurn())
      .then(() => {
        if (following) receive(sealed);
      })
      .catch((error: unknown) => {
        // The index catches up from the chain at its next block; say why this one was missed.
        notify(errorListeners, error);
        if (errorListeners.size === 0) console.error("The indexer could not take a sealed block.", error);
      });
  }

  function receive(sealed: SealedBlock): void {
    const { height } = sealed.block;
    if (height <= indexed) return; // already indexed (a repeat notification)
    if (height - indexed <= MAX_BUFFERED_BLOCKS) received.set(height, sealed);
    target = Math.max(target, height);
    follow();
  }

  /** Catches up to the head as the chain reports it now. */
  async function catchUp(): Promise<void> {
    target = Math.max(target, chain.info(at).height);
    const head = target;
    while (indexed < head && !halted) {
      const before = indexed;
      await drain();
      if (indexed === before && !halted) throw new Error(`The chain reports height ${head} but does not serve block ${indexed + 1}.`);
    }
  }

  async function start(): Promise<void> {
    if (following) return;
    following = true;
    halted = false;
    // Subscribe before reading the head, so no block falls between the two.
    unsubscribe = chain.onBlock(onChainBlock, at);
    try {
      await serial(async () => {
        const position = await readIndexPosition(db, repo, branchId);
        const onChain = position.height >= 0 ? chain.getBlock(position.height, at) : undefined;
        if (position.height < 0 || position.height < start0.height) {
          indexed = start0.height;
          indexedHash = start0.hash;
        } else if (onChain?.block.hash !== position.hash) {
          // The chain no longer holds what we indexed (a reset data folder, another chain): rebuild.
          await truncateIndex(db, repo, branchId);
          indexed = start0.height;
          indexedHash = start0.hash;
        } else {
          indexed = position.height;
          indexedHash = position.hash;
        }
      });
      await catchUp();
    } catch (error) {
      await stop();
      throw error;
    }
  }

  async function stop(): Promise<void> {
    following = false;
    halted = true;
    unsubscribe?.();
    unsubscribe = undefined;
    if (retryTimer !== undefined) clearTimeout(retryTimer);
    retryTimer = undefined;
    await queue;
  }

  async function reindex(): Promise<void> {
    halted = false;
    await serial(async () => {
      await truncateIndex(db, repo, branchId);
      indexed = start0.height;
      indexedHash = start0.hash;
    });
    await catchUp();
  }

  function onIndexed(listener: (height: number) => void): () => void {
    indexedListeners.add(listener);
    return () => indexedListeners.delete(listener);
  }

  function onError(listener: (error: unknown) => void): () => void {
    errorListeners.add(listener);
    return () => errorListeners.delete(listener);
  }

  function whenIndexed(height: number): Promise<void> {
    if (indexed >= height) return Promise.resolve();
    return new Promise((resolve) => {
      const off = onIndexed((h) => {
        if (h < height) return;
        off();
        resolve();
      });
    });
  }

  return { repo, branch, branchId, start, stop, indexedHeight: () => indexed, reindex, onIndexed, onError, whenIndexed };
}

/** A listener's own failure must not look like a failed write (the rows are committed). */
function notify<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
  for (const listener of listeners) {
    try {
      listener(value);
    } catch (error) {
      console.error("An index listener threw.", error);
    }
  }
}
