/**
 * The hub's repositories: each one a chain of its own (own genesis, own chain id, own store and
 * producers) plus its directory chain, all run in this process. The root repository `aergo/main`
 * is the AERGO Chain itself; the others are created by people through signed directory entries.
 */
import path from "node:path";
import type { KeyPair } from "../../chain/crypto/keys.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { createNode, type LocalNode } from "../../chain/node/createNode.ts";
import type { BranchView } from "../../chain/node/crossRepo.ts";
import type { PreparedMerge } from "../../chain/node/types.ts";
import { ZGenesis, type Genesis } from "../../chain/node/genesis.ts";
import type { DirectoryBlock } from "../../chain/repo/directoryChain.ts";
import type { DirectoryAction, DirectoryEntry, ForkOrigin } from "../../chain/repo/directoryEntry.ts";
import { withReadThrough } from "../../chain/store/readThrough.ts";
import { unmergeable } from "../../chain/node/merge.ts";
import { applyEntry } from "../../chain/repo/directoryState.ts";
import type { Directory } from "../../chain/repo/directory.ts";
import { MAIN_ONLY, type RepositoryState } from "../../chain/repo/directoryState.ts";
import { MAIN_BRANCH, ROOT_OWNER, ROOT_REPO, splitRepoFullName, roleAtLeast } from "../../chain/repo/names.ts";
import { createLmdbStore } from "../../chain/store/lmdbStore.ts";
import type { SignedTx } from "../../chain/tx/tx.ts";
import type { IndexDb } from "../../db/client.ts";
import { createIndexer, type Indexer } from "../../db/indexer.ts";
import { indexLineage, type Lineage } from "../../db/lineage.ts";
import { createBranchIndexers, type BranchIndexers } from "./branchIndexers.ts";
import type { ExecutionWorker } from "../../chain/exec/executionWorker.ts";

/** One running repository. */
export type Repository = {
  readonly fullName: string;
  readonly isRoot: boolean;
  readonly node: LocalNode;
  /** Main's indexer. */
  readonly indexer: Indexer;
  /** Every live branch's indexer, main's included (server/hub/branchIndexers.ts). */
  readonly branchIndexers: BranchIndexers;
  /**
   * Which index rows make up `branch` (db/lineage.ts), from the node's refs.
   * @throws ChainError NOT_FOUND (UNKNOWN_BRANCH)
   */
  lineage(branch: string): Lineage;
  /** Its directory state now: visibility, members, producers, branches. */
  state(): RepositoryState;
};

export type RepositoryHost = {
  readonly root: Repository;
  get(fullName: string): Repository | undefined;
  list(): readonly Repository[];
  /** Applies a signed `create` entry and starts the new repository's chain. */
  create(entry: DirectoryEntry): Promise<Repository>;
  /** Applies any other signed directory entry (members, roles, visibility, producers). */
  apply(entry: DirectoryEntry): Promise<RepositoryState>;
  /** The directory chain: the audit trail of every membership and policy change. */
  history(fullName: string): readonly DirectoryBlock[];
  /** The node keys this hub holds, which private repositories may choose as producers. */
  readonly producerChoices: readonly { address: string; label: string }[];
  /**
   * Called after every sealed directory change (members, roles, visibility…) with the
   * repository's name: doors that hold something open (the live stream) re-check access.
   */
  onChange(listener: (fullName: string) => void): () => void;
  close(): Promise<void>;
};

export type RepositoryHostOptions = {
  readonly dataDir: string;
  readonly index: IndexDb;
  readonly directory: Directory;
  readonly rootNode: LocalNode;
  readonly rootIndexer: Indexer;
  /** The hub's node keys: the DPoS set of public repositories, the choices for private ones. */
  readonly producerKeys: readonly KeyPair[];
  readonly blockIntervalMs: number;
  /** The producer's wall-time budget for one contract transaction (chain/node/createNode.ts). */
  readonly admissionTimeBudgetMs?: number;
  /** The hub's execution worker (chain/exec/executionWorker.ts), shared by every repository's node. */
  readonly executionWorker?: ExecutionWorker;
  readonly callSliceMs?: number;
  readonly verify: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean | Promise<boolean>;
  readonly log: (line: string) => void;
};

