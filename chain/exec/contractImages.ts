import { sha256, utf8Bytes } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { NodeStore } from "../state/nodeStore.ts";

/**
 * A contract's database as the store keeps it, version after version: the SQLite file cut into
 * its pages, each page stored once under the hash of its bytes, and per version a page table
 * (the pages' hashes, in chunks that are content-addressed too). A block that changes one row
 * adds the few pages it rewrote, the chunks that name them and a small record, not the whole
 * file; versions share every page they have in common, across heights and branches.
 *
 * The stored form is exact: a version reads back as the very bytes SQLite serialized, so a
 * restarted node opens byte-identical databases (replaying row changes would not: rowids, page
 * layout and foreign-key actions could differ). A record may also be a whole SQLite file: the
 * form of earlier data folders, and of the scratch stores a parallel block group fills.
 */

/** Hashes per chunk of a page table: 4 KiB of hashes, so one chunk names 512 KiB of 4 KiB pages. */
export const PAGES_PER_CHUNK = 128;
const HASH = 32;
const PAGE_PREFIX = utf8Bytes("aergo/contract-page:");
const CHUNK_PREFIX = utf8Bytes("aergo/contract-page-table:");
/** A page table record starts with these bytes; a SQLite file starts with "SQLite format 3\0". */
const TABLE_MAGIC = utf8Bytes("AIMG");
const TABLE_VERSION = 1;
const HEADER = TABLE_MAGIC.length + 1 + 4 + 4;
const SQLITE_MAGIC = utf8Bytes("SQLite format 3\u0000");

/** The page hashes of a stored version, flat (32 bytes a page), and its chunks' hashes. */
export type PageTable = { readonly pageSize: number; readonly pageHashes: Uint8Array; readonly chunkHashes: Uint8Array };

/** A version of a contract's database: its bytes and, when stored as pages, their table. */
export type ContractImage = { readonly bytes: Uint8Array; readonly pages: PageTable | null };

/** The page size a SQLite file declares (bytes 16–17; 1 stands for 65,536), or 0 when `bytes` is no SQLite file. */
function sqlitePageSize(bytes: Uint8Array): number {
  if (bytes.length < 100) return 0;
  for (let i = 0; i < SQLITE_MAGIC.length; i++) if (bytes[i] !== SQLITE_MAGIC[i]) return 0;
  const raw = (bytes[16]! << 8) | bytes[17]!;
  return validPageSize(raw === 1 ? 65536 : raw);
}

/** A power of two from 512 to 65,536 (SQLite's own rule), else 0: anything else is stored whole. */
const validPageSize = (size: number) => (size >= 512 && size <= 65536 && (size & (size - 1)) === 0 ? size : 0);

/**
 * Whether two equally long byte runs are equal. Pages go to memcmp through Node's Buffer where
 * there is one (a 20 MiB contract's pages compare in ~1 ms instead of ~6 in a JavaScript loop);
 * hashes, and pages where there is no Buffer, are compared here, four bytes a step where both
 * are aligned (a native call costs more than 32 bytes compared).
 */
