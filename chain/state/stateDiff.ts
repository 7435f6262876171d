/**
 * Row-level diff of two world states: which accounts and which contract rows differ between two
 * state roots, named and decoded for a person (address; contract, table, primary key, cells).
 *
 * It walks only what differs: the account tree diff skips every subtree the two roots share, and
 * only the contracts whose storage root differs get their row trees diffed, the same way. So the
 * cost follows the size of the change, not the size of the state. Key hashes are named through
 * the preimages recorded at write time (preimages.ts); values come from the store by value hash.
 *
 * What is reported where (a person cares about rows, not roots):
 * - `accounts`: accounts added, removed, or whose balance, nonce, stake, votes or code changed.
 *   A contract account whose only change is its storage root is not listed here; its rows are.
 * - `rows`: for each contract whose storage root differs (a contract present on one side only
 *   is compared with the empty tree, so all its rows are added or removed), every row added,
 *   removed or changed.
 * - `unresolvedRows`: rows whose key preimage the store lacks (written before preimages were
 *   recorded): their values are known, not their table or key.
 *
 * Order: accounts in state-key order; rows grouped by contract (in the contracts' state-key
 * order), each contract's rows in row state-key order. Deterministic, not alphabetical.
 *
 * A pure function of a NodeStore and two roots: no node, no SQL engine.
 */
import { bytesEqual, toHex } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { decodeCells } from "../sql/runtime/stateEncoding.ts";
import type { SqlValue } from "../sql/types.ts";
import { accountStateKey, decodeAccount, type Account } from "./account.ts";
import { isEntryKey } from "./entries.ts";
import type { NodeStore } from "./nodeStore.ts";
import { readAccountPreimage, readRowPreimage } from "./preimages.ts";
import { createSparseMerkleTree, EMPTY_ROOT, type SparseMerkleTree } from "./smt.ts";

/** An account that differs between the two states. */
export type AccountDiff = {
  /** The account's address; null when the store lacks its key preimage (see preimages.ts). */
  readonly address: string | null;
  /** The account's state tree key. */
  readonly stateKey: Uint8Array;
  /** The account under the first root; null when absent there. */
  readonly before: Account | null;
  /** The account under the second root; null when absent there. */
  readonly after: Account | null;
};

/** A contract row that differs between the two states. */
export type RowDiff = {
  readonly contract: string;
  readonly table: string;
  /** The primary key's cells, in key order. */
  readonly key: SqlValue[];
  /** Every cell in column order under the first root; null when the row is absent there (added). */
  readonly before: SqlValue[] | null;
  /** Every cell in column order under the second root; null when the row is absent there (removed). */
  readonly after: SqlValue[] | null;
};

/** A row whose key preimage is missing from the store: its values, but not its table or key. */
export type UnresolvedRowDiff = {
  /** The contract holding it; null when the contract account's preimage is missing too. */
  readonly contract: string | null;
  readonly stateKey: Uint8Array;
  readonly before: SqlValue[] | null;
  readonly after: SqlValue[] | null;
};

/** Filters and bounds of {@link diffStates}. */
export type StateDiffOptions = {
  /** Only this contract: its account (if more than its storage root changed) and its rows. */
  readonly contract?: string;
  /**
   * Only rows of this table (case-insensitive, as SQL names are); no accounts are reported.
   * Unresolved rows, whose table is unknown, are still listed.
   */
  readonly table?: string;
  /** Report at most this many entries (accounts and rows together); `truncated` says more differ. */
  readonly limit?: number;
};

/** The differences between two world states; see the module comment for what goes where. */
export type StateDiff = {
  readonly accounts: AccountDiff[];
  readonly rows: RowDiff[];
  readonly unresolvedRows: UnresolvedRowDiff[];
  /** True when `limit` stopped the diff before every difference was reported. */
  readonly truncated: boolean;
};

/**
 * The row-level differences between the world states at `rootA` and `rootB`.
 *
 * @param store - The node store holding both states (nodes, values and key preimages).
 * @param rootA - The first ("before") state root.
 * @param rootB - The second ("after") state root.
 * @param opts - Optional contract and table filters and an entry limit.
 * @returns The accounts and rows that differ, decoded; `truncated` when the limit cut it short.
 * @throws ChainError BAD_REQUEST for a limit that is not a non-negative integer or a root that is
 * not 32 bytes, INVALID_ADDRESS for a malformed contract filter, STORE_CORRUPT when a value or
 * preimage reachable from the roots is missing or malformed; the tree's Error when one of its
 * nodes is missing.
 * @example
 * ```ts
 * const d = diffStates(store.nodes, decodeHash(node.stateRoot(h1)), decodeHash(node.stateRoot(h2)), { table: "balances", limit: 100 });
 * for (const r of d.rows) console.log(r.table, r.key, r.before, "→", r.after);
 * ```
 */