// Repository chains are small and have few producers: short epochs let a producer change take
// effect within seconds.
const REPO_EPOCH_LENGTH = 10;
const REPO_MAX_PRODUCERS = 7;

/**
 * A repository chain's genesis. Gas is metered (limits hold) but priced at zero: AERGO lives on
 * the root chain, and a repository's members should not need to bridge tokens to write to it.
 */
export function repositoryGenesis(state: RepositoryState, publicProducers: readonly { address: string; label: string }[], blockIntervalMs: number): Genesis {
  const isPrivate = state.visibility === "private";
  const labelOf = new Map(publicProducers.map((p) => [p.address, p.label]));
  const producers = isPrivate ? state.producers.map((address) => ({ address, label: labelOf.get(address) ?? "producer" })) : publicProducers.slice(0, 3);
  return ZGenesis.parse({
    chainId: state.chainId,
    timestamp: state.createdAt,
    allocations: [],
    consensus: {
      kind: isPrivate ? "poa" : "dpos",
      blockIntervalMs,
      producerCount: isPrivate ? REPO_MAX_PRODUCERS : Math.min(3, producers.length),
      epochLength: REPO_EPOCH_LENGTH,
      maxMissedSlots: 3,
      producers,
    },
    minGasPrice: 0n,
    // Names are free here for the same reason gas is: AERGO lives on the root chain.
    namePrice: 0n,
    devNetwork: true,
  });
}

/** Members with writer or more may send transactions to a repository's chain. */
export function repositoryAdmission(state: () => RepositoryState): (tx: SignedTx) => void {
  return (tx) => {
    const s = state();
    const member = s.members.find((m) => m.address === tx.from);
    if (!member || !roleAtLeast(member.role, "writer")) {
      throw new ChainError(ErrorCode.Forbidden, `${tx.from} may not write to ${s.fullName}: only its writers, admins and owners may.`, { repo: s.fullName });
    }
  };
}

/** The root repository's directory: public, run by the hub, open to anyone who pays gas. */
function rootState(rootNode: LocalNode): RepositoryState {
  return Object.freeze({
    fullName: ROOT_REPO,
    chainId: rootNode.chainId,
    visibility: "public",
    description: "The AERGO Chain: the hub's root public repository.",
    createdAt: rootNode.genesis.timestamp,
    createdBy: ROOT_OWNER,
    members: [],
    producers: rootNode.genesis.consensus.producers.map((p) => p.address),
    branches: MAIN_ONLY,
    head: { height: 0, hash: "" },
  });
}

/** The hub's node keys as producer choices, labelled as the dev network labels them. */
export function hubProducerChoices(keys: readonly KeyPair[]): { address: string; label: string }[] {
  return keys.map((k, i) => ({ address: k.address, label: `producer-${i + 1}` }));
}

/** @throws ChainError when the chain would refuse to start this branch (unknown base, height past its head, name taken). */
function checkBranchStart(node: LocalNode, action: { name: string; from: string; height: number }) {
  if (node.listBranches().some((b) => b.name === action.name)) throw new ChainError(ErrorCode.Conflict, `The branch "${action.name}" already exists.`, { code: "BRANCH_EXISTS" });
  const from = node.getBranch(action.from);
  if (action.height > from.head.height) {
    throw new ChainError(ErrorCode.BadRequest, `A branch starts at a sealed block: ${action.from} has heights 0 to ${from.head.height}, not ${action.height}.`, { code: "BAD_HEIGHT" });
  }
}

/** @throws ChainError when the chain would refuse to delete the branch (main, unknown, transactions waiting). */
function checkBranchDelete(node: LocalNode, name: string) {
  const b = node.getBranch(name);
  if (b.base === null) throw new ChainError(ErrorCode.BadRequest, "The main branch cannot be deleted.", { code: "MAIN_BRANCH" });
  if (b.pendingTxs) throw new ChainError(ErrorCode.Conflict, `The branch "${name}" has ${b.pendingTxs} answered transactions waiting for its next block; delete it after that block.`, { code: "BRANCH_BUSY" });
}

/**
 * A branch of `source` as a merge into, or a diff from, `target` reads it: only between a fork and
 * its origin (the hub starts a fork with its store reading through to its origin's). The caller
 * has checked that the person may read `source`.
 * @throws ChainError BAD_REQUEST UNRELATED_HISTORIES (neither is the other's fork; forks of forks
 * included), NOT_FOUND (branch)
 */
