import { bytesEqual, encodeHash } from "../crypto/hash.ts";
import { createNodeVerifier } from "../crypto/nodeVerifier.ts";
import type { KeyPair } from "../crypto/keys.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { toAmountJSON } from "../amount.ts";
import { createBlock, decodeBlockHeader, encodeBlock } from "../block/block.ts";
import { genesisHeader, sealHeader, type BlockHeader } from "../block/header.ts";
import { merkleRoot } from "../block/merkle.ts";
import { ProducerSchedule } from "../consensus/schedule.ts";
import { createConsensus } from "../consensus/consensus.ts";
import { type ExecContext } from "../exec/applyTx.ts";
import { createContractRuntime, type ContractRuntime } from "../exec/contracts.ts";
import { createContractHistory } from "../exec/contractHistory.ts";
import { compileForChain } from "../exec/contractTx.ts";
import { createSqlEngine, SqlEngine } from "../sql/index.ts";
import { EMPTY_ACCOUNT, type Account } from "../state/account.ts";
import { EMPTY_ROOT } from "../state/smt.ts";
import { createWorldState } from "../state/worldState.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import { MAIN_BRANCH_ID, type ChainStore } from "../store/types.ts";
import { decodeTx, type SignedTx } from "../tx/tx.ts";
import type { ChainInfoJSON, ReceiptJSON } from "../types.ts";
import { genesisChainIdHash, TOTAL_SUPPLY, ZGenesis, type Genesis } from "./genesis.ts";
import { decodeJournalRecord, encodeJournalRecord } from "./journalRecord.ts";
import { executeTx, openPendingBlock, settleBlock, type PendingBlock } from "./pendingBlock.ts";
import { MERGE_MODES, type BranchJSON, type ChainNode, type SealedBlock } from "./types.ts";
import { describeDiff, ZDiffOptions, ZDiffPoint } from "./diffReport.ts";
import { createBranchMerges } from "./branchMerge.ts";
import type { BranchView } from "./crossRepo.ts";
import { unmergeable } from "./merge.ts";
import { branchMetaKey, checkBranchName, MAIN_BRANCH, RefBook } from "./refs.ts";
import { createLanes, lazySealedBlock, type Lane } from "./lane.ts";
import { createChainReads } from "./chainReads.ts";
import { createNameReads } from "./nameReads.ts";
import { stateViewAt } from "./stateView.ts";
import { marketView } from "../market/marketView.ts";
import { createGovernanceReads } from "./governanceReads.ts";
import { producerChanges } from "./producerChanges.ts";
import { createBlockVerifier } from "./verifyBlock.ts";
import { ADMISSION_TIME_BUDGET_MS, CALL_SLICE_MS, createTxPool } from "./txPool.ts";
import type { ExecutionWorker } from "../exec/executionWorker.ts";
import { putRowWriters, rowWriterIndex } from "./rowWriters.ts";
import { readRowHistory, ZRowHistoryOptions, ZRowKey } from "./rowHistory.ts";

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
  /**
   * Where a call that outlives `callSliceMs` (default CALL_SLICE_MS) on this thread runs, so
   * a runaway call does not hold up reads and blocks (chain/exec/executionWorker.ts); shared by
   * the hub's nodes. Absent: calls run on this thread within the admission budget.
   */
  readonly executionWorker?: ExecutionWorker;
  readonly callSliceMs?: number;
};

export { ADMISSION_TIME_BUDGET_MS };

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