const nativeCompare = (globalThis as { Buffer?: { compare(a: Uint8Array, b: Uint8Array): number } }).Buffer?.compare;
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (nativeCompare && a.length >= 256) return nativeCompare(a, b) === 0;
  if ((a.byteOffset & 3) === 0 && (b.byteOffset & 3) === 0) {
    const x = new Int32Array(a.buffer, a.byteOffset, a.length >>> 2);
    const y = new Int32Array(b.buffer, b.byteOffset, b.length >>> 2);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const chunkCount = (pages: number) => Math.ceil(pages / PAGES_PER_CHUNK);

/**
 * Stores `bytes` (a serialized contract database) under `key` and returns the stored version.
 * `previous`: the version last stored through this store (or read from it), whose equal pages
 * and chunks are neither hashed nor written again; null hashes and writes every page.
 * The store takes `bytes` whole only when it is no SQLite file (then it is kept as it is).
 * `transient`: `bytes` is a view valid only during this call (SQLite's heap), and the caller gives
 * `previous` up: the returned version's bytes are `previous`'s buffer with the changed pages
 * copied in when it is a paged version of the same size, else a copy.
 */
export function putContractImage(store: NodeStore, key: Uint8Array, bytes: Uint8Array, previous: ContractImage | null, transient = false): ContractImage {
  const pageSize = sqlitePageSize(bytes);
  if (pageSize === 0 || bytes.length % pageSize !== 0) {
    const kept = transient ? bytes.slice() : bytes;
    store.put(key, kept);
    return { bytes: kept, pages: null };
  }
  const n = bytes.length / pageSize;
  const before = previous?.pages?.pageSize === pageSize ? previous : null;
  const beforeN = before ? before.bytes.length / pageSize : 0;
  // Only a paged version's buffer is the caller's alone: a whole file read back may be the store's own value.
  const kept = !transient ? bytes : before !== null && beforeN === n ? before.bytes : null;
  const copy = transient && kept === null ? new Uint8Array(bytes.length) : null;
  const pageHashes = new Uint8Array(n * HASH);
  const chunks = chunkCount(n);
  const chunkChanged = new Uint8Array(chunks);
  for (let i = 0; i < n; i++) {
    const page = bytes.subarray(i * pageSize, (i + 1) * pageSize);
    if (before && i < beforeN && sameBytes(page, before.bytes.subarray(i * pageSize, (i + 1) * pageSize))) {
      pageHashes.set(before.pages!.pageHashes.subarray(i * HASH, (i + 1) * HASH), i * HASH);
      copy?.set(page, i * pageSize);
      continue;
    }
    const hash = sha256(PAGE_PREFIX, page);
    pageHashes.set(hash, i * HASH);
    // A copy: a view would keep the whole file alive for as long as the store holds this page.
    store.put(hash, page.slice());
    chunkChanged[Math.floor(i / PAGES_PER_CHUNK)] = 1;
    if (transient) (kept ?? copy)!.set(page, i * pageSize);
  }
  const chunkHashes = new Uint8Array(chunks * HASH);
  for (let c = 0; c < chunks; c++) {
    const from = c * PAGES_PER_CHUNK;
    const to = Math.min(n, from + PAGES_PER_CHUNK);
    // The chunk is the previous one when it covers the same pages and none of them changed.
    if (before && !chunkChanged[c] && to === Math.min(beforeN, from + PAGES_PER_CHUNK)) {
      chunkHashes.set(before.pages!.chunkHashes.subarray(c * HASH, (c + 1) * HASH), c * HASH);
      continue;
    }
    const table = pageHashes.slice(from * HASH, to * HASH);
    const hash = sha256(CHUNK_PREFIX, table);
    chunkHashes.set(hash, c * HASH);
    store.put(hash, table);
  }
  const record = new Uint8Array(HEADER + chunkHashes.length);
  record.set(TABLE_MAGIC, 0);
  const view = new DataView(record.buffer);
  record[TABLE_MAGIC.length] = TABLE_VERSION;
  view.setUint32(TABLE_MAGIC.length + 1, pageSize);
  view.setUint32(TABLE_MAGIC.length + 5, n);
  record.set(chunkHashes, HEADER);
  store.put(key, record);
  return { bytes: (kept ?? copy)!, pages: { pageSize, pageHashes, chunkHashes } };
}

const corrupt = (what: string) => new ChainError(ErrorCode.StoreCorrupt, `A contract database in the store is damaged: ${what}.`);

/**
 * The version stored under `key`, assembled from its pages (or as stored, when it was kept
 * whole), or null when nothing is stored there. `near`: a version already at hand (the one a
 * reader holds) whose chunks and pages equal to this version's are copied from it instead of
 * read from the store. `reuse`: the caller gives `near` up, and a version of the same size is
 * assembled in its bytes (equal pages are then not even copied, and no fresh buffer is touched:
 * the page faults of a new 4 MiB buffer cost more than reading its pages).
 * @throws ChainError STORE_CORRUPT when a page, a chunk or the record itself is missing or malformed.
 */
export function getContractImage(store: NodeStore, key: Uint8Array, near: ContractImage | null = null, reuse = false): ContractImage | null {
  const record = store.get(key);
  if (!record) return null;
  if (!isPageTable(record)) return { bytes: record, pages: null };
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (record[TABLE_MAGIC.length] !== TABLE_VERSION) throw corrupt(`page table version ${record[TABLE_MAGIC.length]} is unknown`);
  const pageSize = view.getUint32(TABLE_MAGIC.length + 1);
  const n = view.getUint32(TABLE_MAGIC.length + 5);
  const chunks = chunkCount(n);
  if (record.length !== HEADER + chunks * HASH || validPageSize(pageSize) === 0) throw corrupt("a page table's record has the wrong size");
  const from = near?.pages?.pageSize === pageSize ? near : null;
  const fromN = from ? from.bytes.length / pageSize : 0;
  const chunkHashes = record.slice(HEADER);
  const pageHashes = new Uint8Array(n * HASH);
  const inPlace = reuse && from !== null && fromN === n;
  const bytes = inPlace ? from.bytes : new Uint8Array(n * pageSize);
  for (let c = 0; c < chunks; c++) {
    const first = c * PAGES_PER_CHUNK;
    const end = Math.min(n, first + PAGES_PER_CHUNK);
    const hash = chunkHashes.subarray(c * HASH, (c + 1) * HASH);
    // A chunk's hash names its page hashes, hence its pages: an equal chunk is copied whole.
    if (from && end <= fromN && sameBytes(hash, from.pages!.chunkHashes.subarray(c * HASH, (c + 1) * HASH))) {
      pageHashes.set(from.pages!.pageHashes.subarray(first * HASH, end * HASH), first * HASH);
      if (!inPlace) bytes.set(from.bytes.subarray(first * pageSize, end * pageSize), first * pageSize);
      continue;
    }
    const table = store.get(hash);
    if (!table || table.length !== (end - first) * HASH) throw corrupt(`chunk ${c} of a page table is ${table ? "the wrong size" : "missing"}`);
    pageHashes.set(table, first * HASH);
    for (let i = first; i < end; i++) {
      const pageHash = pageHashes.subarray(i * HASH, (i + 1) * HASH);
      if (from && i < fromN && sameBytes(pageHash, from.pages!.pageHashes.subarray(i * HASH, (i + 1) * HASH))) {
        if (!inPlace) bytes.set(from.bytes.subarray(i * pageSize, (i + 1) * pageSize), i * pageSize);
        continue;
      }
      const page = store.get(pageHash);
      if (!page || page.length !== pageSize) throw corrupt(`page ${i + 1} is ${page ? "the wrong size" : "missing"}`);
      bytes.set(page, i * pageSize);
    }
  }
  return { bytes, pages: { pageSize, pageHashes, chunkHashes } };
}

const isPageTable = (record: Uint8Array) => record.length >= HEADER && TABLE_MAGIC.every((b, i) => record[i] === b);
