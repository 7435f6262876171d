/**
 * Preimages of state tree keys: what turns a key hash found by a diff back into the thing a
 * person recognises (an address; a contract, table and primary key).
 *
 * Tree keys are hashes (accountStateKey, rowStateKey), so a tree alone cannot say which account
 * or row a key stands for. When an account or a row is written, the bytes its key was hashed
 * from are stored beside the nodes (once: a key's preimage never changes), under a
 * domain-separated hash of the key (so they can never collide with a node, a value, or each
 * other). Like nodes, they go through `store.put`, so they land with the block that wrote them:
 *
 *   account:  sha256("aergo/account-preimage:" ‖ stateKey)  →  the address's 33 bytes (decodeAddress)
 *   row:      sha256("aergo/row-preimage:" ‖ stateKey)      →  u32 len ‖ contract (UTF-8)
 *                                                                ‖ u32 len ‖ table (UTF-8)
 *                                                                ‖ primary-key cells
 *
 * (u32: big-endian byte length; cells: the canonical cell encoding of stateEncoding.ts.) Both
 * are exactly the bytes the state key hashes after its domain tag, so a reader checks a
 * preimage by hashing it again: a wrong or corrupt preimage cannot name the wrong row.
 *
 * Preimages are not part of the state root: a store may lack them (state written before they
 * were recorded), and readers must cope with that.
 */
