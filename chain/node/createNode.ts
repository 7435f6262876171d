import { blockPage } from "./blockPage.ts";
import { decodeAddress } from "../crypto/address.ts";
import { base64 } from "@scure/base";
import { bytesEqual, decodeHash, encodeHash, toHex } from "../crypto/hash.ts";
import { createNodeVerifier } from "../crypto/nodeVerifier.ts";
import type { KeyPair } from "../crypto/keys.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { toAmountJSON } from "../amount.ts";
import { blockToJSON, createBlock, decodeBlock, decodeBlockHeader, encodeBlock, receiptToJSON, type Block } from "../block/block.ts";
import { genesisHeader, headerToJSON, sealHeader, type BlockHeader } from "../block/header.ts";
import { merkleRoot } from "../block/merkle.ts";
import { ProducerSchedule } from "../consensus/schedule.ts";
import { createConsensus } from "../consensus/consensus.ts";
import { applyTx, CONTRACT_TX_TYPES, type ExecContext } from "../exec/applyTx.ts";
import { createContractRuntime, sqlValueToJSON, type ContractRuntime } from "../exec/contracts.ts";
import { createContractHistory } from "../exec/contractHistory.ts";
import { compileForChain } from "../exec/contractTx.ts";
import { createSqlEngine, SqlEngine } from "../sql/index.ts";
import type { ExecReceipt } from "../exec/receipt.ts";
import { decodeAccount, EMPTY_ACCOUNT, type Account } from "../state/account.ts";
import { EMPTY_ROOT, proofToJSON } from "../state/smt.ts";
import { createWorldState } from "../state/worldState.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import { MAIN_BRANCH_ID, type ChainStore, type PoolJournal } from "../store/types.ts";
import { decodeTx, txToJSON, type SignedTx } from "../tx/tx.ts";
import type { AccountJSON, AccountProofJSON, ChainInfoJSON, ReceiptJSON } from "../types.ts";
import { genesisChainIdHash, TOTAL_SUPPLY, ZGenesis, type Genesis } from "./genesis.ts";
import { decodeJournalRecord, encodeJournalRecord } from "./journalRecord.ts";
import { appendTx, executeTx, openPendingBlock, settleBlock, type PendingBlock } from "./pendingBlock.ts";
import { MERGE_MODES, type BranchJSON, type ChainNode, type SealedBlock, type TxLookup, type WaitFor } from "./types.ts";
import { describeDiff, ZDiffOptions, ZDiffPoint } from "./diffReport.ts";
import { createBranchMerges } from "./branchMerge.ts";
import type { BranchView } from "./crossRepo.ts";
import { unmergeable } from "./merge.ts";
import { branchMetaKey, checkBranchName, MAIN_BRANCH, RefBook, type Ref } from "./refs.ts";
import { cellLength, createTablePageCollector } from "./contractTablePage.ts";
import { putRowWriters, rowWriterIndex } from "./rowWriters.ts";
import { readRowHistory, ZRowHistoryOptions, ZRowKey } from "./rowHistory.ts";
import { checkRange, jsonBytes, READ_BOUNDS, ZTableLimit, ZTableOffset } from "../readBounds.ts";
import { ContractError } from "../sql/runtime/errors.ts";
import type { SqlValue } from "../sql/types.ts";

/**
 * A fork's starting point: the state of a block of another chain. The fork's store must read
 * through to that chain's nodes (chain/store/readThrough.ts): nothing is copied.
 */
export type ForkPoint = { readonly stateRoot: Uint8Array; readonly contracts: readonly string[]; readonly origin: { readonly chainId: string; readonly branch: string; readonly height: number; readonly hash: string } };

export type NodeOptions = {
  readonly genesis: Genesis;
  /** Start from another chain's state instead of the genesis allocations (first start only). */
  readonly fork?: ForkPoint;
  /** Durable store; an in-memory one when omitted (tests). */
  readonly store?: ChainStore;
  /** Producer keys this process holds: it produces the slots of these producers. */
  readonly producerKeys?: readonly KeyPair[];
  /** Milliseconds since the epoch; tests pass a manual clock. */
  readonly clock?: () => number;
  /** Produce blocks on timers at slot boundaries (default true); tests call tick() instead. */
  readonly autoProduce?: boolean;
  readonly verify?: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean | Promise<boolean>;
  readonly log?: (line: string) => void;
  /** Largest number of transactions one block holds; the pool refuses more until it seals. */
  readonly maxBlockTxs?: number;
  /**
   * Pool admission policy (a repository's writers): throws a ChainError to refuse a transaction
   * before it runs. Only new submissions pass through it; sealed blocks and journal replay do not,
   * since what was admitted once stays admitted.
   */
  readonly admit?: (tx: SignedTx) => void;
  /**
   * PoA only: the authority set for the next epoch, read at each epoch's last block (a private
   * repository's producers, chosen by its admins). It is stored with that block, so a restart
   * replays the same schedule. Default: the set stays as it is.
   */
  readonly nextAuthorities?: () => readonly string[];
  /**
   * Wall-clock ms the producer gives one contract transaction at admission (default
   * ADMISSION_TIME_BUDGET_MS). Gas bounds work deterministically, but SQLite's work on long
   * values is not proportional to its VM steps; past this budget the transaction is refused, not
   * included, so time never decides a receipt. A sender refused this way waits
   * TIMEOUT_COOLDOWN_MS before its next contract transaction is run.
   */
  readonly admissionTimeBudgetMs?: number;
};

export const ADMISSION_TIME_BUDGET_MS = 1000;
const TIMEOUT_COOLDOWN_MS = 60_000;

