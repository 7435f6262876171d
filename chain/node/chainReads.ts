/**
 * Reads at a (branch, height) point: blocks, transactions, accounts with their proofs, and
 * contracts (code, views, table pages, single cells, provable views, whole states). A read at
 * the branch's latest point includes its answered transactions (they are promised to its next
 * block); a read at a height runs on that block's state root through the history reader.
 */
import { base64 } from "@scure/base";
import { receiptToJSON } from "../block/block.ts";
import { headerToJSON } from "../block/header.ts";
import { toAmountJSON } from "../amount.ts";
import { decodeAddress } from "../crypto/address.ts";
import { decodeHash, toHex } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { ContractHistory } from "../exec/contractHistory.ts";
import { sqlValueToJSON, type ContractRuntime } from "../exec/contracts.ts";
import { checkRange, jsonBytes, READ_BOUNDS, ZTableLimit, ZTableOffset } from "../readBounds.ts";
import { ContractError, SqlErrorCode } from "../sql/runtime/errors.ts";
import type { QueryResult, SqlValue } from "../sql/types.ts";
import type { ExecutionWorker } from "../exec/executionWorker.ts";
import { decodeAccount, EMPTY_ACCOUNT, type Account } from "../state/account.ts";
import { proofToJSON } from "../state/smt.ts";
import type { WorldState } from "../state/worldState.ts";
import { txToJSON } from "../tx/tx.ts";
import type { AccountJSON } from "../types.ts";
import { blockPage } from "./blockPage.ts";
import { cellLength, createTablePageCollector } from "./contractTablePage.ts";
import { sealedBlockOf, type Lane, type Lanes } from "./lane.ts";
import type { ChainNode, TxLookup } from "./types.ts";
import { formatCount } from "../numberText.ts";

export type ChainReadsHost = {
  readonly lanes: Lanes;
  /** Where a view that outlives `viewSliceMs` here finishes (runView); absent: every view runs here. */
  readonly executionWorker?: ExecutionWorker;
  readonly viewSliceMs: number;
  readonly world: WorldState;
  readonly history: ContractHistory;
  readHead(lane: Lane, address: string): Account;
};

type Reads = Pick<
  ChainNode,
  "getBlock" | "getBlockPage" | "getTx" | "getAccount" | "getAccountProof" | "getContract" | "queryContract" | "runView" | "contractTable" | "contractCell" | "queryContractProof" | "contractState" | "listContracts"
>;

export function accountJSON(address: string, a: Account, height: number, isPending: boolean): AccountJSON {
  return { address, balance: toAmountJSON(a.balance), nonce: a.nonce, staked: toAmountJSON(a.staked), votes: a.votes, height, pending: isPending };
}

