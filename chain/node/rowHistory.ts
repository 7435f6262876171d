/**
 * Row history ("blame"): the versions of one contract row on a branch, newest first, each with
 * the block and transaction that wrote it and the cells it changed.
 *
 * The walk goes back block by block through the branch's history (its base's blocks below its
 * base), reading the contract's storage root in each block's state root: where the root is the
 * same as the block before, the row cannot have changed and nothing more is read; where it moved,
 * the row's value hash in both trees says whether this row was part of it. The transaction comes
 * from the block's row-writer record (rowWriters.ts). Bounded twice: `limit` versions and
 * MAX_BLOCKS_SCANNED blocks per request; the answer says where it stopped (`nextBefore`).
 */
import { z } from "zod";
import { decodeAddress } from "../crypto/address.ts";
import { bytesEqual } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { BlockHeader } from "../block/header.ts";
import { sqlValueToJSON } from "../exec/contractTx.ts";
import type { ContractHistory } from "../exec/contractHistory.ts";
import type { Account } from "../state/account.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import { createSparseMerkleTree } from "../state/smt.ts";
import { cellFromJs, concatCells, decodeCells, rowStateKey } from "../sql/runtime/stateEncoding.ts";
import { tableKeyValue } from "../sql/runtime/args.ts";
import { ContractError } from "../sql/runtime/errors.ts";
import { DEFAULT_LIMITS, type ColumnAbi, type TableAbi } from "../sql/index.ts";
import type { MergeRecordJSON } from "./types.ts";

export const ROW_HISTORY_LIMIT_MAX = 100;
/** Blocks one request compares at most (empty blocks and blocks that left the contract alone included). */
export const MAX_BLOCKS_SCANNED = 5_000;

/** A primary key as table browsing shows it: one value per key column, in order. */
export const ZRowKey = z.array(z.union([z.string().max(140_000), z.number(), z.boolean(), z.null()])).min(1).max(64);
export const ZRowHistoryOptions = z
  .object({
    branch: z.string().optional(),
    /** Versions written below this height only (the previous page's `nextBefore`). */
    before: z.number().int().min(1).optional(),
    limit: z.number().int().min(1).max(ROW_HISTORY_LIMIT_MAX).optional(),
  })
  .strict();
export type RowHistoryOptions = z.infer<typeof ZRowHistoryOptions>;

/** One version of a row: what a block left it as. */
export type RowVersionJSON = {
  readonly height: number;
  readonly blockHash: string;
  readonly timestamp: number;
  /** The transaction that wrote the row last in that block; null when no transaction did (a merge's rows, or a block older than the record). */
  readonly txHash: string | null;
  /** When a merge into this branch is recorded at that height: where it came from. */
  readonly merge: { readonly source: string; readonly mode: string } | null;
  readonly kind: "created" | "updated" | "deleted";
  /** Every cell by column (JSON values: bigints as decimal text, blobs as 0x hex); null once deleted. */
  readonly values: Record<string, unknown> | null;
  /** The cells as they were before this version (null: the row did not exist). */
  readonly previous: Record<string, unknown> | null;
  /** Columns whose value this version changed (all of them when created or deleted). */
  readonly changed: string[];
};

/** Who last wrote a cell of the newest version shown. */
export type CellWriterJSON = { readonly height: number; readonly txHash: string | null };

export type RowHistoryJSON = {
  readonly contract: string;
  readonly table: string;
  readonly branch: string;
  readonly columns: string[];
  readonly primaryKey: string[];
  readonly key: unknown[];
  readonly versions: RowVersionJSON[];
  /**
   * Per column of the newest version shown, the version that last changed it; null when the walk
   * stopped before finding it (page on to learn it). Empty when that version is a deletion.
   */
  readonly cells: Record<string, CellWriterJSON | null>;
  /** Heights compared: from `fromHeight` down to `toHeight`; complete when the row's whole past was seen. */
  readonly scan: { readonly fromHeight: number; readonly toHeight: number; readonly blocksScanned: number; readonly complete: boolean };
  /** Pass as `before` for older versions; null when there are none. */
  readonly nextBefore: number | null;
};