/** Senders whose contract transaction ran out of admission time wait TIMEOUT_COOLDOWN_MS (wall clock, pool only). */
function createTimeoutCooldown() {
  const until = new Map<string, number>();
  return {
    /** @throws RATE_LIMITED while `from` cools down. */
    check(from: string): void {
      const end = until.get(from);
      if (end === undefined) return;
      const now = performance.now();
      if (end <= now) {
        until.delete(from);
        return;
      }
      const seconds = Math.ceil((end - now) / 1000);
      throw new ChainError(ErrorCode.RateLimited, `Your last contract transaction ran past the producer's time budget; contract transactions from this account are refused for ${seconds} more second${seconds === 1 ? "" : "s"}.`, { retryAfterSeconds: seconds });
    },
    start(from: string): void {
      const now = performance.now();
      // Bounded memory: past 10,000 senders, the ones whose wait is over are forgotten.
      if (until.size >= 10_000) for (const [k, t] of until) if (t <= now) until.delete(k);
      until.set(from, now + TIMEOUT_COOLDOWN_MS);
    },
  };
}

/** Controls beyond the ChainNode surface: for the hub's dev network and for tests. */
export type LocalNode = ChainNode & {
  readonly genesis: Genesis;
  /** Produces the current slot's block if it is due and ours; returns it. */
  tick(now?: number): SealedBlock | undefined;
  /** Takes a local producer offline or back (a stopped producer misses its slots). */
  setProducerOnline(address: string, online: boolean): void;
  headHeight(branch?: string): number;
  /** Where a fork of this chain at (branch, height) starts: that block's state root and contracts. */
  forkPoint(branch: string, height: number): ForkPoint;
  /** A branch as a fork's or origin's diff and merge read it (chain/node/crossRepo.ts). */
  branchView(branch?: string): BranchView;
  /** This chain's state nodes (read-only use: a fork reads through to them). */
  readonly nodes: NodeStore;
  lastIrreversible(branch?: string): number;
  stateRoot(height?: number, branch?: string): string;
};

// Decoded blocks are large (thousands of txs); the indexer and pages mostly want the newest few.
const RECENT_BLOCKS = 16;

type Pending = PendingBlock;

/**
 * One branch at work: its head, its pending block (its own pool), its live contract databases
 * and what waits on it. Every branch is produced in the same slots by the same producers (the
 * repository's consensus); only main elects producers and seals empty blocks.
 */
