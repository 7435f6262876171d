import { sha256, toHex, utf8Bytes, utf8String } from "../crypto/hash.ts";
import { decodeAddress } from "../crypto/address.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import type { Account } from "../state/account.ts";
import type { ContractAbi, ContractArtifact, SqlEngine, SqlValue } from "../sql/index.ts";
import { viewHost } from "./contractTx.ts";
import { getContractImage, type ContractImage } from "./contractImages.ts";
import type { ViewJob } from "./executionWorker.ts";

const SNAPSHOT_PREFIX = utf8Bytes("aergo/contract-snapshot:");
const SOURCE_PREFIX = utf8Bytes("aergo/contract-source:");

/** Where a contract's source is kept: by its code hash (sha256 of the source). */
export const sourceKey = (codeHash: Uint8Array) => sha256(SOURCE_PREFIX, codeHash);
/** Where a contract's database is kept: one version per (contract, storage root), as pages (contractImages.ts). */
export const snapshotKey = (contract: string, root: Uint8Array) => sha256(SNAPSHOT_PREFIX, decodeAddress(contract), root);

/** What is known of a contract's code: its compiled artifact, ABI and source. */
export type ContractCode = { readonly artifact: ContractArtifact; readonly abi: ContractAbi; readonly source: string };

/**
 * Reads contracts as of any state root, on any branch: a state root names every contract's code
 * hash and storage root, and the store keeps the source per code hash and the database per
 * storage root. So a read needs no live database, and one reader serves every branch and height
 * (MVCC by state root). The history engine holds one contract database at a time per address,
 * reloaded when another root is asked for.
 */
export function createContractHistory(opts: { engine: SqlEngine; store: NodeStore; readAccountAt: (root: Uint8Array, address: string) => Account; compile: (source: string) => { artifact: ContractArtifact; abi: ContractAbi } }) {
  const { engine, store } = opts;
  /** Compiled code by code hash (hex): compiled once per process. */
  const codeByHash = new Map<string, ContractCode>();
  /** Which (storage root, code hash) of each contract the engine holds now, and that version's pages. */
  const loaded = new Map<string, { tag: string; image: ContractImage }>();
  /** The balances at a state root, as BALANCE() in a view at that height reads them. */
  const balancesAt = (root: Uint8Array) => (address: string) => opts.readAccountAt(root, address).balance;

  function codeOf(codeHash: Uint8Array): ContractCode | null {
    const key = toHex(codeHash);
    const hit = codeByHash.get(key);
    if (hit) return hit;
    const bytes = store.get(sourceKey(codeHash));
    if (!bytes) return null;
    const source = utf8String(bytes);
    const compiled = opts.compile(source);
    const code = { artifact: compiled.artifact, abi: compiled.abi, source };
    codeByHash.set(key, code);
    return code;
  }

  /** The contract account at `root`. @throws ChainError NOT_FOUND when it is no contract there. */
  function contractAt(address: string, root: Uint8Array) {
    const account = opts.readAccountAt(root, address);
    if (!account.contract) throw new ChainError(ErrorCode.NotFound, `The contract ${address} did not exist at that height.`);
    return account.contract;
  }

  /** Loads the contract as of `root` into the engine (kept while the same root is asked for). */
  function withContract<T>(address: string, root: Uint8Array, run: (code: ContractCode) => T): T {
    const c = contractAt(address, root);
    const code = codeOf(c.codeHash);
    if (!code) throw new ChainError(ErrorCode.StoreCorrupt, `The code of contract ${address} is missing from the store.`);
    const tag = `${toHex(c.storageRoot)}:${toHex(c.codeHash)}`;
    const held = loaded.get(address);
    if (held?.tag !== tag) {
      // Another version of the same contract shares most pages with the one held: read only the rest.
      // The held version's bytes are this reader's alone (the engine copied them): assembled over
      // in place, so it is forgotten first (a failure half-way leaves it neither version).
      loaded.delete(address);
      const image = getContractImage(store, snapshotKey(address, c.storageRoot), held?.image ?? null, true);
      if (!image) throw new ChainError(ErrorCode.StoreCorrupt, `The state of contract ${address} at that height is missing from the store.`);
      engine.restore(address, image.bytes, code.artifact);
      loaded.set(address, { tag, image });
    }
    return run(code);
  }

  function requireTable(code: ContractCode, table: string) {
    if (!code.abi.tables.some((t) => t.name.toLowerCase() === table.toLowerCase())) throw new ChainError(ErrorCode.NotFound, `${code.abi.name} has no table ${table}.`);
  }

  return {
    codeOf,
    /** The contract's code as of `root`, or null when there is no contract at that address then. */
    info(address: string, root: Uint8Array): ContractCode | null {
      const account = opts.readAccountAt(root, address);
      return account.contract ? codeOf(account.contract.codeHash) : null;
    },
    /** Runs a view as of `at`; `timeBudgetMs`: a slice (engine.query). */
    query(address: string, view: string, args: unknown, at: { stateRoot: Uint8Array; height: number }, timeBudgetMs?: number) {
      return withContract(address, at.stateRoot, () => {
        engine.setHost(viewHost(balancesAt(at.stateRoot)));
        return engine.query(address, view, args, { blockHeight: at.height, ...(timeBudgetMs === undefined ? {} : { timeBudgetMs }) });
      });
    },
    /** The execution worker's job for a view as of `at`, and the balances it reads (aer), as `query` runs it. */
    viewJob(address: string, view: string, args: unknown, at: { stateRoot: Uint8Array; height: number }): { job: ViewJob; balanceOf: (address: string) => bigint } {
      return withContract(address, at.stateRoot, (code) => ({
        job: { contract: address, view, args, context: { blockHeight: at.height }, limits: engine.limits, database: engine.snapshot(address), artifact: code.artifact },
        balanceOf: balancesAt(at.stateRoot),
      }));
    },
    tableRows(address: string, table: string, page: { limit?: number; offset?: number; visit?: (row: SqlValue[]) => boolean }, at: { stateRoot: Uint8Array }) {
      return withContract(address, at.stateRoot, (code) => {
        requireTable(code, table);
        return engine.tableRows(address, table, page);
      });
    },
    tableCell(address: string, table: string, column: string, key: readonly unknown[], at: { stateRoot: Uint8Array }) {
      return withContract(address, at.stateRoot, (code) => {
        requireTable(code, table);
        return engine.tableCell(address, table, column, key);
      });
    },
    /** The contract's source and database as of a state root: what a light client re-runs a view on. */
    stateAt(address: string, stateRoot: Uint8Array): { source: string; snapshot: Uint8Array } {
      const c = contractAt(address, stateRoot);
      const source = store.get(sourceKey(c.codeHash));
      const image = getContractImage(store, snapshotKey(address, c.storageRoot));
      if (!source || !image) throw new ChainError(ErrorCode.StoreCorrupt, `The state of contract ${address} at that height is missing from the store.`);
      return { source: utf8String(source), snapshot: image.bytes };
    },
  };
}

export type ContractHistory = ReturnType<typeof createContractHistory>;