export function relatedBranch(target: Repository, source: Repository, branch: string): BranchView {
  const related = target.state().forkOf?.repo === source.fullName || source.state().forkOf?.repo === target.fullName;
  if (!related) {
    throw new ChainError(ErrorCode.BadRequest, `${source.fullName} and ${target.fullName} share no history: merges and diffs across repositories are between a fork and its origin.`, { code: "UNRELATED_HISTORIES" });
  }
  return { ...source.node.branchView(branch), repo: source.fullName };
}

/**
 * The signed merge, computed once: checked here before its entry is sealed, committed after.
 * @throws ChainError CONFLICT STALE_PREVIEW unless merging now does exactly what the signed preview showed.
 */
function prepareSignedMerge(node: LocalNode, action: Extract<DirectoryAction, { kind: "merge" }>, source: string | BranchView): PreparedMerge {
  const prepared = node.prepareMerge(source, action.target, { mode: action.mode, resolutions: action.resolutions });
  try {
    const now = prepared.report;
    if (now.digest !== action.digest) throw new ChainError(ErrorCode.Conflict, `${action.source} or ${action.target} moved since the preview you signed: preview it again.`, { code: "STALE_PREVIEW" });
    const refusal = unmergeable(now);
    if (refusal) throw refusal;
    if (now.applied.every((a) => a.status === "state") && now.rows.length === 0) throw new ChainError(ErrorCode.BadRequest, `Merging ${action.source} into ${action.target} would change nothing.`, { code: "NOTHING_TO_MERGE" });
    return prepared;
  } catch (e) {
    prepared.discard();
    throw e;
  }
}

/**
 * The directory is the signed record of ref moves; the chain store holds the refs themselves. A
 * crash between sealing an entry and moving the ref leaves them apart: the chain follows the directory.
 */
