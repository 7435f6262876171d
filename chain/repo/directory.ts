/**
 * The hub's directory: every repository's directory chain, verified on open and extended one
 * signed entry at a time. Entries for the same repository are serialised, so of two entries
 * signed against the same head one is sealed and the other is refused with CONFLICT (its prev
 * is no longer the head) instead of both landing.
 */
import type { KeyPair } from "../crypto/keys.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { sealDirectoryBlock, verifyDirectoryChain, type DirectoryBlock } from "./directoryChain.ts";
import { parseDirectoryEntry, type DirectoryEntry } from "./directoryEntry.ts";
import { applyEntry, type RepositoryState } from "./directoryState.ts";
import type { DirectoryStorage } from "./directoryStorage.ts";

export type DirectoryListener = (state: RepositoryState, block: DirectoryBlock) => void;

export type Directory = {
  /** Seals a create entry as block 0 of a new directory chain. */
  create(entry: DirectoryEntry): Promise<RepositoryState>;
  /** Seals any other entry on top of its repository's head. */
  apply(entry: DirectoryEntry): Promise<RepositoryState>;
  get(repo: string): RepositoryState | undefined;
  list(): RepositoryState[];
  history(repo: string): readonly DirectoryBlock[];
  /** Called after each sealed block is stored; returns the unsubscribe function. */
  onChange(listener: DirectoryListener): () => void;
};

export type DirectoryOptions = {
  readonly storage: DirectoryStorage;
  /** The hub's directory key: it seals blocks, it never signs entries. */
  readonly sealKey: Pick<KeyPair, "privateKey" | "address">;
  /** Seal keys accepted on stored blocks (a rotated-out key); the current sealKey always is. */
  readonly trustedSealers?: readonly string[];
  readonly now?: () => number;
};

/**
 * Opens the directory: loads and verifies every stored chain.
 * @throws ChainError INVALID_BLOCK / BAD_SIGNATURE / STORE_CORRUPT when a stored chain was tampered with.
 */
export function createDirectory(options: DirectoryOptions): Directory {
  const { storage, sealKey } = options;
  const now = options.now ?? Date.now;
  const trustedSealers = [sealKey.address, ...(options.trustedSealers ?? [])];
  const states = new Map<string, RepositoryState>();
  const chains = new Map<string, readonly DirectoryBlock[]>();
  const listeners = new Set<DirectoryListener>();
  /** Tail of each repository's queue of pending entries. */
  const queues = new Map<string, Promise<unknown>>();

  for (const repo of storage.listRepos()) {
    const blocks = storage.load(repo);
    const state = verifyDirectoryChain(blocks, { trustedSealers });
    if (state === null) continue;
    if (state.fullName !== repo) {
      throw new ChainError(ErrorCode.InvalidBlock, `The directory chain stored under ${repo} belongs to ${state.fullName}.`, { repo });
    }
    states.set(repo, state);
    chains.set(repo, Object.freeze(blocks.map((b) => Object.freeze(b))));
  }

  function serialised<T>(repo: string, task: () => Promise<T>): Promise<T> {
    const run = (queues.get(repo) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(repo, tail);
    // Forget an idle queue so the map does not grow with every repository ever touched.
    void tail.then(() => {
      if (queues.get(repo) === tail) queues.delete(repo);
    });
    return run;
  }

  async function seal(raw: DirectoryEntry, expectCreate: boolean): Promise<RepositoryState> {
    const entry = parseDirectoryEntry(raw);
    if (expectCreate !== (entry.action.kind === "create")) {
      throw new ChainError(
        ErrorCode.BadRequest,
        expectCreate ? "Only a create entry can start a repository's directory." : "A create entry goes through create, not apply.",
        { kind: entry.action.kind },
      );
    }
    return serialised(entry.repo, async () => {
      const chain = chains.get(entry.repo) ?? [];
      const head = chain.at(-1) ?? null;
      const block = sealDirectoryBlock(head, entry, sealKey, now());
      // Judged before storing: a refused entry leaves no block and no state change behind.
      const state = applyEntry(states.get(entry.repo) ?? null, entry, { height: block.height, hash: block.hash, time: block.time });
      await storage.append(entry.repo, block);
      chains.set(entry.repo, Object.freeze([...chain, block]));
      states.set(entry.repo, state);
      for (const listener of [...listeners]) {
        try {
          listener(state, block);
        } catch (e) {
          // The block is sealed and stored whatever a listener does; its failure is its own.
          console.error("A directory listener failed:", e);
        }
      }
      return state;
    });
  }

  return {
    create: (entry) => seal(entry, true),
    apply: (entry) => seal(entry, false),
    get: (repo) => states.get(repo),
    list: () => [...states.values()].sort((a, b) => (a.fullName < b.fullName ? -1 : a.fullName > b.fullName ? 1 : 0)),
    history: (repo) => chains.get(repo) ?? [],
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