import { decodeAddress, encodeAddress } from "../crypto/address.ts";
import { bytesEqual, bytesKey, sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { accountStateKey } from "./account.ts";
import type { NodeStore } from "./nodeStore.ts";

const ACCOUNT_PREIMAGE_DOMAIN = utf8Bytes("aergo/account-preimage:");
const ROW_PREIMAGE_DOMAIN = utf8Bytes("aergo/row-preimage:");
/** The tag rowStateKey hashes before the preimage (chain/sql/runtime/stateEncoding.ts). */
const ROW_KEY_DOMAIN = utf8Bytes("aergo/sql-row");
// One decoder for the module: constructing a TextDecoder per call costs more than decoding a name.
const utf8 = new TextDecoder();

/**
 * State keys whose preimage a store is known to hold (written or read here), per store: hot
 * accounts and rows are rewritten block after block, and each seal looked each one up in the
 * store again (a hash and an LMDB read per changed row). Bounded; a miss only costs that lookup.
 * A preimage never changes once stored, so a key known here stays true for the store.
 */
const known = new WeakMap<NodeStore, Set<string>>();
const KNOWN_PER_STORE = 200_000;

/** Whether the preimage of `stateKey` is known to be in `store`; if not, runs `put` when the store lacks it. */
function recordOnce(store: NodeStore, stateKey: Uint8Array, at: () => Uint8Array, bytes: () => Uint8Array): void {
  let set = known.get(store);
  if (!set) known.set(store, (set = new Set()));
  const id = bytesKey(stateKey);
  if (set.has(id)) return;
  const key = at();
  if (store.get(key) === undefined) store.put(key, bytes());
  if (set.size >= KNOWN_PER_STORE) set.clear();
  set.add(id);
}

/** The row a row preimage names; `key` is the primary key's canonical cells. */
export type RowPreimage = { readonly contract: string; readonly table: string; readonly key: Uint8Array };

/**
 * The store key of the preimage of an account's state key.
 * @throws Never.
 */
export function accountPreimageKey(stateKey: Uint8Array): Uint8Array {
  return sha256(ACCOUNT_PREIMAGE_DOMAIN, stateKey);
}

/**
 * The store key of the preimage of a row's state key.
 * @throws Never.
 */
export function rowPreimageKey(stateKey: Uint8Array): Uint8Array {
  return sha256(ROW_PREIMAGE_DOMAIN, stateKey);
}

/**
 * Records the address behind an account's state key, unless the store has it already.
 * @throws ChainError INVALID_ADDRESS when `address` is not a valid address.
 */
export function putAccountPreimage(store: NodeStore, stateKey: Uint8Array, address: string): void {
  // Hot accounts are rewritten every block: a read (or the memory of one) is cheaper than a
  // durable rewrite. A copy: decodeAddress hands out its cached array, and the store takes
  // ownership of what it gets.
  recordOnce(store, stateKey, () => accountPreimageKey(stateKey), () => decodeAddress(address).slice());
}

/**
 * The address behind an account's state key, or null when the store has no preimage for it.
 * @throws ChainError STORE_CORRUPT when the stored preimage does not hash to `stateKey`.
 */
export function readAccountPreimage(store: NodeStore, stateKey: Uint8Array): string | null {
  const bytes = store.get(accountPreimageKey(stateKey));
  if (bytes === undefined) return null;
  let address: string;
  try {
    address = encodeAddress(bytes.slice());
  } catch {
    throw corrupt("an account", stateKey);
  }
  if (!bytesEqual(accountStateKey(address), stateKey)) throw corrupt("an account", stateKey);
  return address;
}

/**
 * The preimage bytes of a row's state key (layout in the module comment).
 * @throws Never.
 * @example
 * ```ts
 * sha256(utf8Bytes("aergo/sql-row"), encodeRowPreimage(c, t, k)); // equals rowStateKey(c, t, k)
 * ```
 */
export function encodeRowPreimage(contract: string, table: string, key: Uint8Array): Uint8Array {
  const c = utf8Bytes(contract);
  const t = utf8Bytes(table);
  const out = new Uint8Array(8 + c.length + t.length + key.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, c.length);
  out.set(c, 4);
  view.setUint32(4 + c.length, t.length);
  out.set(t, 8 + c.length);
  out.set(key, 8 + c.length + t.length);
  return out;
}

/**
 * Splits row preimage bytes into contract, table and key cells.
 * @throws ChainError STORE_CORRUPT when the lengths do not fit the bytes.
 */
export function decodeRowPreimage(bytes: Uint8Array): RowPreimage {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = () => new ChainError(ErrorCode.StoreCorrupt, "A row key preimage in the store is malformed.");
  if (bytes.length < 8) throw bad();
  const c = view.getUint32(0);
  if (4 + c + 4 > bytes.length) throw bad();
  const t = view.getUint32(4 + c);
  if (8 + c + t > bytes.length) throw bad();
  return {
    contract: utf8.decode(bytes.subarray(4, 4 + c)),
    table: utf8.decode(bytes.subarray(8 + c, 8 + c + t)),
    key: bytes.slice(8 + c + t),
  };
}

/**
 * Records the row behind a row's state key, unless the store has it already.
 * @throws Never.
 */
export function putRowPreimage(store: NodeStore, stateKey: Uint8Array, contract: string, table: string, key: Uint8Array): void {
  // Hot rows (balances) are rewritten block after block: skip the encoding and the rewrite.
  recordOnce(store, stateKey, () => rowPreimageKey(stateKey), () => encodeRowPreimage(contract, table, key));
}

/**
 * The row behind a row's state key, or null when the store has no preimage for it.
 * @throws ChainError STORE_CORRUPT when the stored preimage is malformed or does not hash to `stateKey`.
 */
export function readRowPreimage(store: NodeStore, stateKey: Uint8Array): RowPreimage | null {
  const bytes = store.get(rowPreimageKey(stateKey));
  if (bytes === undefined) return null;
  // One buffer, one hash call: the fast one-shot path of sha256 (see crypto/hash.ts).
  if (!bytesEqual(sha256(ROW_KEY_DOMAIN, bytes), stateKey)) throw corrupt("a row", stateKey);
  return decodeRowPreimage(bytes);
}

function corrupt(what: "an account" | "a row", stateKey: Uint8Array): ChainError {
  return new ChainError(ErrorCode.StoreCorrupt, `The stored preimage of ${what} state key ${toHex(stateKey)} does not match the key.`, { stateKey: toHex(stateKey) });
}
