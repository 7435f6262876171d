import { blockPage } from "./blockPage.ts";
import { decodeAddress } from "../crypto/address.ts";
import { base64 } from "@scure/base";
import { bytesEqual, decodeHash, encodeHash, toHex } from "../crypto/hash.ts";
import { createNodeVerifier } from "../crypto/nodeVerifier.ts";
import type { KeyPair } from "../crypto/keys.ts";
import { ChainError, ErrorCode, isChainError } from "../errors.ts";
import { toAmountJSON } from "../amount.ts";
import { blockToJSON, createBlock, decodeBlock, encodeBlock, receiptToJSON, type Block } from "../block/block.ts";
import { genesisHeader, headerToJSON, sealHeader, type BlockHeader } from "../block/header.ts";
import { merkleRoot } from "../block/merkle.ts";
import { ProducerSchedule, electRanking } from "../consensus/schedule.ts";
import { applyTx, type ExecContext } from "../exec/applyTx.ts";
import { createContractRuntime, sqlValueToJSON } from "../exec/contracts.ts";
import { createSqlEngine } from "../sql/index.ts";
import { receiptHash, type ExecReceipt } from "../exec/receipt.ts";
import { decodeAccount, EMPTY_ACCOUNT, type Account } from "../state/account.ts";
import { EMPTY_ROOT, proofToJSON } from "../state/smt.ts";
import { PendingState, createWorldState } from "../state/worldState.ts";
import { createMemoryStore } from "../store/memoryStore.ts";
import type { ChainStore } from "../store/types.ts";
import { decodeTx, txToJSON, type SignedTx } from "../tx/tx.ts";
import type { AccountJSON, AccountProofJSON, ChainInfoJSON, ReceiptJSON } from "../types.ts";
import { genesisChainIdHash, TOTAL_SUPPLY, ZGenesis, type Genesis } from "./genesis.ts";
import { decodeJournalRecord, encodeJournalRecord } from "./journalRecord.ts";
import type { ChainNode, SealedBlock, TxLookup, WaitFor } from "./types.ts";
import { cellLength, createTablePageCollector } from "./contractTablePage.ts";
import { checkRange, jsonBytes, READ_BOUNDS, ZTableLimit, ZTableOffset } from "../readBounds.ts";
import { ContractError } from "../sql/runtime/errors.ts";
import type { SqlValue } from "../sql/types.ts";

export type NodeOptions = {
  readonly genesis: Genesis;
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
const CONTRACT_TX_TYPES = new Set(["deploy", "call", "redeploy"]);

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
  headHeight(): number;
  lastIrreversible(): number;
  stateRoot(height?: number): string;
};

const BRANCH = "main";
// Decoded blocks are large (thousands of txs); the indexer and pages mostly want the newest few.
const RECENT_BLOCKS = 16;

type Pending = {
  readonly height: number;
  readonly timestamp: number;
  readonly prevHash: Uint8Array;
  readonly state: PendingState;
  readonly txs: SignedTx[];
  readonly receipts: ExecReceipt[];
  readonly index: Map<string, number>;
};