type Lane = {
  readonly ref: Ref;
  head: BlockHeader;
  lib: number;
  pending: Pending | null;
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

/**
 * Creates (or reopens from its store) a chain node: genesis, pool-level serialization,
 * block production by the producer schedule, finality, branches, reads at any (branch, height).
 * @throws ChainError STORE_CORRUPT when the store holds another chain.
 * @example const node = await createNode({ genesis: createDevNetwork().genesis });
 */
export async function createNode(opts: NodeOptions): Promise<LocalNode> {
  const genesis = ZGenesis.parse(opts.genesis);
  const store = opts.store ?? createMemoryStore();
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? (() => {});
  const verify = opts.verify ?? createNodeVerifier().verify;
  const maxBlockTxs = opts.maxBlockTxs ?? 50_000;
  const admissionTimeBudgetMs = opts.admissionTimeBudgetMs ?? ADMISSION_TIME_BUDGET_MS;
  const cooldown = createTimeoutCooldown();
  const world = createWorldState(store.nodes);
  const chainIdHashBytes = genesisChainIdHash(genesis);
  const chainIdHash = encodeHash(chainIdHashBytes);
  const c = genesis.consensus;
  const genesisRanking = c.producers.map((p) => p.address);
  const consensus = createConsensus(c.kind, genesisRanking, opts.nextAuthorities);
  const labels = new Map<string, string>([...c.producers.map((p) => [p.address, p.label] as const), ...genesis.allocations.map((a) => [a.address, a.label] as const)]);
  const keys = new Map((opts.producerKeys ?? []).map((k) => [k.address, k]));
  const offline = new Set<string>();
  const finalListeners = new Set<(h: number) => void>();
  const voters = new Set<string>();
  // AergoSQL: each branch's live engine holds its contracts' latest databases (main's from the
  // start, a branch's from its first transaction); one history engine reads any state root.
  const mainEngine = await createSqlEngine();
  const history = createContractHistory({
    engine: new SqlEngine(mainEngine.sqlite),
    store: store.nodes,
    readAccountAt: (root, address) => world.readAccount(root, address),
    compile: (source) => compileForChain(mainEngine, source),
  });

  // ---- genesis or reopen -------------------------------------------------------------------
  const storedChain = store.getMeta("chainIdHash");
  if (storedChain && storedChain !== chainIdHash) {
    throw new ChainError(ErrorCode.StoreCorrupt, "The data folder holds another chain (its genesis differs); use another DATA_DIR.", { stored: storedChain, expected: chainIdHash });
  }
  if (!storedChain) {
    const balances = new Map(genesis.allocations.map((a) => [a.address, { ...EMPTY_ACCOUNT, balance: a.balance }]));
    const stateRoot = opts.fork ? opts.fork.stateRoot : world.commitAccounts(EMPTY_ROOT, balances);
    const header = genesisHeader({
      chainIdHash: chainIdHashBytes,
      branch: MAIN_BRANCH,
      height: 0,
      prevHash: new Uint8Array(32),
      timestamp: genesis.timestamp,
      producer: genesisRanking[0]!,
      txRoot: merkleRoot([]),
      receiptsRoot: merkleRoot([]),
      stateRoot,
      consensus: { kind: c.kind, slot: 0, epoch: 0 },
      txCount: 0,
    });
    const block = createBlock(header, [], []);
    store.commitBlock({
      hash: header.hash,
      height: 0,
      branch: MAIN_BRANCH_ID,
      bytes: encodeBlock(block),
      txHashes: [],
      meta: {
        chainIdHash,
        head: header.hashText,
        lib: "0",
        "ranking:0": JSON.stringify(genesisRanking),
        ...(opts.fork ? { contracts: JSON.stringify(opts.fork.contracts), forkContracts: JSON.stringify(opts.fork.contracts), forkOf: JSON.stringify(opts.fork.origin) } : {}),
      },
    });
  }

  const refs = new RefBook(store.getMeta("refs"), store.getMeta("refSeq"));
  const lanes = new Map<string, Lane>();

  /** The block hash at `height` in `ref`'s history: its own blocks above its base, its base's below. */
  function blockHashAt(ref: Ref, height: number): Uint8Array | undefined {
    let at = ref;
    while (at.base && height <= at.base.height) at = refs.get(at.base.id)!;
    return store.getBlockHash(at.id, height);
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
  function remember(lane: Lane, block: Block) {
    lane.recentBlocks.set(block.header.height, block);
    if (lane.recentBlocks.size > RECENT_BLOCKS) lane.recentBlocks.delete(lane.recentBlocks.keys().next().value!);
  }

  function openLane(ref: Ref): Lane {
    const headHash = decodeHash(store.getMeta(branchMetaKey("head", ref.id))!);
    const lane: Lane = {
      ref,
      head: decodeBlock(store.getBlockBytes(headHash)!).header,
      lib: Number(store.getMeta(branchMetaKey("lib", ref.id)) ?? "0"),
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
    return lane;
  }

  const main = openLane(refs.require(MAIN_BRANCH));
  const epochNow = Math.floor((main.head.height + 1) / c.epochLength);
  const schedule = new ProducerSchedule(
    { kind: c.kind, producerCount: c.producerCount, blockIntervalMs: c.blockIntervalMs, epochLength: c.epochLength, maxMissedSlots: c.maxMissedSlots },
    JSON.parse(store.getMeta(`ranking:${epochNow}`) ?? JSON.stringify(genesisRanking)) as string[],
  );
  schedule.epoch = epochNow;
  // Rebuild main's score sheet and every branch's finality window from the headers themselves.
  function rebuildWindow(lane: Lane, scoreFrom: number | null) {
    const from = Math.max(1, lane.ref.base ? lane.ref.base.height + 1 : 1, Math.min(scoreFrom ?? Number.MAX_SAFE_INTEGER, lane.head.height - 200));
    let prevSlot: number | null = null;
    for (let h = from; h <= lane.head.height; h++) {
      const b = loadBlock(lane, h)!;
      if (scoreFrom !== null && h >= scoreFrom) schedule.recordBlock(prevSlot, b.header.consensus.slot, b.header.producer);
      prevSlot = b.header.consensus.slot;
      lane.recentProducers.push({ height: h, producer: b.header.producer });
    }
  }
  rebuildWindow(main, epochNow * c.epochLength);
  // Voters' addresses cannot be read back from hashed state keys, so the set is kept in meta.
  for (const v of JSON.parse(store.getMeta("voters") ?? "[]") as string[]) voters.add(v);

  let lastSlot = main.head.consensus.slot;
  let arrival: Promise<unknown> = Promise.resolve();

  function readHead(lane: Lane, address: string): Account {
    let a = lane.headAccounts.get(address);
    if (!a) {
      a = world.readAccount(lane.head.stateRoot, address);
      lane.headAccounts.set(address, a);
    }
    return a;
  }

  /** The branch's live contract databases, opened from the snapshots at its head on first use. */
  function runtimeOf(lane: Lane): ContractRuntime {
    if (lane.runtime) return lane.runtime;
    const runtime = createContractRuntime({ engine: lane === main ? mainEngine : new SqlEngine(mainEngine.sqlite), store: store.nodes, codeOf: history.codeOf });
    runtime.restore(lane.contractList, (a) => readHead(lane, a));
    lane.runtime = runtime;
    return runtime;
  }

  function execContext(lane: Lane, p: Pending, runtime: ContractRuntime = runtimeOf(lane)): ExecContext {
    return { chainIdHash: chainIdHashBytes, height: p.height, timestamp: p.timestamp, minGasPrice: genesis.minGasPrice, maxVotes: Math.max(c.producerCount, 13), contracts: runtime, branch: lane.ref.name };
  }

  /** A new pending block; its context is journaled when its first transaction is accepted. */
  function openPending(lane: Lane, now: number, context?: { timestamp: number }): Pending {
    return openPendingBlock(lane.head, (a) => readHead(lane, a), now, context?.timestamp);
  }

  // ---- merges (chain/node/branchMerge.ts) ------------------------------------------------
  const merging = createBranchMerges<Lane>({
    chainId: genesis.chainId,
    store,
    history,
    sqlite: mainEngine.sqlite,
    clock,
    laneOf,
    blockHashAt,
    loadBlock,
    readHead,
    openPending,
    execContext,
    txLocation,
    runtimeOf,
  });

  // ---- replay the journal: answered transactions of a block that was never sealed ---------
  function replayJournal(lane: Lane) {
    lane.journal.discardUpTo(lane.head.height);
    const records = lane.journal.read(lane.head.height + 1).map((r) => {
      try {
        return decodeJournalRecord(r);
      } catch {
        return null;
      }
    });
    const ctx = records[0];
    if (ctx && ctx.kind === "context" && ctx.height === lane.head.height + 1 && bytesEqual(ctx.prevHash, lane.head.hash)) {
      const pending = openPending(lane, clock(), { timestamp: ctx.timestamp });
      lane.pending = pending;
      let replayed = 0;
      for (const rec of records.slice(1)) {
        if (rec?.kind === "rows") {
          try {
            merging.replayMergeRecord(lane, pending, rec.merge);
            replayed++;
          } catch (e) {
            log(`journal: dropped a merge's rows that no longer apply (${e instanceof Error ? e.message : "error"})`);
          }
          continue;
        }
        if (!rec || rec.kind !== "tx") continue;
        try {
          const tx = decodeTx(rec.bytes);
          executeTx(pending, tx, execContext(lane, pending));
          replayed++;
        } catch (e) {
          log(`journal: dropped a transaction that no longer applies (${isChainError(e) ? e.code : "error"})`);
        }
      }
      if (replayed) log(`journal: restored ${replayed} answered transactions into block ${pending.height}${lane === main ? "" : ` of ${lane.ref.name}`}`);
    } else if (records.length) {
      lane.journal.discardUpTo(lane.head.height + 1);
    }
  }

  runtimeOf(main);
  replayJournal(main);
  for (const ref of refs.live()) {
    if (ref.id === MAIN_BRANCH_ID) continue;
    const lane = openLane(ref);
    rebuildWindow(lane, null);
    replayJournal(lane);
  }

  // ---- sealing ---------------------------------------------------------------------------
  function tallyVotes(read: (a: string) => Account): Map<string, bigint> {
    const tally = new Map<string, bigint>();
    for (const voter of [...voters].sort()) {
      const a = read(voter);
      for (const cand of a.votes) tally.set(cand, (tally.get(cand) ?? 0n) + a.staked);
    }
    return tally;
  }

  function seal(lane: Lane, slot: number, producer: KeyPair): SealedBlock {
    const isMain = lane === main;
    const p = lane.pending ?? openPending(lane, clock());
    lane.pending = null;
    const settled = settleBlock(p, { producer: producer.address, runtime: lane.runtime, commitAccounts: (changed) => world.commitAccounts(lane.head.stateRoot, changed) });
    const { deployed, accounts: changes } = settled;
    let votersChanged = false;
    // Only main elects producers: its voters are the ones tallied.
    if (isMain) {
      for (const [address, a] of changes) {
        const was = voters.has(address);
        if (a.votes.length) voters.add(address);
        else voters.delete(address);
        votersChanged ||= was !== voters.has(address);
      }
    }
    const epoch = isMain ? schedule.epochOfHeight(p.height) : schedule.epoch;
    const header = sealHeader(
      {
        chainIdHash: chainIdHashBytes,
        branch: lane.ref.name,
        height: p.height,
        prevHash: p.prevHash,
        timestamp: p.timestamp,
        producer: producer.address,
        txRoot: settled.txRoot,
        receiptsRoot: settled.receiptsRoot,
        stateRoot: settled.stateRoot,
        consensus: { kind: c.kind, slot, epoch },
        txCount: p.txs.length,
      },
      producer.privateKey,
    );
    const block = createBlock(header, p.txs, p.receipts);
    // Which transaction wrote each row (row history), committed with the block below.
    putRowWriters(store.nodes, header.hash, settled.writers, (txHash) => p.index.get(txHash));
    const meta: Record<string, string> = { [branchMetaKey("head", lane.ref.id)]: header.hashText };
    const epochEnds = isMain && (p.height + 1) % c.epochLength === 0;
    let nextRanking: string[] | null = null;
    if (epochEnds) {
      nextRanking = consensus.nextRanking(() => tallyVotes((a) => p.state.get(a)), schedule.rankingList());
      meta[`ranking:${epoch + 1}`] = JSON.stringify(nextRanking);
    }
    if (votersChanged) meta.voters = JSON.stringify([...voters].sort());
    if (deployed.length) {
      lane.contractList.push(...deployed);
      meta[branchMetaKey("contracts", lane.ref.id)] = JSON.stringify(lane.contractList);
    }
    if (isMain) schedule.recordBlock(lane.head.consensus.slot, slot, producer.address);
    lane.recentProducers.push({ height: p.height, producer: producer.address });
    if (lane.recentProducers.length > 512) lane.recentProducers.splice(0, lane.recentProducers.length - 512);
    const newLib = computeLib(lane);
    if (newLib > lane.lib) meta[branchMetaKey("lib", lane.ref.id)] = String(newLib);
    store.commitBlock({ hash: header.hash, height: p.height, branch: lane.ref.id, bytes: encodeBlock(block), txHashes: p.txs.map((t) => t.hash), meta });
    // The block now holds every answered transaction durably; its journal is no longer needed.
    lane.journal.discardUpTo(p.height);

    for (const [address, a] of changes) lane.headAccounts.set(address, a);
    lane.head = header;
    remember(lane, block);
    if (nextRanking) {
      schedule.startEpoch(epoch + 1, nextRanking);
      log(`epoch ${epoch + 1}: producers ${schedule.active().join(", ")}`);
    }
    // The JSON form costs as much as hashing the block: built on first use, once.
    const sealed = lazySealedBlock(block);
    for (const l of lane.blockListeners) safeCall(() => l(sealed));
    release(lane.blockWaiters, p.height);
    if (newLib > lane.lib) {
      lane.lib = newLib;
      if (isMain) for (const l of finalListeners) safeCall(() => l(newLib));
      release(lane.finalWaiters, newLib);
    }
    return sealed;
  }

  function computeLib(lane: Lane): number {
    const quorum = schedule.finalityQuorum();
    const seen = new Set<string>();
    for (let i = lane.recentProducers.length - 1; i >= 0; i--) {
      const rp = lane.recentProducers[i]!;
      seen.add(rp.producer);
      if (seen.size >= quorum) return Math.max(lane.lib, rp.height);
    }
    return lane.lib;
  }

  function release(waiters: Map<number, Array<() => void>>, upTo: number) {
    for (const [h, list] of waiters) {
      if (h <= upTo) {
        waiters.delete(h);
        for (const w of list) w();
      }
    }
  }

  function waitFor(waiters: Map<number, Array<() => void>>, height: number, reached: () => boolean): Promise<void> {
    if (reached()) return Promise.resolve();
    return new Promise((resolve) => {
      const list = waiters.get(height) ?? [];
      list.push(resolve);
      waiters.set(height, list);
    });
  }

  function safeCall(fn: () => void) {
    try {
      fn();
    } catch (e) {
      log(`listener failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  function lazySealedBlock(block: Block): SealedBlock {
    let built: SealedBlock | null = null;
    const get = () => (built ??= sealedBlockOf(block));
    return {
      get block() {
        return get().block;
      },
      get receipts() {
        return get().receipts;
      },
    };
  }

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

  function sealedBlockOf(block: Block): SealedBlock {
    const ref = { height: block.header.height, hash: block.header.hashText };
    return { block: blockToJSON(block), receipts: block.receipts.map((r, i) => receiptToJSON(r, i, ref)) };
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

  function tick(now = clock()): SealedBlock | undefined {
    const slot = schedule.slotOf(now);
    if (slot <= lastSlot) return undefined;
    lastSlot = slot;
    const producer = schedule.producerForSlot(slot);
    const key = keys.get(producer);
    if (!key || offline.has(producer)) return undefined;
    const sealed = seal(main, slot, key);
    // Other branches seal in the same slot when they have transactions waiting: an idle branch
    // adds no blocks.
    for (const lane of lanes.values()) if (lane !== main && lane.pending?.txs.length) seal(lane, slot, key);
    return sealed;
  }

  // ---- timers ----------------------------------------------------------------------------
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  function arm() {
    if (closed || opts.autoProduce === false) return;
    const now = clock();
    const next = (schedule.slotOf(now) + 1) * c.blockIntervalMs;
    timer = setTimeout(() => {
      try {
        tick();
      } catch (e) {
        log(`block production failed: ${e instanceof Error ? e.stack : String(e)}`);
      }
      arm();
    }, Math.max(1, next - now + 2));
    timer.unref?.();
  }
  arm();

  // ---- reads -----------------------------------------------------------------------------
  /** The branch a read or write names (default main). @throws ChainError NOT_FOUND, BAD_REQUEST */
  function laneOf(branch: string | undefined): Lane {
    if (branch === undefined || branch === MAIN_BRANCH) return main;
    const lane = lanes.get(checkBranchName(branch));
    if (!lane) refs.require(branch);
    return lane!;
  }

  function headerAt(lane: Lane, height: number | undefined): BlockHeader {
    if (height === undefined) return lane.head;
    if (!Number.isSafeInteger(height) || height < 0 || height > lane.head.height) {
      throw new ChainError(ErrorCode.NotFound, `There is no block at height ${height}${lane === main ? "" : ` on ${lane.ref.name}`}; the head is ${lane.head.height}.`, { height });
    }
    return loadBlock(lane, height)!.header;
  }

  /**
   * Where a contract read runs: the branch's live databases (latest state, pending writes
   * included), or the history reader at a sealed block's state root.
   */
  function contractReadAt(lane: Lane, height: number | undefined): { live: ContractRuntime } | { stateRoot: Uint8Array; height: number } {
    if (height === undefined && lane.runtime) return { live: lane.runtime };
    const header = headerAt(lane, height);
    return { stateRoot: header.stateRoot, height: header.height };
  }

  function accountJSON(address: string, a: Account, height: number, isPending: boolean): AccountJSON {
    return { address, balance: toAmountJSON(a.balance), nonce: a.nonce, staked: toAmountJSON(a.staked), votes: a.votes, height, pending: isPending };
  }

  function branchJSON(lane: Lane): BranchJSON {
    const { ref, head } = lane;
    return {
      name: ref.name,
      head: { height: head.height, hash: head.hashText, timestamp: head.timestamp },
      base: ref.base && { branch: ref.base.branch, height: ref.base.height, hash: ref.base.hash },
      lastIrreversible: lane.lib,
      pendingTxs: lane.pending?.txs.length ?? 0,
      createdAt: ref.createdAt,
      createdBy: ref.createdBy,
      mergeMode: ref.mergeMode,
    };
  }

  const node: LocalNode = {
    chainId: genesis.chainId,
    chainIdHash,
    genesis,
    info(infoOpts): ChainInfoJSON {
      const lane = laneOf(infoOpts?.branch);
      const tally = tallyVotes((a) => readHead(main, a));
      const { producers, candidates } = schedule.describe(consensus.standing(tally, schedule.rankingList()), tally, (a) => keys.has(a) && !offline.has(a), (a) => labels.get(a) ?? null, toAmountJSON);
      return {
        chainId: genesis.chainId,
        chainIdHash,
        consensus: c.kind,
        branch: lane.ref.name,
        height: lane.head.height,
        headHash: lane.head.hashText,
        lastIrreversible: lane.lib,
        blockIntervalMs: c.blockIntervalMs,
        epoch: schedule.epoch,
        epochLength: c.epochLength,
        producers,
        candidates,
        totalSupply: toAmountJSON(TOTAL_SUPPLY),
        minGasPrice: toAmountJSON(genesis.minGasPrice),
        pendingTxs: lane.pending?.txs.length ?? 0,
        devNetwork: genesis.devNetwork,
      };
    },

    async submitTx(encoded, submitOpts) {
      if (closed) throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
      const lane = laneOf(submitOpts?.branch);
      const tx = decodeTx(encoded);
      opts.admit?.(tx);
      const known = () => lane.pending?.index.has(tx.hashText) || txLocation(lane, tx.hash) !== undefined;
      if (known()) throw new ChainError(ErrorCode.KnownTx, "This transaction was already accepted.", { txHash: tx.hashText });
      // Verification may run on worker threads and finish out of order; transactions are still
      // executed in arrival order (a sender may pipeline nonces n, n+1, ... without waiting).
      const verified = Promise.resolve(verify(tx.signature, tx.signingBytes, tx.fromKey));
      const turn = arrival.then(() => verified);
      arrival = turn.then(
        () => undefined,
        () => undefined,
      );
      if (!(await turn)) {
        throw new ChainError(ErrorCode.BadSignature, "The signature does not match the sender and the transaction.");
      }
      // Verification may have yielded (worker threads): re-check what could have changed since.
      if (closed) throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
      if (lanes.get(lane.ref.name) !== lane) throw new ChainError(ErrorCode.NotFound, `The branch "${lane.ref.name}" was deleted.`, { code: "UNKNOWN_BRANCH" });
      if (known()) throw new ChainError(ErrorCode.KnownTx, "This transaction was already accepted.", { txHash: tx.hashText });
      const p = lane.pending ?? openPending(lane, clock());
      if (p.txs.length >= maxBlockTxs) throw new ChainError(ErrorCode.Unavailable, "The pending block is full; retry after the next block.");
      const isContractTx = CONTRACT_TX_TYPES.has(tx.type);
      if (isContractTx) cooldown.check(tx.from);
      let receipt: ExecReceipt;
      try {
        receipt = applyTx(p.state, tx, { ...execContext(lane, p), ...(isContractTx ? { timeBudgetMs: admissionTimeBudgetMs } : {}) });
      } catch (e) {
        if (isChainError(e) && e.code === ErrorCode.ExecutionTimeout) {
          log(`pool: refused ${tx.hashText} from ${tx.from}: ran past ${admissionTimeBudgetMs} ms`);
          cooldown.start(tx.from);
        }
        throw e;
      }
      if (!lane.pending) {
        lane.pending = p;
        void lane.journal.append(p.height, encodeJournalRecord({ kind: "context", height: p.height, timestamp: p.timestamp, prevHash: p.prevHash }));
      }
      const index = appendTx(p, tx, receipt);
      // The receipt is a promise: the transaction is on disk before the answer leaves.
      await lane.journal.append(p.height, encodeJournalRecord({ kind: "tx", bytes: tx.bytes }));
      const wait: WaitFor = submitOpts?.wait ?? "receipt";
      if (wait === "receipt") return receiptToJSON(receipt, index, null);
      await waitFor(lane.blockWaiters, p.height, () => lane.head.height >= p.height);
      if (wait === "final") await waitFor(lane.finalWaiters, p.height, () => lane.lib >= p.height);
      const sealedBlock = loadBlock(lane, p.height)!;
      return receiptToJSON(receipt, index, { height: p.height, hash: sealedBlock.header.hashText });
    },

    getBlock(heightOrHash, readOpts) {
      const block = findBlock(laneOf(readOpts?.branch), heightOrHash);
      return block && sealedBlockOf(block);
    },

    getBlockPage(heightOrHash, page) {
      const block = findBlock(laneOf(page?.branch), heightOrHash);
      return block && blockPage(block, receiptToJSON, page);
    },

    getTx(hash, readOpts): TxLookup | undefined {
      const lane = laneOf(readOpts?.branch);
      const pending = lane.pending;
      const pi = pending?.index.get(hash);
      if (pending && pi !== undefined) {
        return { tx: txToJSON(pending.txs[pi]!), receipt: receiptToJSON(pending.receipts[pi]!, pi, null), state: "pending" };
      }
      let h: Uint8Array;
      try {
        h = decodeHash(hash);
      } catch {
        return undefined;
      }
      const found = txLocation(lane, h);
      if (!found) return undefined;
      const { block, index } = found;
      const ref = { height: block.header.height, hash: block.header.hashText };
      return {
        tx: txToJSON(block.txs[index]!),
        receipt: receiptToJSON(block.receipts[index]!, index, ref),
        state: block.header.height <= lane.lib ? "final" : "sealed",
      };
    },

    getAccount(address, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      if (readOpts?.height === undefined) {
        // The latest state includes answered transactions: they are promised to the next block.
        if (lane.pending) return accountJSON(address, lane.pending.state.get(address), lane.pending.height, true);
        return accountJSON(address, readHead(lane, address), lane.head.height, false);
      }
      const header = headerAt(lane, readOpts.height);
      return accountJSON(address, world.readAccount(header.stateRoot, address), header.height, false);
    },

    getAccountProof(address, readOpts): AccountProofJSON {
      decodeAddress(address);
      const header = headerAt(laneOf(readOpts?.branch), readOpts?.height);
      const proved = world.proveAccount(header.stateRoot, address);
      const account = proved.value ? decodeAccount(proved.value) : EMPTY_ACCOUNT;
      return {
        account: accountJSON(address, account, header.height, false),
        header: headerToJSON(header),
        key: toHex(proved.key),
        valueHash: proved.valueHash ? toHex(proved.valueHash) : null,
        value: proved.value ? toHex(proved.value) : null,
        proof: proofToJSON(proved.proof),
      };
    },

    getContract(address, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const found = lane.runtime ? lane.runtime.info(address) : history.info(address, lane.head.stateRoot);
      if (!found) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${address}.`);
      return { address, name: found.abi.name, abi: found.abi, source: found.source };
    },

    queryContract(address, view, args, readOpts) {
      decodeAddress(address);
      const at = contractReadAt(laneOf(readOpts?.branch), readOpts?.height);
      const r = "live" in at ? at.live.query(address, view, args) : history.query(address, view, args, at);
      if (r.status !== "success") throw new ChainError(ErrorCode.BadRequest, r.error?.message ?? "The view failed.", { code: r.error?.code });
      const result = sqlValueToJSON(r.result);
      // The engine bounds the result while collecting it (text escapes aside); this is the exact check.
      const bytes = jsonBytes(result);
      if (bytes > READ_BOUNDS.maxPageBytes) throw new ChainError(ErrorCode.BadRequest, `${view}: the result is ${bytes.toLocaleString("en-US")} bytes as JSON; the limit is ${READ_BOUNDS.maxPageBytes.toLocaleString("en-US")}: add a LIMIT or return fewer columns.`, { code: "RESULT_TOO_LARGE" });
      return { result, gasUsed: r.gasUsed, height: readOpts?.height ?? null };
    },

    contractTable(address, table, readOpts) {
      decodeAddress(address);
      const limit = checkRange(ZTableLimit, readOpts?.limit ?? 50, "limit");
      const offset = checkRange(ZTableOffset, readOpts?.offset ?? 0, "offset");
      const at = contractReadAt(laneOf(readOpts?.branch), readOpts?.height);
      const code = "live" in at ? at.live.info(address) : history.info(address, at.stateRoot);
      const abi = code?.abi.tables.find((t) => t.name.toLowerCase() === table.toLowerCase());
      const page = createTablePageCollector(abi);
      const read = "live" in at ? at.live.tableRows(address, table, { limit, offset, visit: page.visit }) : history.tableRows(address, table, { limit, offset, visit: page.visit }, at);
      const end = offset + page.rows.length;
      return {
        columns: read.columns,
        primaryKey: abi?.primaryKey ?? [],
        rows: page.rows,
        total: read.total,
        height: readOpts?.height ?? null,
        offset,
        nextOffset: end < read.total ? end : null,
        truncated: page.truncated,
      };
    },

    contractCell(address, table, column, key, readOpts) {
      decodeAddress(address);
      const at = contractReadAt(laneOf(readOpts?.branch), readOpts?.height);
      let found: { value: SqlValue } | undefined;
      try {
        found = "live" in at ? at.live.tableCell(address, table, column, key) : history.tableCell(address, table, column, key, at);
      } catch (e) {
        if (e instanceof ContractError) throw new ChainError(ErrorCode.BadRequest, `The cell cannot be read: ${e.message}.`, { code: e.code });
        throw e;
      }
      if (!found) throw new ChainError(ErrorCode.NotFound, `${table} has no row with the key ${JSON.stringify(key).slice(0, 200)}${readOpts?.height === undefined ? "" : ` after block ${readOpts.height}`}.`);
      return { table, column, key: [...key], value: sqlValueToJSON(found.value), bytes: cellLength(found.value), height: readOpts?.height ?? null };
    },

    queryContractProof(address, view, args, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const header = headerAt(lane, readOpts?.height ?? lane.head.height);
      const r = history.query(address, view, args, { stateRoot: header.stateRoot, height: header.height });
      if (r.status !== "success") throw new ChainError(ErrorCode.BadRequest, r.error?.message ?? "The view failed.", { code: r.error?.code });
      const { source, snapshot } = history.stateAt(address, header.stateRoot);
      return {
        result: sqlValueToJSON(r.result),
        gasUsed: r.gasUsed,
        height: header.height,
        account: node.getAccountProof(address, { branch: lane.ref.name, height: header.height }),
        source,
        snapshot: base64.encode(snapshot),
      };
    },

    contractState(address, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const header = headerAt(lane, readOpts?.height ?? lane.head.height);
      const { source, snapshot } = history.stateAt(address, header.stateRoot);
      const account = world.readAccount(header.stateRoot, address);
      return { address, source, snapshot: base64.encode(snapshot), balanceAer: account.balance.toString(), height: header.height, timestamp: header.timestamp };
    },

    listContracts: (readOpts) => [...laneOf(readOpts?.branch).contractList],

    listBranches: () => refs.live().map((r) => branchJSON(lanes.get(r.name)!)),

    getBranch: (name) => branchJSON(laneOf(name)),

    createBranch(name, createOpts) {
      if (closed) throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
      checkBranchName(name);
      const from = laneOf(createOpts?.from);
      const height = createOpts?.height ?? from.head.height;
      if (!Number.isSafeInteger(height) || height < 0 || height > from.head.height) {
        throw new ChainError(ErrorCode.BadRequest, `A branch starts at a sealed block: ${from.ref.name} has heights 0 to ${from.head.height}, not ${String(height)}.`, { code: "BAD_HEIGHT" });
      }
      const header = headerAt(from, height);
      const mergeMode = createOpts?.mergeMode ?? "automated";
      if (!MERGE_MODES.includes(mergeMode)) throw new ChainError(ErrorCode.BadRequest, `A branch merges "automated" or "consistent", not "${String(mergeMode).slice(0, 40)}".`, { code: "BAD_MERGE_MODE" });
      const ref = refs.add(name, { id: from.ref.id, branch: from.ref.name, height, hash: header.hashText }, clock(), createOpts?.by ?? null, mergeMode);
      // The contracts that existed at that block, in deploy order: a list of addresses, not rows.
      const contracts = from.contractList.filter((a) => world.readAccount(header.stateRoot, a).contract);
      store.commitMeta({
        ...refs.meta(),
        [branchMetaKey("head", ref.id)]: header.hashText,
        [branchMetaKey("lib", ref.id)]: String(Math.min(height, from.lib)),
        [branchMetaKey("contracts", ref.id)]: JSON.stringify(contracts),
      });
      const lane = openLane(ref);
      log(`branch ${name}: created from ${from.ref.name} at ${height}`);
      return branchJSON(lane);
    },

    deleteBranch(name) {
      const lane = laneOf(name);
      if (lane === main) throw new ChainError(ErrorCode.BadRequest, "The main branch cannot be deleted.", { code: "MAIN_BRANCH" });
      const waiting = lane.pending?.txs.length ?? 0;
      if (waiting) throw new ChainError(ErrorCode.Conflict, `The branch "${name}" has ${waiting} answered transaction${waiting === 1 ? "" : "s"} waiting for its next block; delete it after that block.`, { code: "BRANCH_BUSY" });
      refs.markDeleted(lane.ref.id);
      store.commitMeta(refs.meta());
      lanes.delete(name);
      log(`branch ${name}: deleted`);
    },

    previewMerge(source, target, previewOpts) {
      // A source of another chain (a fork or the origin) merges through branchMerge.ts's replayForeign.
      const { report, engine } = typeof source === "string" ? merging.replayMerge(laneOf(source), laneOf(target), previewOpts) : merging.replayForeign(source, laneOf(target), previewOpts);
      engine.close();
      return report;
    },

    async merge(source, target, mergeOpts) {
      if (closed) throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
      const into = laneOf(target);
      const asked = { mode: mergeOpts?.mode, resolutions: mergeOpts?.resolutions };
      const { report, engine, runtime, pending, added, rowsRecord } = typeof source === "string" ? merging.replayMerge(laneOf(source), into, asked) : merging.replayForeign(source, into, asked);
      if (mergeOpts?.expectDigest !== undefined && mergeOpts.expectDigest !== report.digest) {
        engine.close();
        throw new ChainError(ErrorCode.Conflict, `${report.sourceRepo ? `${report.sourceRepo}:` : ""}${report.source} or ${target} moved since the preview (or the merge would now do something else): preview it again.`, { code: "STALE_PREVIEW" });
      }
      const refusal = unmergeable(report);
      if (refusal) {
        engine.close();
        throw refusal;
      }
      if (added === 0) {
        engine.close();
        return report;
      }
      const replaced = into.runtime;
      // Adopt the scratch state: the target's answered transactions were re-run to the same
      // receipts, the merged ones follow them in its pending block, journaled before the answer.
      const fresh = !into.pending;
      into.runtime = runtime;
      into.pending = pending;
      // main's first engine also compiles for the history reader: it stays open.
      if (replaced && replaced.engine !== mainEngine) replaced.engine.close();
      if (fresh) void into.journal.append(pending.height, encodeJournalRecord({ kind: "context", height: pending.height, timestamp: pending.timestamp, prevHash: pending.prevHash }));
      const writes = report.applied.filter((a) => a.status !== "state").map((a) => into.journal.append(pending.height, encodeJournalRecord({ kind: "tx", bytes: pending.txs[pending.index.get(a.txHash)!]!.bytes })));
      if (rowsRecord) writes.push(into.journal.append(pending.height, encodeJournalRecord({ kind: "rows", merge: rowsRecord })));
      await Promise.all(writes);
      merging.recordMerge(report, pending.height, mergeOpts?.by ?? null, typeof source === "string" ? undefined : source);
      log(`merge: ${report.sourceRepo ? `${report.sourceRepo}:` : ""}${report.source} into ${target}: ${report.applied.length} applied, ${report.excluded.length} excluded${mergeOpts?.by ? ` by ${mergeOpts.by}` : ""}`);
      return report;
    },

    diff(fromPoint, toPoint, diffOpts = {}) {
      const a = ZDiffPoint.safeParse(fromPoint);
      const b = ZDiffPoint.safeParse(toPoint);
      const o = ZDiffOptions.safeParse(diffOpts);
      if (!a.success || !b.success || !o.success) throw new ChainError(ErrorCode.BadRequest, "A diff names two points {branch, height?} and options {threeDot?, contract?, table?, limit (1 to 5,000)?}.");
      const fromLane = laneOf(a.data.branch);
      const toLane = laneOf(b.data.branch);
      const fromHeader = headerAt(fromLane, a.data.height);
      const toHeader = headerAt(toLane, b.data.height);
      let start = fromHeader;
      let base: { height: number; hash: string } | null = null;
      if (o.data.threeDot) {
        const mb = merging.mergeBase(fromLane, toLane);
        if (!mb) throw new ChainError(ErrorCode.BadRequest, `${fromLane.ref.name} and ${toLane.ref.name} share no history.`, { code: "UNRELATED_HISTORIES" });
        // The merge base of the two heads, but never above the point asked for on either side.
        start = mb.height <= Math.min(fromHeader.height, toHeader.height) ? mb : loadBlock(toLane, Math.min(mb.height, fromHeader.height, toHeader.height))!.header;
        base = { height: start.height, hash: start.hashText };
      }
      const end = (lane: Lane, h: BlockHeader) => ({ branch: lane.ref.name, height: h.height, hash: h.hashText, stateRoot: encodeHash(h.stateRoot) });
      return { from: end(fromLane, fromHeader), to: end(toLane, toHeader), base, ...describeDiff(store.nodes, history, start.stateRoot, toHeader.stateRoot, o.data) };
    },

    listMerges: () => merging.list(),
    branchView: (branch) => merging.view(branch),

    rowHistory(contract, table, key, historyOpts = {}) {
      const k = ZRowKey.safeParse(key);
      const o = ZRowHistoryOptions.safeParse(historyOpts);
      if (!k.success || !o.success || typeof table !== "string" || !table) throw new ChainError(ErrorCode.BadRequest, "Row history names a table, a primary key (1 to 64 values) and options {branch?, before (a height ≥ 1)?, limit (1 to 100)?}.");
      const lane = laneOf(o.data.branch);
      // Headers only, straight from the store: a long walk must not evict the lane's recent blocks.
      const headerAtHeight = (h: number) => {
        if (h === lane.head.height) return lane.head;
        const hash = blockHashAt(lane.ref, h);
        const bytes = hash && store.getBlockBytes(hash);
        return bytes ? decodeBlockHeader(bytes) : undefined;
      };
      return readRowHistory(
        {
          store: store.nodes,
          history,
          branch: lane.ref.name,
          head: lane.head,
          readAccountAt: (root, address) => world.readAccount(root, address),
          headerAt: headerAtHeight,
          writerAt(header, stateKey) {
            const index = rowWriterIndex(store.nodes, header.hash, stateKey);
            return index === null ? null : (blockByHash(header.hash)?.txs[index]?.hashText ?? null);
          },
          merges: merging.list().filter((m) => m.targetId === lane.ref.id),
        },
        contract,
        table,
        k.data,
        o.data,
      );
    },

    genesisContracts() {
      const inherited = JSON.parse(store.getMeta("forkContracts") ?? "[]") as string[];
      const runtime = runtimeOf(main);
      return inherited.map((address) => ({ address, creator: runtime.creatorOf(address) }));
    },

    onBlock(listener, listenOpts) {
      const lane = laneOf(listenOpts?.branch);
      lane.blockListeners.add(listener);
      return () => lane.blockListeners.delete(listener);
    },
    onFinal(listener) {
      finalListeners.add(listener);
      return () => finalListeners.delete(listener);
    },
    tick,
    setProducerOnline(address, online) {
      if (online) offline.delete(address);
      else offline.add(address);
    },
    headHeight: (branch) => laneOf(branch).head.height,
    forkPoint(branch, height) {
      const lane = laneOf(branch);
      const header = headerAt(lane, height);
      return {
        stateRoot: header.stateRoot,
        contracts: lane.contractList.filter((a) => world.readAccount(header.stateRoot, a).contract),
        origin: { chainId: genesis.chainId, branch: lane.ref.name, height: header.height, hash: header.hashText },
      };
    },
    nodes: store.nodes,
    lastIrreversible: (branch) => laneOf(branch).lib,
    stateRoot: (height, branch) => encodeHash(headerAt(laneOf(branch), height).stateRoot),
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      for (const lane of lanes.values()) await lane.journal.drain();
      await store.close();
    },
  };
  return node;
}

export type { ReceiptJSON };
