import { sha256 } from "../crypto/hash.ts";
import { accountStateKey, decodeAccount, EMPTY_ACCOUNT, encodeAccount, isEmptyAccount, type Account } from "./account.ts";
import type { NodeStore } from "./nodeStore.ts";
import { entryStateKey, putEntryPreimage } from "./entries.ts";
import { putAccountPreimage } from "./preimages.ts";
import { createSparseMerkleTree, type SmtChange, type SmtProof } from "./smt.ts";

/**
 * The committed world state: accounts in a sparse Merkle tree whose nodes and values are
 * content-addressed in one NodeStore. Any root ever committed stays readable, which is what
 * makes reads at any height and O(1) branches possible.
 */
export function createWorldState(store: NodeStore) {
  const smt = createSparseMerkleTree(store);

  function readAccount(root: Uint8Array, address: string): Account {
    const valueHash = smt.get(root, accountStateKey(address));
    if (!valueHash) return EMPTY_ACCOUNT;
    const bytes = store.get(valueHash);
    if (!bytes) throw new Error("State value missing from the store.");
    return decodeAccount(bytes);
  }

  /** A system entry's bytes (names, chain parameters: entries.ts) under `root`, or null when absent. */
  function readEntry(root: Uint8Array, id: string): Uint8Array | null {
    const valueHash = smt.get(root, entryStateKey(id));
    if (!valueHash) return null;
    const bytes = store.get(valueHash);
    if (!bytes) throw new Error("State value missing from the store.");
    return bytes;
  }

  /**
   * Writes the changed accounts (and their key preimages, see preimages.ts) and system entries
   * (null removes one) in one tree update, and returns the new state root.
   */
  function commitAccounts(root: Uint8Array, changed: ReadonlyMap<string, Account>, entries: ReadonlyMap<string, Uint8Array | null> = new Map()): Uint8Array {
    const changes: SmtChange[] = [];
    for (const [id, value] of entries) {
      const key = entryStateKey(id);
      putEntryPreimage(store, key, id);
      if (value === null) {
        changes.push([key, null]);
        continue;
      }
      const valueHash = sha256(value);
      store.put(valueHash, value);
      changes.push([key, valueHash]);
    }
    for (const [address, account] of changed) {
      const key = accountStateKey(address);
      // The address behind the key hash, so that a state diff can name the account.
      putAccountPreimage(store, key, address);
      if (isEmptyAccount(account)) {
        changes.push([key, null]);
        continue;
      }
      const value = encodeAccount(account);
      const valueHash = sha256(value);
      store.put(valueHash, value);
      changes.push([key, valueHash]);
    }
    return changes.length ? smt.update(root, changes) : root;
  }

  function proveAccount(root: Uint8Array, address: string): { key: Uint8Array; valueHash: Uint8Array | null; value: Uint8Array | null; proof: SmtProof } {
    const key = accountStateKey(address);
    const valueHash = smt.get(root, key) ?? null;
    const value = valueHash ? (store.get(valueHash) ?? null) : null;
    return { key, valueHash, value, proof: smt.prove(root, key) };
  }

  function proveEntry(root: Uint8Array, id: string): { key: Uint8Array; valueHash: Uint8Array | null; value: Uint8Array | null; proof: SmtProof } {
    const key = entryStateKey(id);
    const valueHash = smt.get(root, key) ?? null;
    const value = valueHash ? (store.get(valueHash) ?? null) : null;
    return { key, valueHash, value, proof: smt.prove(root, key) };
  }

  return { smt, readAccount, readEntry, commitAccounts, proveAccount, proveEntry };
}
export type WorldState = ReturnType<typeof createWorldState>;

/**
 * The producer's pending state: writes land in an overlay over the head state, so a rejected
 * transaction changes nothing and sealing commits exactly the overlay.
 */
export class PendingState {
  private readonly overlay = new Map<string, Account>();
  /** Open transaction scopes, innermost last: a failed scope's writes are dropped whole. */
  private readonly scopes: Array<Map<string, Account>> = [];
  /** System entries (entries.ts) written in this block; null means removed. Same scoping as accounts. */
  private readonly entryOverlay = new Map<string, Uint8Array | null>();
  private readonly entryScopes: Array<Map<string, Uint8Array | null>> = [];

  /**
   * @param readHead - an account at the head state.
   * @param readHeadEntry - a system entry at the head state. Without it, entries read as absent:
   * only for states that never hold names or parameters (unit tests of accounts).
   */
  constructor(
    private readonly readHead: (address: string) => Account,
    private readonly readHeadEntry: (id: string) => Uint8Array | null = () => null,
  ) {}

  getEntry(id: string): Uint8Array | null {
    for (let i = this.entryScopes.length - 1; i >= 0; i--) {
      const scope = this.entryScopes[i]!;
      if (scope.has(id)) return scope.get(id)!;
    }
    return this.entryOverlay.has(id) ? this.entryOverlay.get(id)! : this.readHeadEntry(id);
  }

  setEntry(id: string, value: Uint8Array | null): void {
    (this.entryScopes[this.entryScopes.length - 1] ?? this.entryOverlay).set(id, value);
  }

  entryChanges(): ReadonlyMap<string, Uint8Array | null> {
    return this.entryOverlay;
  }

  get(address: string): Account {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const hit = this.scopes[i]!.get(address);
      if (hit) return hit;
    }
    return this.overlay.get(address) ?? this.readHead(address);
  }

  set(address: string, account: Account): void {
    (this.scopes[this.scopes.length - 1] ?? this.overlay).set(address, Object.freeze(account));
  }

  /** Runs `fn` as one unit: all of its writes land, or (if it throws) none do. Scopes nest. */
  atomically<T>(fn: () => T): T {
    const scope = new Map<string, Account>();
    const entryScope = new Map<string, Uint8Array | null>();
    this.scopes.push(scope);
    this.entryScopes.push(entryScope);
    let result: T;
    try {
      result = fn();
    } finally {
      this.scopes.pop();
      this.entryScopes.pop();
    }
    for (const [k, v] of scope) this.set(k, v);
    for (const [k, v] of entryScope) this.setEntry(k, v);
    return result;
  }

  changes(): ReadonlyMap<string, Account> {
    return this.overlay;
  }
}