type Pending = PendingBlock;

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
    // Genesis has no journal to keep: its commit is waited for by nobody (a failure is only said).
    void store.commitBlock({
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
    })?.catch((e: unknown) => log(`store: the genesis block did not commit (${e instanceof Error ? e.message : "error"})`));
  }

  const refs = new RefBook((key) => store.getMeta(key));
  const lanes = createLanes(store, refs);
  const { laneOf, blockHashAt, loadBlock, headerAt, txLocation } = lanes;

  const main = lanes.open(refs.require(MAIN_BRANCH));
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
    let prevRoot = from <= lane.head.height ? loadBlock(lane, from - 1)!.header.stateRoot : null;
    for (let h = from; h <= lane.head.height; h++) {
      const b = loadBlock(lane, h)!;
      if (scoreFrom !== null && h >= scoreFrom) schedule.recordBlock(prevSlot, b.header.consensus.slot, b.header.producer);
      prevSlot = b.header.consensus.slot;
      lane.recentProducers.push({ height: h, producer: b.header.producer });
      if (!bytesEqual(b.header.stateRoot, prevRoot!)) lane.lastChangeHeight = h;
      prevRoot = b.header.stateRoot;
    }
  }
  rebuildWindow(main, epochNow * c.epochLength);
  // Voters' addresses cannot be read back from hashed state keys, so the set is kept in meta.
  for (const v of JSON.parse(store.getMeta("voters") ?? "[]") as string[]) voters.add(v);

  let lastSlot = main.head.consensus.slot;

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

  /** What every transaction of the branch runs with, whatever its block. */
  function chainContext(lane: Lane) {
    return {
      chainIdHash: chainIdHashBytes,
      minGasPrice: genesis.minGasPrice,
      maxVotes: Math.max(c.producerCount, 13),
      branch: lane.ref.name,
      ...(genesis.namePrice === undefined ? {} : { namePrice: genesis.namePrice }),
      // Stake votes the parameters of a DPoS chain only; a proposal stays open for one epoch.
      ...(c.kind === "dpos" ? { governance: { votingPeriodBlocks: c.epochLength } } : {}),
    };
  }

  /** The context of each pending block (per runtime), made once: every transaction of it asks. */
  const execContexts = new WeakMap<Pending, { readonly runtime: ContractRuntime; readonly ctx: ExecContext }>();
  function execContext(lane: Lane, p: Pending, runtime: ContractRuntime = runtimeOf(lane)): ExecContext {
    const made = execContexts.get(p);
    if (made?.runtime === runtime) return made.ctx;
    // Every key present (undefined when unset): the pool's `{ ...ctx, timeBudgetMs }` then
    // overrides keys, V8's fast clone, where adding new ones cost ~1 µs each.
    const ctx: ExecContext = Object.freeze({ namePrice: undefined, governance: undefined, ...chainContext(lane), height: p.height, timestamp: p.timestamp, contracts: runtime, timeBudgetMs: undefined, computed: undefined });
    execContexts.set(p, { runtime, ctx });
    return ctx;
  }

  /** A new pending block; its context is journaled when its first transaction is accepted. */
  function openPending(lane: Lane, now: number, context?: { timestamp: number }): Pending {
    return openPendingBlock(lane.head, (a) => readHead(lane, a), now, context?.timestamp, (id) => world.readEntry(lane.head.stateRoot, id));
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
    // Above head + 1 nothing was answered (the store holds a record's answer until the block below it commits).
    lane.journal.discardAbove(lane.head.height + 1);
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
    const lane = lanes.open(ref);
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
    const settled = settleBlock(p, { producer: producer.address, runtime: lane.runtime, commitAccounts: (changed, entries) => world.commitAccounts(lane.head.stateRoot, changed, entries) });
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
    if (!bytesEqual(header.stateRoot, lane.head.stateRoot)) lane.lastChangeHeight = p.height;
    if (lane.recentProducers.length > 512) lane.recentProducers.splice(0, lane.recentProducers.length - 512);
    const newLib = computeLib(lane);
    if (newLib > lane.lib) meta[branchMetaKey("lib", lane.ref.id)] = String(newLib);
    // The node reads the block at once; it becomes durable a little later (the store commits off
    // the main thread), and the next height's answers wait for that in the store.
    const durable = store.commitBlock({ hash: header.hash, height: p.height, branch: lane.ref.id, bytes: p.body.encode(header), txHashes: p.txs.map((t) => t.hash), meta });

    for (const [address, a] of changes) lane.headAccounts.set(address, a);
    lane.head = header;
    lanes.remember(lane, block);
    if (nextRanking) {
      schedule.startEpoch(epoch + 1, nextRanking);
      log(`epoch ${epoch + 1}: producers ${schedule.active().join(", ")}`);
    }
    // The JSON form costs as much as hashing the block: built on first use, once.
    const sealed = lazySealedBlock(block);
    // Reported (streams, the index, waiters, finality) once durable: what is reported sealed
    // survives kill -9. The journal, holding the block's answered transactions, goes then too.
    const announce = () => {
      safeCall(() => lane.journal.discardUpTo(p.height));
      for (const l of lane.blockListeners) safeCall(() => l(sealed));
      release(lane.blockWaiters, p.height);
      if (newLib > lane.lib) {
        lane.lib = newLib;
        if (isMain) for (const l of finalListeners) safeCall(() => l(newLib));
        release(lane.finalWaiters, newLib);
      }
    };
    if (durable) durable.then(announce, (e: unknown) => log(`store: block ${p.height} did not commit; its journal stays for a restart (${e instanceof Error ? e.message : "error"})`));
    else announce();
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

  function tick(now = clock()): SealedBlock | undefined {
    const slot = schedule.slotOf(now);
    if (slot <= lastSlot) return undefined;
    lastSlot = slot;
    const producer = schedule.producerForSlot(slot);
    const key = keys.get(producer);
    if (!key || offline.has(producer)) return undefined;
    const sealed = seal(main, slot, key);
    for (const lane of lanes.all()) if (lane !== main && branchSeals(lane)) seal(lane, slot, key);
    return sealed;
  }

  /**
   * Whether a branch other than main seals in this slot: when something waits (transactions, a
   * consistent merge's rows), or a block that changed its state is not final yet. Finality needs
   * blocks of other producers after it, so a branch that went quiet seals empty blocks until
   * then (a --wait final on it ends), and an idle branch adds none. The window decides, not
   * lane.lib, which waits for the store's commit; lane.lib only spares idle branches the walk.
   */
  function branchSeals(lane: Lane): boolean {
    if (lane.pending && (lane.pending.txs.length || lane.pending.rowsMerged)) return true;
    return lane.lastChangeHeight > lane.lib && computeLib(lane) < lane.lastChangeHeight;
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

  // ---- reads (chain/node/chainReads.ts) and the pool (chain/node/txPool.ts) ----------------
  const reads = createChainReads({ lanes, world, history, readHead, ...(opts.executionWorker ? { executionWorker: opts.executionWorker } : {}), viewSliceMs: opts.callSliceMs ?? CALL_SLICE_MS });
  const nameReads = createNameReads({ lanes, world, namePrice: genesis.namePrice });
  const governanceReads = createGovernanceReads({ lanes, world, namePrice: genesis.namePrice });

  /** The ranking stored at the end of the epoch before `epoch` (genesis: epoch 0), or null. */
  const rankingOf = (epoch: number): string[] | null => {
    const stored = epoch >= 0 ? store.getMeta(`ranking:${epoch}`) : undefined;
    return stored ? (JSON.parse(stored) as string[]) : null;
  };
  const verifier = createBlockVerifier({
    lanes,
    nodes: store.nodes,
    world,
    sqlite: mainEngine.sqlite,
    codeOf: history.codeOf,
    context: chainContext,
    consistentMergeAt: (block) => merging.list().find((m) => m.mode === "consistent" && m.targetHeight === block.header.height && bytesEqual(blockHashAt(refs.get(m.targetId)!, m.targetHeight) ?? new Uint8Array(), block.header.hash)),
  });
  const pool = createTxPool({
    verify,
    admit: opts.admit,
    clock,
    log,
    maxBlockTxs,
    admissionTimeBudgetMs,
    ...(opts.executionWorker ? { executionWorker: opts.executionWorker } : {}),
    ...(opts.callSliceMs === undefined ? {} : { callSliceMs: opts.callSliceMs }),
    isClosed: () => closed,
    isOpen: lanes.isOpen,
    txLocation,
    openPending,
    execContext: (lane, p) => execContext(lane, p),
    loadBlock,
    whenSealed: (lane, height, wait) => (wait === "final" ? waitFor(lane.finalWaiters, height, () => lane.lib >= height) : waitFor(lane.blockWaiters, height, () => lane.head.height >= height)),
  });

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

    ...reads,
    ...nameReads,
    marketAt: (readOpts) => {
      const view = stateViewAt(lanes, world, readOpts);
      return marketView({ read: view.readEntry, height: view.height, pending: view.pending });
    },
    ...governanceReads,

    producerChanges: (changeOpts) =>
      producerChanges({ epoch: schedule.epoch, epochLength: c.epochLength, producerCount: c.producerCount, rankingOf, recentProducers: main.recentProducers }, changeOpts?.epochs),

    verifyBlock: (height, verifyOpts) => verifier.verify(laneOf(verifyOpts?.branch), height),
    verifyBlockParallel: async (height, verifyOpts) => verifier.verifyParallel(laneOf(verifyOpts.branch), height, verifyOpts.executor),

    // async: an unknown branch is a rejected promise, as every other refusal of a submission.
    submitTx: async (encoded, submitOpts) => pool.submit(laneOf(submitOpts?.branch), encoded, submitOpts?.wait),

    listBranches: () => refs.live().map((r) => branchJSON(laneOf(r.name))),

    getBranch: (name) => branchJSON(laneOf(name)),

    branchLineage: (name) => refs.lineage(laneOf(name).ref).map(({ id, upTo }) => ({ id, name: refs.get(id)!.name, upTo })),

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
        ...refs.metaOf(ref.id),
        [branchMetaKey("head", ref.id)]: header.hashText,
        [branchMetaKey("lib", ref.id)]: String(Math.min(height, from.lib)),
        [branchMetaKey("contracts", ref.id)]: JSON.stringify(contracts),
      });
      const lane = lanes.open(ref);
      log(`branch ${name}: created from ${from.ref.name} at ${height}`);
      return branchJSON(lane);
    },

    deleteBranch(name) {
      const lane = laneOf(name);
      if (lane === main) throw new ChainError(ErrorCode.BadRequest, "The main branch cannot be deleted.", { code: "MAIN_BRANCH" });
      const waiting = lane.pending?.txs.length ?? 0;
      if (waiting) throw new ChainError(ErrorCode.Conflict, `The branch "${name}" has ${waiting} answered transaction${waiting === 1 ? "" : "s"} waiting for its next block; delete it after that block.`, { code: "BRANCH_BUSY" });
      refs.markDeleted(lane.ref.id);
      store.commitMeta(refs.metaOf(lane.ref.id));
      lanes.close(name);
      log(`branch ${name}: deleted`);
    },

    previewMerge(source, target, previewOpts) {
      // A source of another chain (a fork or the origin) merges through branchMerge.ts's replayForeign.
      const { report, engine } = typeof source === "string" ? merging.replayMerge(laneOf(source), laneOf(target), previewOpts) : merging.replayForeign(source, laneOf(target), previewOpts);
      engine.close();
      return report;
    },

    async merge(source, target, mergeOpts) {
      const prepared = node.prepareMerge(source, target, { mode: mergeOpts?.mode, resolutions: mergeOpts?.resolutions });
      const { report } = prepared;
      if (mergeOpts?.expectDigest !== undefined && mergeOpts.expectDigest !== report.digest) {
        prepared.discard();
        throw new ChainError(ErrorCode.Conflict, `${report.sourceRepo ? `${report.sourceRepo}:` : ""}${report.source} or ${target} moved since the preview (or the merge would now do something else): preview it again.`, { code: "STALE_PREVIEW" });
      }
      const refusal = unmergeable(report);
      if (refusal) {
        prepared.discard();
        throw refusal;
      }
      return prepared.commit(mergeOpts?.by);
    },

    prepareMerge(source, target, prepareOpts) {
      if (closed) throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
      const into = laneOf(target);
      const asked = { mode: prepareOpts?.mode, resolutions: prepareOpts?.resolutions };
      const computed = typeof source === "string" ? merging.replayMerge(laneOf(source), into, asked) : merging.replayForeign(source, into, asked);
      const { report, engine, runtime, pending, added, rowsRecord } = computed;
      // What the scratch state was computed on: the target's head and its answered transactions.
      const on = { head: into.head, pending: into.pending, answered: into.pending?.txs.length ?? 0 };
      let settled = false;
      const settle = () => {
        if (settled) throw new ChainError(ErrorCode.Internal, "This merge was already committed or discarded.");
        settled = true;
      };
      return {
        report,
        discard() {
          if (settled) return;
          settled = true;
          engine.close();
        },
        async commit(by) {
          settle();
          if (closed) {
            engine.close();
            throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
          }
          const moved = !lanes.isOpen(into) || into.head !== on.head || into.pending !== on.pending || (into.pending?.txs.length ?? 0) !== on.answered;
          if (moved) {
            // The target moved while the merge waited (a block, an answered transaction): merge
            // again on what it is now, doing exactly what was prepared or nothing.
            engine.close();
            return node.merge(source, target, { ...asked, expectDigest: report.digest, by });
          }
          const refusal = unmergeable(report);
          if (refusal || added === 0) {
            engine.close();
            if (refusal) throw refusal;
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
          merging.recordMerge(report, pending.height, by ?? null, typeof source === "string" ? undefined : source);
          log(`merge: ${report.sourceRepo ? `${report.sourceRepo}:` : ""}${report.source} into ${target}: ${report.applied.length} applied, ${report.excluded.length} excluded${by ? ` by ${by}` : ""}`);
          return report;
        },
      };
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
            return index === null ? null : (lanes.blockByHash(header.hash)?.txs[index]?.hashText ?? null);
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
      for (const lane of lanes.all()) await lane.journal.drain();
      await store.close();
    },
  };
  return node;
}

export type { ReceiptJSON };