export function diffStates(store: NodeStore, rootA: Uint8Array, rootB: Uint8Array, opts: StateDiffOptions = {}): StateDiff {
  const limit = opts.limit ?? Infinity;
  if (limit !== Infinity && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new ChainError(ErrorCode.BadRequest, "The diff limit must be a non-negative integer.", { limit });
  }
  for (const root of [rootA, rootB]) {
    if (!(root instanceof Uint8Array) || root.length !== 32) throw new ChainError(ErrorCode.BadRequest, "A state root must be 32 bytes.");
  }
  const table = opts.table?.toLowerCase();
  const smt = createSparseMerkleTree(store);
  const out = { accounts: [] as AccountDiff[], rows: [] as RowDiff[], unresolvedRows: [] as UnresolvedRowDiff[], truncated: false };
  let reported = 0;
  // Makes room for one more entry, or marks the diff truncated when the limit is reached.
  const room = (): boolean => {
    if (reported >= limit) out.truncated = true;
    else reported++;
    return !out.truncated;
  };

  walk: for (const [stateKey, before, after] of accountChanges(smt, rootA, rootB, opts.contract)) {
    // System entries (names, parameters: entries.ts) share the tree but are not accounts; the
    // diff reports accounts and rows only (names are read through node.resolveName).
    if (opts.contract === undefined && isEntryKey(store, stateKey)) continue;
    const a = before === undefined ? null : readAccount(store, before);
    const b = after === undefined ? null : readAccount(store, after);
    const address = opts.contract ?? readAccountPreimage(store, stateKey);
    if (table === undefined && !sameButStorage(a, b)) {
      if (!room()) break walk;
      out.accounts.push({ address, stateKey, before: a, after: b });
    }
    const storageA = a?.contract?.storageRoot ?? EMPTY_ROOT;
    const storageB = b?.contract?.storageRoot ?? EMPTY_ROOT;
    if (bytesEqual(storageA, storageB)) continue;
    for (const [rowKey, valueA, valueB] of smt.diff(storageA, storageB)) {
      const row = readRowPreimage(store, rowKey);
      if (row !== null && table !== undefined && row.table.toLowerCase() !== table) continue;
      if (!room()) break walk;
      const rowBefore = valueA === undefined ? null : readRow(store, valueA);
      const rowAfter = valueB === undefined ? null : readRow(store, valueB);
      if (row === null) out.unresolvedRows.push({ contract: address, stateKey: rowKey, before: rowBefore, after: rowAfter });
      else out.rows.push({ contract: row.contract, table: row.table, key: decodeStored(row.key, "row key"), before: rowBefore, after: rowAfter });
    }
  }
  return out;
}

/**
 * The account keys whose values differ: the whole account tree diff, or (with a contract
 * filter) just that account's two value hashes, two tree paths.
 */
function accountChanges(smt: SparseMerkleTree, rootA: Uint8Array, rootB: Uint8Array, contract: string | undefined): Iterable<[Uint8Array, Uint8Array | undefined, Uint8Array | undefined]> {
  if (contract === undefined) return smt.diff(rootA, rootB);
  let key: Uint8Array;
  try {
    key = accountStateKey(contract);
  } catch {
    throw new ChainError(ErrorCode.InvalidAddress, `${contract} is not a valid address.`, { contract });
  }
  const a = smt.get(rootA, key);
  const b = smt.get(rootB, key);
  const same = a === undefined ? b === undefined : b !== undefined && bytesEqual(a, b);
  return same ? [] : [[key, a, b]];
}

/** True when two versions of an account differ at most in their contract's storage root. */
function sameButStorage(a: Account | null, b: Account | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.balance !== b.balance || a.nonce !== b.nonce || a.staked !== b.staked) return false;
  if (a.votes.length !== b.votes.length || a.votes.some((v, i) => v !== b.votes[i])) return false;
  if (!a.contract || !b.contract) return !a.contract && !b.contract;
  return bytesEqual(a.contract.codeHash, b.contract.codeHash);
}

function readValue(store: NodeStore, valueHash: Uint8Array, what: string): Uint8Array {
  const bytes = store.get(valueHash);
  if (bytes === undefined) throw new ChainError(ErrorCode.StoreCorrupt, `The ${what} with value hash ${toHex(valueHash)} is missing from the store.`, { valueHash: toHex(valueHash) });
  return bytes;
}

function readAccount(store: NodeStore, valueHash: Uint8Array): Account {
  const bytes = readValue(store, valueHash, "account");
  try {
    return decodeAccount(bytes);
  } catch {
    throw new ChainError(ErrorCode.StoreCorrupt, `The account with value hash ${toHex(valueHash)} is malformed in the store.`, { valueHash: toHex(valueHash) });
  }
}

function readRow(store: NodeStore, valueHash: Uint8Array): SqlValue[] {
  return decodeStored(readValue(store, valueHash, "row"), "row value");
}

/** Canonical cells to values; malformed cells mean a corrupt store, not a bad request. */
function decodeStored(cells: Uint8Array, what: string): SqlValue[] {
  try {
    return decodeCells(cells);
  } catch {
    throw new ChainError(ErrorCode.StoreCorrupt, `A ${what} in the store is malformed.`);
  }
}
