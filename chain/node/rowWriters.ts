/**
 * Which transaction of a block wrote each contract row last: one compact record per block,
 * kept beside the state nodes so it commits with the block (all or nothing).
 *
 *   key:    sha256("aergo/row-writers:" ‖ block hash)
 *   value:  u32 count ‖ count × (32-byte row state key ‖ u32 transaction index), sorted by key
 *
 * A state tree only says that a row changed between two blocks; this record says which of the
 * block's transactions did it, so row history can name the transaction without re-running the
 * block. Rows a merge wrote without a transaction (consistent merges, contracts taken whole) have
 * no entry. Not part of any root: blocks sealed before it was kept simply have none.
 */
import { bytesEqual, sha256, utf8Bytes } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { RowWriter } from "../exec/contracts.ts";
import type { NodeStore } from "../state/nodeStore.ts";

const DOMAIN = utf8Bytes("aergo/row-writers:");
const ENTRY = 36;

/** The store key of a block's row-writer record. @throws Never. */
export function rowWritersKey(blockHash: Uint8Array): Uint8Array {
  return sha256(DOMAIN, blockHash);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Encodes the writers of one block; `txIndexOf` maps a transaction hash to its index in the block.
 * A writer that is not one of the block's transactions is left out (its rows read as unattributed):
 * sealing must never fail over bookkeeping.
 * @throws Never.
 * @example encodeRowWriters(writers, (h) => pending.index.get(h));
 */
export function encodeRowWriters(writers: readonly RowWriter[], txIndexOf: (txHash: string) => number | undefined): Uint8Array {
  const known = writers.flatMap((w) => {
    const index = txIndexOf(w.txHash);
    return index === undefined ? [] : [{ stateKey: w.stateKey, index }];
  });
  known.sort((a, b) => compareBytes(a.stateKey, b.stateKey));
  const out = new Uint8Array(4 + known.length * ENTRY);
  const view = new DataView(out.buffer);
  view.setUint32(0, known.length);
  known.forEach((w, i) => {
    out.set(w.stateKey, 4 + i * ENTRY);
    view.setUint32(4 + i * ENTRY + 32, w.index);
  });
  return out;
}

/**
 * Records a block's row writers with the block's other nodes (nothing when no transaction wrote a row).
 * @throws Never.
 */
export function putRowWriters(store: NodeStore, blockHash: Uint8Array, writers: readonly RowWriter[], txIndexOf: (txHash: string) => number | undefined): void {
  if (writers.length === 0) return;
  store.put(rowWritersKey(blockHash), encodeRowWriters(writers, txIndexOf));
}

/**
 * The index (in its block) of the transaction that last wrote the row `stateKey` in the block
 * `blockHash`; null when the block has no record or no transaction of it wrote the row.
 * @throws ChainError STORE_CORRUPT when the record is malformed.
 */
export function rowWriterIndex(store: NodeStore, blockHash: Uint8Array, stateKey: Uint8Array): number | null {
  const bytes = store.get(rowWritersKey(blockHash));
  if (!bytes) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = bytes.length >= 4 ? view.getUint32(0) : -1;
  if (count < 0 || bytes.length !== 4 + count * ENTRY) throw new ChainError(ErrorCode.StoreCorrupt, "A block's row-writer record in the store is malformed.");
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = 4 + mid * ENTRY;
    const key = bytes.subarray(at, at + 32);
    if (bytesEqual(key, stateKey)) return view.getUint32(at + 32);
    if (compareBytes(key, stateKey) < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}
