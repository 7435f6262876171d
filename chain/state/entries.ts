/**
 * System state entries: chain-level records that are not accounts (names, chain parameters),
 * kept in the same sparse Merkle tree as the accounts so that the block's state root commits to
 * them and a light client can prove them like an account.
 *
 * An entry is identified by a string id with a kind prefix ("name:alice.shop", "param:namePrice");
 * its tree key is sha256("aergo/entry:" ‖ utf8(id)), domain-separated from account keys
 * (sha256("aergo/account:" ‖ address)) so the two can never collide. Its value is opaque bytes
 * owned by the module of its kind (chain/names/nameRecord.ts for names). The id is recorded as a
 * preimage beside the nodes (like account preimages, see preimages.ts) so that a state diff can
 * tell an entry from an account when it walks the tree.
 */
import { sha256, utf8Bytes } from "../crypto/hash.ts";
import type { NodeStore } from "./nodeStore.ts";

const ENTRY_KEY_PREFIX = utf8Bytes("aergo/entry:");
const ENTRY_PREIMAGE_DOMAIN = utf8Bytes("aergo/entry-preimage:");

/** The 32-byte state key of a system entry: public, so a light client can derive it too. */
export function entryStateKey(id: string): Uint8Array {
  return sha256(ENTRY_KEY_PREFIX, utf8Bytes(id));
}

/** Records the id behind an entry's state key, unless the store has it already. */
export function putEntryPreimage(store: NodeStore, stateKey: Uint8Array, id: string): void {
  const at = sha256(ENTRY_PREIMAGE_DOMAIN, stateKey);
  if (store.get(at) !== undefined) return;
  store.put(at, utf8Bytes(id));
}

/** True when the store knows `stateKey` as a system entry's key (not an account's). */
export function isEntryKey(store: NodeStore, stateKey: Uint8Array): boolean {
  return store.get(sha256(ENTRY_PREIMAGE_DOMAIN, stateKey)) !== undefined;
}