export function createChainReads({ lanes, world, history, readHead, executionWorker, viewSliceMs }: ChainReadsHost): Reads {
  const { laneOf, headerAt, findBlock, txLocation } = lanes;

  /**
   * Where a contract read runs: the branch's live databases (latest state, pending writes
   * included), or the history reader at a sealed block's state root.
   */
  function contractReadAt(lane: Lane, height: number | undefined): { live: ContractRuntime } | { stateRoot: Uint8Array; height: number } {
    if (height === undefined && lane.runtime) return { live: lane.runtime };
    const header = headerAt(lane, height);
    return { stateRoot: header.stateRoot, height: header.height };
  }

  /** An account at the branch's latest point: its answered transactions included (they are promised to its next block). */
  const latestAccount = (lane: Lane, address: string) => (lane.pending ? lane.pending.state.get(address) : readHead(lane, address));
  /** The branch's latest balances, as BALANCE() reads them in a view. */
  const liveBalances = (lane: Lane) => (address: string) => latestAccount(lane, address).balance;

  function runViewHere(lane: Lane, at: ReturnType<typeof contractReadAt>, address: string, view: string, args: unknown, timeBudgetMs?: number): QueryResult {
    return "live" in at ? at.live.query(address, view, args, { balanceOf: liveBalances(lane), ...(timeBudgetMs === undefined ? {} : { timeBudgetMs }) }) : history.query(address, view, args, at, timeBudgetMs);
  }

  function viewAnswer(view: string, r: QueryResult, readOpts: { height?: number } | undefined) {
    if (r.status !== "success") throw new ChainError(ErrorCode.BadRequest, r.error?.message ?? "The view failed.", { code: r.error?.code });
    const result = sqlValueToJSON(r.result);
    // The engine bounds the result while collecting it (text escapes aside); this is the exact check.
    const bytes = jsonBytes(result);
    if (bytes > READ_BOUNDS.maxPageBytes) throw new ChainError(ErrorCode.BadRequest, `${view}: the result is ${formatCount(bytes)} bytes as JSON; the limit is ${formatCount(READ_BOUNDS.maxPageBytes)}: add a LIMIT or return fewer columns.`, { code: "RESULT_TOO_LARGE" });
    return { result, gasUsed: r.gasUsed, height: readOpts?.height ?? null };
  }

  const reads: Reads = {
    getBlock(heightOrHash, readOpts) {
      const block = findBlock(laneOf(readOpts?.branch), heightOrHash);
      return block && sealedBlockOf(block);
    },

    getBlockPage(heightOrHash, page) {
      const block = findBlock(laneOf(page?.branch), heightOrHash);
      return block && blockPage(block, receiptToJSON, page);
    },

    getTx(hash, readOpts): TxLookup | undefined {
      const lane = laneOf(readOpts?.branch);
      const pending = lane.pending;
      const pi = pending?.index.get(hash);
      if (pending && pi !== undefined) {
        return { tx: txToJSON(pending.txs[pi]!), receipt: receiptToJSON(pending.receipts[pi]!, pi, null), state: "pending" };
      }
      let h: Uint8Array;
      try {
        h = decodeHash(hash);
      } catch {
        return undefined;
      }
      const found = txLocation(lane, h);
      if (!found) return undefined;
      const { block, index } = found;
      const ref = { height: block.header.height, hash: block.header.hashText };
      return {
        tx: txToJSON(block.txs[index]!),
        receipt: receiptToJSON(block.receipts[index]!, index, ref),
        state: block.header.height <= lane.lib ? "final" : "sealed",
      };
    },

    getAccount(address, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      if (readOpts?.height === undefined) return accountJSON(address, latestAccount(lane, address), lane.pending?.height ?? lane.head.height, lane.pending !== null);
      const header = headerAt(lane, readOpts.height);
      return accountJSON(address, world.readAccount(header.stateRoot, address), header.height, false);
    },

    getAccountProof(address, readOpts) {
      decodeAddress(address);
      const header = headerAt(laneOf(readOpts?.branch), readOpts?.height);
      const proved = world.proveAccount(header.stateRoot, address);
      const account = proved.value ? decodeAccount(proved.value) : EMPTY_ACCOUNT;
      return {
        account: accountJSON(address, account, header.height, false),
        header: headerToJSON(header),
        key: toHex(proved.key),
        valueHash: proved.valueHash ? toHex(proved.valueHash) : null,
        value: proved.value ? toHex(proved.value) : null,
        proof: proofToJSON(proved.proof),
      };
    },

    getContract(address, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const found = lane.runtime ? lane.runtime.info(address) : history.info(address, lane.head.stateRoot);
      if (!found) throw new ChainError(ErrorCode.NotFound, `There is no contract at ${address}.`);
      return { address, name: found.abi.name, abi: found.abi, source: found.source };
    },

    queryContract(address, view, args, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const at = contractReadAt(lane, readOpts?.height);
      return viewAnswer(view, runViewHere(lane, at, address, view, args), readOpts);
    },

    async runView(address, view, args, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const at = contractReadAt(lane, readOpts?.height);
      if (!executionWorker) return viewAnswer(view, runViewHere(lane, at, address, view, args), readOpts);
      const here = runViewHere(lane, at, address, view, args, viewSliceMs);
      if (here.status === "success" || here.error?.code !== SqlErrorCode.TimeBudget) return viewAnswer(view, here, readOpts);
      // Past its slice: the rest runs on the worker, on a copy of the database it reads.
      const { job, balanceOf } = "live" in at ? { job: at.live.viewJob(address, view, args), balanceOf: liveBalances(lane) } : history.viewJob(address, view, args, at);
      return viewAnswer(view, await executionWorker.query(job, balanceOf), readOpts);
    },

    contractTable(address, table, readOpts) {
      decodeAddress(address);
      const limit = checkRange(ZTableLimit, readOpts?.limit ?? 50, "limit");
      const offset = checkRange(ZTableOffset, readOpts?.offset ?? 0, "offset");
      const at = contractReadAt(laneOf(readOpts?.branch), readOpts?.height);
      const code = "live" in at ? at.live.info(address) : history.info(address, at.stateRoot);
      const abi = code?.abi.tables.find((t) => t.name.toLowerCase() === table.toLowerCase());
      const page = createTablePageCollector(abi);
      const read = "live" in at ? at.live.tableRows(address, table, { limit, offset, visit: page.visit }) : history.tableRows(address, table, { limit, offset, visit: page.visit }, at);
      const end = offset + page.rows.length;
      return {
        columns: read.columns,
        primaryKey: abi?.primaryKey ?? [],
        rows: page.rows,
        total: read.total,
        height: readOpts?.height ?? null,
        offset,
        nextOffset: end < read.total ? end : null,
        truncated: page.truncated,
      };
    },

    contractCell(address, table, column, key, readOpts) {
      decodeAddress(address);
      const at = contractReadAt(laneOf(readOpts?.branch), readOpts?.height);
      let found: { value: SqlValue } | undefined;
      try {
        found = "live" in at ? at.live.tableCell(address, table, column, key) : history.tableCell(address, table, column, key, at);
      } catch (e) {
        if (e instanceof ContractError) throw new ChainError(ErrorCode.BadRequest, `The cell cannot be read: ${e.message}.`, { code: e.code });
        throw e;
      }
      if (!found) throw new ChainError(ErrorCode.NotFound, `${table} has no row with the key ${JSON.stringify(key).slice(0, 200)}${readOpts?.height === undefined ? "" : ` after block ${readOpts.height}`}.`);
      return { table, column, key: [...key], value: sqlValueToJSON(found.value), bytes: cellLength(found.value), height: readOpts?.height ?? null };
    },

    queryContractProof(address, view, args, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const header = headerAt(lane, readOpts?.height ?? lane.head.height);
      const r = history.query(address, view, args, { stateRoot: header.stateRoot, height: header.height });
      if (r.status !== "success") throw new ChainError(ErrorCode.BadRequest, r.error?.message ?? "The view failed.", { code: r.error?.code });
      const { source, snapshot } = history.stateAt(address, header.stateRoot);
      return {
        result: sqlValueToJSON(r.result),
        gasUsed: r.gasUsed,
        height: header.height,
        account: reads.getAccountProof(address, { branch: lane.ref.name, height: header.height }),
        source,
        snapshot: base64.encode(snapshot),
      };
    },

    contractState(address, readOpts) {
      decodeAddress(address);
      const lane = laneOf(readOpts?.branch);
      const header = headerAt(lane, readOpts?.height ?? lane.head.height);
      const { source, snapshot } = history.stateAt(address, header.stateRoot);
      const account = world.readAccount(header.stateRoot, address);
      return { address, source, snapshot: base64.encode(snapshot), balanceAer: account.balance.toString(), height: header.height, timestamp: header.timestamp };
    },

    listContracts: (readOpts) => [...laneOf(readOpts?.branch).contractList],
  };
  return reads;
}