function reconcileBranches(node: LocalNode, state: RepositoryState, log: (line: string) => void) {
  const onChain = new Set(node.listBranches().map((b) => b.name));
  const inDirectory = new Set(state.branches.map((b) => b.name));
  for (const b of state.branches) {
    if (onChain.has(b.name) || b.from === null) continue;
    try {
      node.createBranch(b.name, { from: b.from, height: b.fromHeight, by: state.members.find((m) => m.username === b.createdBy)?.address, mergeMode: b.mergeMode });
      log(`${state.fullName}: branch ${b.name} restored from the directory`);
    } catch (e) {
      log(`${state.fullName}: branch ${b.name} could not be restored: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  for (const name of onChain) {
    if (name === MAIN_BRANCH || inDirectory.has(name)) continue;
    try {
      node.deleteBranch(name);
    } catch (e) {
      log(`${state.fullName}: branch ${name} could not be removed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Where a repository's chain store lives under the data folder. */
export function repositoryChainDir(dataDir: string, fullName: string): string {
  const { owner, name } = splitRepoFullName(fullName);
  return path.join(dataDir, "repos", owner, name, "chain");
}

export async function createRepositoryHost(opts: RepositoryHostOptions): Promise<RepositoryHost> {
  const { directory, index, log } = opts;
  const producerChoices = hubProducerChoices(opts.producerKeys);
  const root: Repository = Object.freeze({
    fullName: ROOT_REPO,
    isRoot: true,
    node: opts.rootNode,
    indexer: opts.rootIndexer,
    // The root takes no directory entries, so it has no branches but main.
    branchIndexers: createBranchIndexers({ index, node: opts.rootNode, repo: ROOT_REPO, main: opts.rootIndexer, log }),
    lineage: (branch: string) => indexLineage(opts.rootNode, branch),
    state: (() => {
      const s = rootState(opts.rootNode);
      return () => s;
    })(),
  });
  const running = new Map<string, Repository>([[ROOT_REPO, root]]);

  async function start(fullName: string): Promise<Repository> {
    const state = () => {
      const s = directory.get(fullName);
      if (!s) throw new ChainError(ErrorCode.NotFound, `No repository ${fullName}.`);
      return s;
    };
    const forkOf = state().forkOf;
    const origin = forkOf ? running.get(forkOf.repo) : undefined;
    if (forkOf && !origin) throw new ChainError(ErrorCode.NotFound, `${fullName} is a fork of ${forkOf.repo}, which is not running.`);
    const own = createLmdbStore(repositoryChainDir(opts.dataDir, fullName));
    // A fork reads what it inherited from its origin's store: copy-on-write, nothing copied.
    const store = origin ? withReadThrough(own, origin.node.nodes) : own;
    const node = await createNode({
      genesis: repositoryGenesis(state(), producerChoices, opts.blockIntervalMs),
      ...(forkOf && origin ? { fork: origin.node.forkPoint(forkOf.branch, forkOf.height) } : {}),
      store,
      producerKeys: opts.producerKeys,
      verify: opts.verify,
      log: (line) => log(`${fullName}: ${line}`),
      admit: repositoryAdmission(state),
      nextAuthorities: () => state().producers,
      admissionTimeBudgetMs: opts.admissionTimeBudgetMs,
      ...(opts.executionWorker ? { executionWorker: opts.executionWorker } : {}),
      callSliceMs: opts.callSliceMs,
    });
    reconcileBranches(node, state(), log);
    const indexer = createIndexer({ index, chain: node, repo: fullName });
    indexer.onError((e) => log(`indexer ${fullName}: ${e instanceof Error ? e.message : String(e)} (retrying)`));
    await indexer.start();
    const branchIndexers = createBranchIndexers({ index, node, repo: fullName, main: indexer, log });
    await branchIndexers.startAll();
    const repo: Repository = Object.freeze({ fullName, isRoot: false, node, indexer, branchIndexers, lineage: (branch: string) => indexLineage(node, branch), state });
    running.set(fullName, repo);
    return repo;
  }

  // Origins before their forks (a fork reads through to its origin's store).
  const pending = [...directory.list()];
  while (pending.length) {
    const i = pending.findIndex((s) => !s.forkOf || s.forkOf.repo === ROOT_REPO || running.has(s.forkOf.repo) || !pending.some((p) => p.fullName === s.forkOf!.repo));
    const [next] = pending.splice(Math.max(0, i), 1);
    try {
      await start(next!.fullName);
    } catch (e) {
      log(`${next!.fullName} could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * A fork starts from a sealed block its creator can read: a public repository, or one they are
   * a member of (an outsider learns nothing of a private one: NOT_FOUND).
   * @throws ChainError NOT_FOUND, BAD_REQUEST (height, hash)
   */
  function checkForkOrigin(forkOf: ForkOrigin, signer: string, visibility: string) {
    const origin = running.get(forkOf.repo);
    const st = origin?.state();
    if (!origin || !st || (st.visibility === "private" && !st.members.some((m) => m.address === signer))) {
      throw new ChainError(ErrorCode.NotFound, `No repository ${forkOf.repo} to fork.`);
    }
    if (st.visibility === "private" && visibility !== "private") {
      throw new ChainError(ErrorCode.BadRequest, `${forkOf.repo} is private: a fork of it must be private too.`, { code: "PRIVATE_ORIGIN" });
    }
    const point = origin.node.forkPoint(forkOf.branch, forkOf.height);
    if (point.origin.hash !== forkOf.hash) {
      throw new ChainError(ErrorCode.BadRequest, `Block ${forkOf.height} of ${forkOf.repo}@${forkOf.branch} is ${point.origin.hash}, not ${forkOf.hash}.`, { code: "BAD_FORK_POINT" });
    }
  }

  /**
   * The source of a signed merge: a branch name of this repository, or a branch of its fork or
   * origin, readable by the signer (public, or they are a member: an outsider learns nothing of a
   * private one, NOT_FOUND).
   * @throws ChainError NOT_FOUND, BAD_REQUEST UNRELATED_HISTORIES
   */
  function mergeSource(target: Repository, action: Extract<DirectoryAction, { kind: "merge" }>, signer: string): string | BranchView {
    if (action.sourceRepo === undefined || action.sourceRepo === target.fullName) return action.source;
    const source = running.get(action.sourceRepo);
    const st = source?.state();
    if (!source || !st || (st.visibility === "private" && !st.members.some((m) => m.address === signer))) {
      throw new ChainError(ErrorCode.NotFound, `No repository ${action.sourceRepo}.`, { repo: action.sourceRepo });
    }
    return relatedBranch(target, source, action.source);
  }

  const knownProducer = new Set(producerChoices.map((p) => p.address));
  function checkProducers(producers: readonly string[]) {
    const unknown = producers.filter((p) => !knownProducer.has(p));
    if (unknown.length) throw new ChainError(ErrorCode.BadRequest, `This hub holds no producer key for ${unknown.join(", ")}; choose among its node keys.`);
  }

  return {
    root,
    producerChoices,
    get: (fullName) => running.get(fullName),
    list: () => [...running.values()],
    async create(entry) {
      if (entry.action.kind !== "create") throw new ChainError(ErrorCode.BadRequest, "Only a create entry starts a repository.");
      if (running.has(entry.action.repo) || entry.action.repo.split("/")[0] === ROOT_OWNER) {
        throw new ChainError(ErrorCode.Conflict, `The repository ${entry.action.repo} exists already.`);
      }
      checkProducers(entry.action.producers);
      if (entry.action.forkOf) checkForkOrigin(entry.action.forkOf, entry.signer, entry.action.visibility);
      await directory.create(entry);
      return start(entry.action.repo);
    },
    async apply(entry) {
      if (entry.repo === ROOT_REPO) throw new ChainError(ErrorCode.Forbidden, "The root repository is run by the hub; its directory takes no entries.");
      if (!running.has(entry.repo)) throw new ChainError(ErrorCode.NotFound, `No repository ${entry.repo}.`);
      if (entry.action.kind === "setProducers") checkProducers(entry.action.producers);
      if (entry.action.kind === "setVisibility" && entry.action.visibility === "public") {
        // A fork of a private repository holds its data: it stays private while its origin is.
        const forkOf = directory.get(entry.repo)?.forkOf;
        const origin = forkOf && running.get(forkOf.repo)?.state();
        if (origin?.visibility === "private") throw new ChainError(ErrorCode.BadRequest, `${entry.repo} is a fork of the private ${forkOf!.repo}: it cannot be made public.`, { code: "PRIVATE_ORIGIN" });
      }
      const repo = running.get(entry.repo)!;
      const action = entry.action;
      // The directory's own checks first (signature, role, stale head: a reader learns nothing of
      // the chain), then the chain's, before the entry is sealed, so a signed ref move takes effect.
      if (action.kind === "createBranch" || action.kind === "deleteBranch" || action.kind === "merge") {
        applyEntry(directory.get(entry.repo) ?? null, entry, { height: 0, hash: "", time: Date.now() });
      }
      if (action.kind === "createBranch") checkBranchStart(repo.node, action);
      if (action.kind === "deleteBranch") checkBranchDelete(repo.node, action.name);
      // A merge from a fork or the origin: the signer must be able to read it, as a fork's creator must.
      const source = action.kind === "merge" ? mergeSource(repo, action, entry.signer) : undefined;
      const prepared = action.kind === "merge" ? prepareSignedMerge(repo.node, action, source!) : undefined;
      let state: RepositoryState;
      try {
        state = await directory.apply(entry);
      } catch (e) {
        prepared?.discard();
        throw e;
      }
      if (prepared && action.kind === "merge") {
        try {
          await prepared.commit(entry.signer);
        } catch (e) {
          // Something moved between the check and the merge (a block, a transaction): the entry
          // records the request; the person previews again.
          log(`${entry.repo}: merge ${action.source} into ${action.target} not done: ${e instanceof Error ? e.message : String(e)}`);
          throw e;
        }
      }
      if (action.kind === "createBranch") {
        repo.node.createBranch(action.name, { from: action.from, height: action.height, by: entry.signer, mergeMode: action.mergeMode });
        // O(1) to create, nothing to catch up: the branch owns no block yet.
        await repo.branchIndexers.add(action.name);
      }
      if (action.kind === "deleteBranch") await repo.branchIndexers.remove(action.name, () => repo.node.deleteBranch(action.name));
      return state;
    },
    history: (fullName) => (fullName === ROOT_REPO ? [] : directory.history(fullName)),
    onChange: (listener) => directory.onChange((state) => listener(state.fullName)),
    async close() {
      for (const r of running.values()) {
        if (r.isRoot) continue;
        await r.branchIndexers.stop();
        await r.indexer.stop();
        await r.node.close();
      }
    },
  };
}