/**
 * Creates (or reopens from its store) a chain node: genesis, pool-level serialization,
 * block production by the producer schedule, finality, reads at any height.
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
  const labels = new Map<string, string>([...c.producers.map((p) => [p.address, p.label] as const), ...genesis.allocations.map((a) => [a.address, a.label] as const)]);
  const keys = new Map((opts.producerKeys ?? []).map((k) => [k.address, k]));
  const offline = new Set<string>();
  const blockListeners = new Set<(s: SealedBlock) => void>();
  const finalListeners = new Set<(h: number) => void>();
  const recentBlocks = new Map<number, Block>();
  const headAccounts = new Map<string, Account>();
  const voters = new Set<string>();
  const blockWaiters = new Map<number, Array<() => void>>();
  const finalWaiters = new Map<number, Array<() => void>>();
  const recentProducers: Array<{ height: number; producer: string }> = [];
  // AergoSQL: one engine holds every contract's latest database; another serves past heights.
  const contracts = createContractRuntime({
    engine: await createSqlEngine(),
    history: await createSqlEngine(),
    store: store.nodes,
    readAccountAt: (root, address) => world.readAccount(root, address),
  });
  const contractList: string[] = [];

  // ---- genesis or reopen -------------------------------------------------------------------
  const storedChain = store.getMeta("chainIdHash");
  if (storedChain && storedChain !== chainIdHash) {
    throw new ChainError(ErrorCode.StoreCorrupt, "The data folder holds another chain (its genesis differs); use another DATA_DIR.", { stored: storedChain, expected: chainIdHash });
  }
  if (!storedChain) {
    const balances = new Map(genesis.allocations.map((a) => [a.address, { ...EMPTY_ACCOUNT, balance: a.balance }]));
    const stateRoot = world.commitAccounts(EMPTY_ROOT, balances);
    const header = genesisHeader({
      chainIdHash: chainIdHashBytes,
      branch: BRANCH,
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
      branch: BRANCH,
      bytes: encodeBlock(block),
      txHashes: [],
      meta: { chainIdHash, head: header.hashText, lib: "0", "ranking:0": JSON.stringify(genesisRanking) },
    });
  }

  function loadBlock(height: number): Block | undefined {
    const cached = recentBlocks.get(height);
    if (cached) return cached;
    const hash = store.getBlockHash(BRANCH, height);
    const bytes = hash && store.getBlockBytes(hash);
    if (!bytes) return undefined;
    const block = decodeBlock(bytes);
    remember(block);
    return block;
  }
  /** A block by hash, from the recent-blocks cache when it is one of them (lookups cluster there). */
  function blockByHash(hash: Uint8Array): Block | undefined {
    for (const b of recentBlocks.values()) if (bytesEqual(b.header.hash, hash)) return b;
    const bytes = store.getBlockBytes(hash);
    if (!bytes) return undefined;
    const block = decodeBlock(bytes);
    remember(block);
    return block;
  }
  function remember(block: Block) {
    recentBlocks.set(block.header.height, block);
    if (recentBlocks.size > RECENT_BLOCKS) recentBlocks.delete(recentBlocks.keys().next().value!);
  }

  const headHash = decodeHash(store.getMeta("head")!);
  let head: BlockHeader = decodeBlock(store.getBlockBytes(headHash)!).header;
  let lib = Number(store.getMeta("lib") ?? "0");
  const epochNow = Math.floor((head.height + 1) / c.epochLength);
  const schedule = new ProducerSchedule(
    { kind: c.kind, producerCount: c.producerCount, blockIntervalMs: c.blockIntervalMs, epochLength: c.epochLength, maxMissedSlots: c.maxMissedSlots },
    JSON.parse(store.getMeta(`ranking:${epochNow}`) ?? JSON.stringify(genesisRanking)) as string[],
  );
  schedule.epoch = epochNow;
  // Rebuild the epoch's score sheet and the finality window from the headers themselves.
  {
    const from = Math.max(1, Math.min(epochNow * c.epochLength, head.height - 200));
    let prevSlot: number | null = null;
    for (let h = from; h <= head.height; h++) {
      const b = loadBlock(h)!;
      if (h >= epochNow * c.epochLength) schedule.recordBlock(prevSlot, b.header.consensus.slot, b.header.producer);
      prevSlot = b.header.consensus.slot;
      recentProducers.push({ height: h, producer: b.header.producer });
    }
  }
  // Voters' addresses cannot be read back from hashed state keys, so the set is kept in meta.
  for (const v of JSON.parse(store.getMeta("voters") ?? "[]") as string[]) voters.add(v);

  let lastSlot = head.consensus.slot;
  let arrival: Promise<unknown> = Promise.resolve();
  let pending: Pending | null = null;

  function readHead(address: string): Account {
    let a = headAccounts.get(address);
    if (!a) {
      a = world.readAccount(head.stateRoot, address);
      headAccounts.set(address, a);
    }
    return a;
  }

  function execContext(p: Pending): ExecContext {
    return { chainIdHash: chainIdHashBytes, height: p.height, timestamp: p.timestamp, minGasPrice: genesis.minGasPrice, maxVotes: Math.max(c.producerCount, 13), contracts, branch: BRANCH };
  }

  /** A new pending block; its context is journaled when its first transaction is accepted. */
  function openPending(now: number, context?: { timestamp: number }): Pending {
    const p: Pending = {
      height: head.height + 1,
      timestamp: context?.timestamp ?? Math.max(now, head.timestamp + 1),
      prevHash: head.hash,
      state: new PendingState(readHead),
      txs: [],
      receipts: [],
      index: new Map(),
    };
    return p;
  }

  for (const c of JSON.parse(store.getMeta("contracts") ?? "[]") as string[]) contractList.push(c);
  contracts.restore(contractList, readHead);

  // ---- replay the journal: answered transactions of a block that was never sealed ---------
  {
    store.journal.discardUpTo(head.height);
    const records = store.journal.read(head.height + 1).map((r) => {
      try {
        return decodeJournalRecord(r);
      } catch {
        return null;
      }
    });
    const ctx = records[0];
    if (ctx && ctx.kind === "context" && ctx.height === head.height + 1 && bytesEqual(ctx.prevHash, head.hash)) {
      pending = openPending(clock(), { timestamp: ctx.timestamp });
      let replayed = 0;
      for (const rec of records.slice(1)) {
        if (!rec || rec.kind !== "tx") continue;
        try {
          const tx = decodeTx(rec.bytes);
          const receipt = applyTx(pending.state, tx, execContext(pending));
          pending.index.set(tx.hashText, pending.txs.length);
          pending.txs.push(tx);
          pending.receipts.push(receipt);
          replayed++;
        } catch (e) {
          log(`journal: dropped a transaction that no longer applies (${isChainError(e) ? e.code : "error"})`);
        }
      }
      if (replayed) log(`journal: restored ${replayed} answered transactions into block ${pending.height}`);
    } else if (records.length) {
      store.journal.discardUpTo(head.height + 1);
    }
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

  function seal(slot: number, producer: KeyPair): SealedBlock {
    const p = pending ?? openPending(clock());
    pending = null;
    let fees = 0n;
    for (const r of p.receipts) fees += r.fee;
    if (fees > 0n) {
      const acct = p.state.get(producer.address);
      p.state.set(producer.address, { ...acct, balance: acct.balance + fees });
    }
    const deployed = contracts.seal(p.state);
    const changes = p.state.changes();
    let votersChanged = false;
    for (const [address, a] of changes) {
      const was = voters.has(address);
      if (a.votes.length) voters.add(address);
      else voters.delete(address);
      votersChanged ||= was !== voters.has(address);
    }
    const stateRoot = world.commitAccounts(head.stateRoot, changes);
    const epoch = schedule.epochOfHeight(p.height);
    const header = sealHeader(
      {
        chainIdHash: chainIdHashBytes,
        branch: BRANCH,
        height: p.height,
        prevHash: p.prevHash,
        timestamp: p.timestamp,
        producer: producer.address,
        txRoot: merkleRoot(p.txs.map((t) => t.hash)),
        receiptsRoot: merkleRoot(p.receipts.map(receiptHash)),
        stateRoot,
        consensus: { kind: c.kind, slot, epoch },
        txCount: p.txs.length,
      },
      producer.privateKey,
    );
    const block = createBlock(header, p.txs, p.receipts);
    const meta: Record<string, string> = { head: header.hashText };
    const epochEnds = (p.height + 1) % c.epochLength === 0;
    let nextRanking: string[] | null = null;
    if (epochEnds) {
      nextRanking = c.kind === "dpos" ? electRanking(tallyVotes((a) => p.state.get(a)), genesisRanking) : [...(opts.nextAuthorities?.() ?? schedule.rankingList())];
      meta[`ranking:${epoch + 1}`] = JSON.stringify(nextRanking);
    }
    if (votersChanged) meta.voters = JSON.stringify([...voters].sort());
    if (deployed.length) {
      contractList.push(...deployed);
      meta.contracts = JSON.stringify(contractList);
    }
    schedule.recordBlock(head.consensus.slot, slot, producer.address);
    recentProducers.push({ height: p.height, producer: producer.address });
    if (recentProducers.length > 512) recentProducers.splice(0, recentProducers.length - 512);
    const newLib = computeLib();
    if (newLib > lib) meta.lib = String(newLib);
    store.commitBlock({ hash: header.hash, height: p.height, branch: BRANCH, bytes: encodeBlock(block), txHashes: p.txs.map((t) => t.hash), meta });
    // The block now holds every answered transaction durably; its journal is no longer needed.
    store.journal.discardUpTo(p.height);

    for (const [address, a] of changes) headAccounts.set(address, a);
    head = header;
    remember(block);
    if (nextRanking) {
      schedule.startEpoch(epoch + 1, nextRanking);
      log(`epoch ${epoch + 1}: producers ${schedule.active().join(", ")}`);
    }
    // The JSON form costs as much as hashing the block: built on first use, once.
    const sealed = lazySealedBlock(block);
    for (const l of blockListeners) safeCall(() => l(sealed));
    release(blockWaiters, p.height);
    if (newLib > lib) {
      lib = newLib;
      for (const l of finalListeners) safeCall(() => l(lib));
      release(finalWaiters, lib);
    }
    return sealed;
  }

  function computeLib(): number {
    const quorum = schedule.finalityQuorum();
    const seen = new Set<string>();
    for (let i = recentProducers.length - 1; i >= 0; i--) {
      const rp = recentProducers[i]!;
      seen.add(rp.producer);
      if (seen.size >= quorum) return Math.max(lib, rp.height);
    }
    return lib;
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

  function findBlock(heightOrHash: number | string): Block | undefined {
    if (typeof heightOrHash === "number") {
      if (!Number.isSafeInteger(heightOrHash) || heightOrHash < 0) return undefined;
      return loadBlock(heightOrHash);
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

  function tick(now = clock()): SealedBlock | undefined {
    const slot = schedule.slotOf(now);
    if (slot <= lastSlot) return undefined;
    lastSlot = slot;
    const producer = schedule.producerForSlot(slot);
    const key = keys.get(producer);
    if (!key || offline.has(producer)) return undefined;
    return seal(slot, key);
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
  function headerAt(height: number | undefined): BlockHeader {
    if (height === undefined) return head;
    if (!Number.isSafeInteger(height) || height < 0 || height > head.height) {
      throw new ChainError(ErrorCode.NotFound, `There is no block at height ${height}; the head is ${head.height}.`, { height });
    }
    return loadBlock(height)!.header;
  }

  function accountJSON(address: string, a: Account, height: number, isPending: boolean): AccountJSON {
    return { address, balance: toAmountJSON(a.balance), nonce: a.nonce, staked: toAmountJSON(a.staked), votes: a.votes, height, pending: isPending };
  }

  const node: LocalNode = {
    chainId: genesis.chainId,
    chainIdHash,
    genesis,
    info(): ChainInfoJSON {
      const tally = tallyVotes(readHead);
      const { producers, candidates } = schedule.describe(electRanking(tally, genesisRanking), tally, (a) => keys.has(a) && !offline.has(a), (a) => labels.get(a) ?? null, toAmountJSON);
      return {
        chainId: genesis.chainId,
        chainIdHash,
        consensus: c.kind,
        height: head.height,
        headHash: head.hashText,
        lastIrreversible: lib,
        blockIntervalMs: c.blockIntervalMs,
        epoch: schedule.epoch,
        epochLength: c.epochLength,
        producers,
        candidates,
        totalSupply: toAmountJSON(TOTAL_SUPPLY),
        minGasPrice: toAmountJSON(genesis.minGasPrice),
        pendingTxs: pending?.txs.length ?? 0,
        devNetwork: genesis.devNetwork,
      };
    },

    async submitTx(encoded, submitOpts) {
      if (closed) throw new ChainError(ErrorCode.Unavailable, "The node is shutting down.");
      const tx = decodeTx(encoded);
      opts.admit?.(tx);
      const known = () => pending?.index.has(tx.hashText) || store.getTxLocation(tx.hash) !== undefined;
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
      if (known()) throw new ChainError(ErrorCode.KnownTx, "This transaction was already accepted.", { txHash: tx.hashText });
      const p = pending ?? openPending(clock());
      if (p.txs.length >= maxBlockTxs) throw new ChainError(ErrorCode.Unavailable, "The pending block is full; retry after the next block.");
      const isContractTx = CONTRACT_TX_TYPES.has(tx.type);
      if (isContractTx) cooldown.check(tx.from);
      let receipt: ExecReceipt;
      try {
        receipt = applyTx(p.state, tx, { ...execContext(p), ...(isContractTx ? { timeBudgetMs: admissionTimeBudgetMs } : {}) });
      } catch (e) {
        if (isChainError(e) && e.code === ErrorCode.ExecutionTimeout) {
          log(`pool: refused ${tx.hashText} from ${tx.from}: ran past ${admissionTimeBudgetMs} ms`);
          cooldown.start(tx.from);
        }
        throw e;
      }
      if (!pending) {
        pending = p;
        void store.journal.append(p.height, encodeJournalRecord({ kind: "context", height: p.height, timestamp: p.timestamp, prevHash: p.prevHash }));
      }
      const index = p.txs.length;
      p.index.set(tx.hashText, index);
      p.txs.push(tx);
      p.receipts.push(receipt);
      // The receipt is a promise: the transaction is on disk before the answer leaves.
      await store.journal.append(p.height, encodeJournalRecord({ kind: "tx", bytes: tx.bytes }));
      const wait: WaitFor = submitOpts?.wait ?? "receipt";
      if (wait === "receipt") return receiptToJSON(receipt, index, null);
      await waitFor(blockWaiters, p.height, () => head.height >= p.height);
      if (wait === "final") await waitFor(finalWaiters, p.height, () => lib >= p.height);
      const sealedBlock = loadBlock(p.height)!;
      return receiptToJSON(receipt, index, { height: p.height, hash: sealedBlock.header.hashText });
    },

    getBlock(heightOrHash) {
      const block = findBlock(heightOrHash);
      return block && sealedBlockOf(block);
    },

    getBlockPage(heightOrHash, page) {
      const block = findBlock(heightOrHash);
      return block && blockPage(block, receiptToJSON, page);
    },

    getTx(hash): TxLookup | undefined {
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
      const loc = store.getTxLocation(h);
      if (!loc) return undefined;
      const block = blockByHash(loc.blockHash);
      if (!block) return undefined;
      const ref = { height: block.header.height, hash: block.header.hashText };
      return {
        tx: txToJSON(block.txs[loc.index]!),
        receipt: receiptToJSON(block.receipts[loc.index]!, loc.index, ref),
        state: block.header.height <= lib ? "final" : "sealed",
      };
    },

    getAccount(address, readOpts) {
      decodeAddress(address);
      if (readOpts?.height === undefined) {
        // The latest state includes answered transactions: they are promised to the next block.
        if (pending) return accountJSON(address, pending.state.get(address), pending.height, true);
        return accountJSON(address, readHead(address), head.height, false);
      }
      const header = headerAt(readOpts.height);
      return accountJSON(address, world.readAccount(header.stateRoot, address), header.height, false);
    },

    getAccountProof(address, readOpts): AccountProofJSON {
      decodeAddress(address);
      const header = headerAt(readOpts?.height);
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

    getContract(address) {
      decodeAddress(address);
      const found = contracts.info(address);
      if (!found) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${address}.`);
      return { address, ...found };
    },

    queryContract(address, view, args, readOpts) {
      decodeAddress(address);
      const at = readOpts?.height === undefined ? undefined : { stateRoot: headerAt(readOpts.height).stateRoot, height: readOpts.height };
      const r = contracts.query(address, view, args, at);
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
      const at = readOpts?.height === undefined ? undefined : { stateRoot: headerAt(readOpts.height).stateRoot };
      const abi = contracts.info(address)?.abi.tables.find((t) => t.name.toLowerCase() === table.toLowerCase());
      const page = createTablePageCollector(abi);
      const read = contracts.tableRows(address, table, { limit, offset, visit: page.visit }, at);
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
      const at = readOpts?.height === undefined ? undefined : { stateRoot: headerAt(readOpts.height).stateRoot };
      let found: { value: SqlValue } | undefined;
      try {
        found = contracts.tableCell(address, table, column, key, at);
      } catch (e) {
        if (e instanceof ContractError) throw new ChainError(ErrorCode.BadRequest, `The cell cannot be read: ${e.message}.`, { code: e.code });
        throw e;
      }
      if (!found) throw new ChainError(ErrorCode.NotFound, `${table} has no row with the key ${JSON.stringify(key).slice(0, 200)}${readOpts?.height === undefined ? "" : ` after block ${readOpts.height}`}.`);
      return { table, column, key: [...key], value: sqlValueToJSON(found.value), bytes: cellLength(found.value), height: readOpts?.height ?? null };
    },

    queryContractProof(address, view, args, readOpts) {
      decodeAddress(address);
      const header = headerAt(readOpts?.height ?? head.height);
      const r = contracts.query(address, view, args, { stateRoot: header.stateRoot, height: header.height });
      if (r.status !== "success") throw new ChainError(ErrorCode.BadRequest, r.error?.message ?? "The view failed.", { code: r.error?.code });
      const { source, snapshot } = contracts.stateAt(address, header.stateRoot);
      return {
        result: sqlValueToJSON(r.result),
        gasUsed: r.gasUsed,
        height: header.height,
        account: node.getAccountProof(address, { height: header.height }),
        source,
        snapshot: base64.encode(snapshot),
      };
    },

    contractState(address, readOpts) {
      decodeAddress(address);
      const header = headerAt(readOpts?.height ?? head.height);
      const { source, snapshot } = contracts.stateAt(address, header.stateRoot);
      const account = world.readAccount(header.stateRoot, address);
      return { address, source, snapshot: base64.encode(snapshot), balanceAer: account.balance.toString(), height: header.height, timestamp: header.timestamp };
    },

    listContracts: () => [...contractList],

    onBlock(listener) {
      blockListeners.add(listener);
      return () => blockListeners.delete(listener);
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
    headHeight: () => head.height,
    lastIrreversible: () => lib,
    stateRoot: (height) => encodeHash(headerAt(height).stateRoot),
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      await store.journal.drain();
      await store.close();
    },
  };
  return node;
}

export type { ReceiptJSON };