/** What the walk reads from the node: one branch's history. */
export type RowHistorySource = {
  readonly store: NodeStore;
  readonly history: ContractHistory;
  readonly branch: string;
  readonly head: BlockHeader;
  readAccountAt(root: Uint8Array, address: string): Account;
  /** The branch's block header at `height` (≤ head); undefined where its history starts above it (a fork). */
  headerAt(height: number): BlockHeader | undefined;
  /** The transaction of block `height` that wrote the row `stateKey` last, or null. */
  writerAt(header: BlockHeader, stateKey: Uint8Array): string | null;
  /** Merges recorded into this branch. */
  readonly merges: readonly MergeRecordJSON[];
};

/**
 * The versions of the row `key` of `table` in `contract`, newest first.
 * @throws ChainError BAD_REQUEST (options, key), NOT_FOUND (contract, table, height)
 * @example readRowHistory(source, token, "balances", [alice], { limit: 20 })
 */
export function readRowHistory(src: RowHistorySource, contract: string, table: string, key: readonly unknown[], opts: RowHistoryOptions): RowHistoryJSON {
  decodeAddress(contract);
  const limit = opts.limit ?? 20;
  const start = Math.min(src.head.height, (opts.before ?? src.head.height + 1) - 1);
  const startHeader = src.headerAt(start);
  if (!startHeader) throw new ChainError(ErrorCode.NotFound, `${src.branch} has no block ${start}.`, { height: start });
  const code = src.history.info(contract, startHeader.stateRoot);
  if (!code) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${contract} on ${src.branch} at block ${start}.`);
  const abi = code.abi.tables.find((t) => t.name.toLowerCase() === table.toLowerCase());
  if (!abi) throw new ChainError(ErrorCode.NotFound, `${code.abi.name} has no table ${table}.`);
  const stateKey = rowStateKey(contract, abi.name, keyBytes(abi, key));
  const smt = createSparseMerkleTree(src.store);

  const storageRootAt = (h: BlockHeader) => src.readAccountAt(h.stateRoot, contract).contract?.storageRoot ?? null;
  const valueHashAt = (storageRoot: Uint8Array | null) => (storageRoot ? (smt.get(storageRoot, stateKey) ?? null) : null);
  // Columns per code hash: a redeploy may add columns, so each version is named by its own code.
  const columnsAt = (h: BlockHeader): string[] => (src.history.info(contract, h.stateRoot)?.abi.tables.find((t) => t.name.toLowerCase() === abi.name.toLowerCase())?.columns ?? abi.columns).map((c) => c.name);
  const cellsOf = (valueHash: Uint8Array | null, header: BlockHeader): Record<string, unknown> | null => {
    if (!valueHash) return null;
    const bytes = src.store.get(valueHash);
    if (!bytes) throw new ChainError(ErrorCode.StoreCorrupt, `A version of a row of ${abi.name} is missing from the store.`);
    const cells = decodeCells(bytes);
    const columns = columnsAt(header);
    return Object.fromEntries(columns.map((c, i) => [c, sqlValueToJSON(cells[i])]));
  };
  const mergeAt = (height: number) => {
    const m = src.merges.find((x) => x.targetHeight === height);
    return m ? { source: m.source, mode: m.mode } : null;
  };

  const versions: RowVersionJSON[] = [];
  let h = start;
  let header = startHeader;
  let root = storageRootAt(header);
  let current = valueHashAt(root);
  let scanned = 0;
  let complete = false;
  for (;;) {
    if (h === 0 || root === null) {
      complete = true;
      break;
    }
    if (versions.length >= limit || scanned >= MAX_BLOCKS_SCANNED) break;
    const prevHeader = src.headerAt(h - 1);
    if (!prevHeader) {
      // The chain's own history starts here (a fork's first block): nothing older to compare with.
      complete = true;
      break;
    }
    scanned++;
    // An empty block keeps the state root: nothing to read (main seals one every idle slot).
    const prevRoot = bytesEqual(prevHeader.stateRoot, header.stateRoot) ? root : storageRootAt(prevHeader);
    // Same storage root: no row of the contract changed in block h.
    if (!(prevRoot && bytesEqual(prevRoot, root))) {
      const previous = valueHashAt(prevRoot);
      if (!sameHash(previous, current)) {
        const values = cellsOf(current, header);
        const before = cellsOf(previous, prevHeader);
        const kind = before === null ? "created" : values === null ? "deleted" : "updated";
        const changed = kind === "updated" ? Object.keys(values!).filter((c) => !(c in before!) || JSON.stringify(values![c]) !== JSON.stringify(before![c])) : Object.keys(values ?? before!);
        versions.push({ height: h, blockHash: header.hashText, timestamp: header.timestamp, txHash: src.writerAt(header, stateKey), merge: mergeAt(h), kind, values, previous: before, changed });
      }
      current = previous;
    }
    h--;
    header = prevHeader;
    root = prevRoot;
  }

  return {
    contract,
    table: abi.name,
    branch: src.branch,
    columns: abi.columns.map((c) => c.name),
    primaryKey: abi.primaryKey,
    key: key.map(sqlValueToJSON),
    versions,
    cells: cellWriters(versions),
    scan: { fromHeight: start, toHeight: h, blocksScanned: scanned, complete },
    nextBefore: complete ? null : h + 1,
  };
}

/** Per cell of the newest version, the newest version that changed it (null: not within these versions). */
function cellWriters(versions: readonly RowVersionJSON[]): Record<string, CellWriterJSON | null> {
  const newest = versions[0]?.values;
  if (!newest) return {};
  const out: Record<string, CellWriterJSON | null> = Object.fromEntries(Object.keys(newest).map((c) => [c, null]));
  for (const v of versions) {
    for (const c of v.changed) if (c in out && out[c] === null) out[c] = { height: v.height, txHash: v.txHash };
    if (v.kind === "created") break;
  }
  return out;
}

const sameHash = (a: Uint8Array | null, b: Uint8Array | null) => (a === null || b === null ? a === b : bytesEqual(a, b));

/**
 * The canonical primary-key cells of `key`, as the runtime records a changed row's key
 * (chain/sql/runtime/changeRecorder.ts): each value converted to what its column holds.
 * @throws ChainError BAD_REQUEST when the key does not fit the table's primary key.
 */
function keyBytes(abi: TableAbi, key: readonly unknown[]): Uint8Array {
  const columns = abi.primaryKey.map((name) => abi.columns.find((c) => c.name === name)!);
  if (key.length !== columns.length) throw new ChainError(ErrorCode.BadRequest, `The key of ${abi.name} is ${columns.length} value${columns.length === 1 ? "" : "s"} (${abi.primaryKey.join(", ")}); ${key.length} given.`, { code: "BAD_KEY" });
  try {
    return concatCells(columns.map((c, i) => keyCell(c, key[i])));
  } catch (e) {
    if (e instanceof ContractError) throw new ChainError(ErrorCode.BadRequest, `The key does not fit ${abi.name}: ${e.message}.`, { code: "BAD_KEY" });
    throw e;
  }
}

const REAL_TYPES = new Set(["REAL", "FLOAT", "DOUBLE"]);
/** One key cell; a whole number in a REAL column is stored by SQLite as a real, so encoded as one. */
function keyCell(column: ColumnAbi, v: unknown): Uint8Array {
  const value = tableKeyValue(column, v, DEFAULT_LIMITS);
  if (typeof value === "number" && Number.isInteger(value) && REAL_TYPES.has(column.type.trim().split(/[\s(]/)[0]!.toUpperCase())) {
    const out = new Uint8Array(9);
    out[0] = cellFromJs(0.5)[0]!;
    new DataView(out.buffer).setFloat64(1, value);
    return out;
  }
  return cellFromJs(value);
}

