/**
 * Turns sealed blocks into index rows and writes a batch of them in one transaction:
 * chunked multi-row inserts (one round trip per chunk), account upserts, then the new
 * position — so a height is either fully indexed or not at all.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { SealedBlock } from "../chain/node/types.ts";
import type { AccountJSON, ReceiptJSON, TxJSON } from "../chain/types.ts";
import type { IndexDatabase } from "./client.ts";
import { insertRowsAsJson, rowsJsonInSlices, type RowsJson } from "./bulkInsert.ts";
import { addToCounters, StateKey, writeIndexState } from "./indexState.ts";
import { accounts, blocks, contracts, events, indexState, marketListings, marketPurchases, marketReviews, names, txs } from "./schema.ts";
import { nameRowOf } from "./nameRows.ts";
import { createMarketRows } from "./marketRows.ts";
import { laterTurn } from "../chain/laterTurn.ts";

/** The account state after block `height`, as the chain reports it. */
export type ReadAccount = (address: string, height: number) => AccountJSON;
/** A deployed contract's name and ABI (from the chain), for the contracts table. */
export type ReadContract = (address: string) => { readonly name: string; readonly abi: unknown } | null;

// Rows per statement (one JSON parameter each, made by one JSON.stringify on the main thread:
// ~2 ms per 1,000 tx rows, a turn of its own), while a catch-up batch of 50 big blocks stays in
// statements of under a megabyte.
const TX_ROWS_PER_INSERT = 1_000;
const EVENT_ROWS_PER_INSERT = 2_000;
const ACCOUNT_ROWS_PER_UPSERT = 10_000;

// Rows built per turn of the event loop: the live indexer shares the hub's main thread, and a
// 3,000-tx block built in one go would hold every request waiting behind it (~5 ms).
const ROWS_PER_TURN = 512;

type TouchedAccount = { txCount: number; firstSeenHeight: number; lastSeenHeight: number };

/**
 * Indexes `batch` (consecutive heights of `repo`'s chain that `branch` owns, oldest first) in one
 * transaction; every row is written as `repo`'s and `branch`'s (a store id, db/lineage.ts), and
 * only that branch's position and counters move.
 * @throws Error when the batch is not consecutive or a non-genesis tx has no receipt.
 */
export async function writeBlocks(
  db: IndexDatabase,
  repo: string,
  branch: string,
  batch: readonly SealedBlock[],
  readAccount: ReadAccount,
  readContract?: ReadContract,
  genesisContracts?: () => ReadonlyArray<{ readonly address: string; readonly creator: string | null }>,
): Promise<void> {
  const last = batch.at(-1);
  if (last === undefined) return;
  batch.forEach((sealed, i) => {
    const first = batch[0]!.block.height;
    if (sealed.block.height !== first + i) throw new Error(`A batch must hold consecutive heights; got ${sealed.block.height} at position ${i} after ${first}.`);
  });

  const blockRows = batch.map((sealed) => blockRow(repo, branch, sealed));
  const txRows: (typeof txs.$inferInsert)[] = [];
  const eventRows: (typeof events.$inferInsert)[] = [];
  const contractRows: (typeof contracts.$inferInsert)[] = [];
  const touched = new Map<string, TouchedAccount>();
  // A name written twice in the batch keeps its last write (blocks and txs are in chain order).
  const nameRows = new Map<string, typeof names.$inferInsert>();
  const marketRows = createMarketRows(repo, branch);

  // A fork's first block holds the contracts it inherited: they are listed like deployed ones (no deploy tx here).
  if (batch[0]!.block.height === 0 && genesisContracts && readContract) {
    for (const c of genesisContracts()) {
      const info = readContract(c.address);
      if (info) contractRows.push({ repo, branch, address: c.address, name: withoutNul(info.name), creator: c.creator ?? "", deployTx: "", deployHeight: 0, abi: jsonForPostgres(info.abi) ?? {} });
    }
  }
  // Every ROWS_PER_TURN rows, a later turn; awaited only then (an await per row would cost a
  // microtask per row).
  let rowsThisTurn = 0;
  const turnDue = (): boolean => ++rowsThisTurn % ROWS_PER_TURN === 0;
  for (const sealed of batch) {
    const { block } = sealed;
    const receiptOf = receiptLookup(sealed);
    touch(touched, block.producer, block.height, 0);
    for (let txIndex = 0; txIndex < block.txs.length; txIndex++) {
      if (turnDue()) await laterTurn();
      const tx = block.txs[txIndex]!;
      const receipt = receiptOf(tx, txIndex);
      txRows.push(txRow(repo, branch, tx, receipt, block.height, block.hash, txIndex));
      for (const event of receipt?.events ?? []) {
        eventRows.push({
          repo,
          branch,
          txHash: tx.hash,
          idx: event.index,
          blockHeight: block.height,
          contract: event.contract,
          name: withoutNul(event.name),
          args: jsonForPostgres(event.args) ?? {},
        });
      }
      const deployed = receipt?.contractAddress && readContract?.(receipt.contractAddress);
      if (deployed && receipt?.contractAddress) {
        contractRows.push({ repo, branch, address: receipt.contractAddress, name: withoutNul(deployed.name), creator: tx.from, deployTx: tx.hash, deployHeight: block.height, abi: jsonForPostgres(deployed.abi) ?? {} });
      }
      const named = nameRowOf(repo, branch, tx, receipt, block.height);
      if (named) nameRows.set(named.name, named);
      if (tx.type === "market") marketRows.add(receipt?.events, { height: block.height, timestamp: block.timestamp, txHash: tx.hash });
      // A self-transfer touches one account once.
      for (const address of new Set([tx.from, tx.to, receipt?.contractAddress])) touch(touched, address, block.height, 1);
    }
  }

  // Sorted so every batch upserts in the same order (deterministic, no lock-order surprises).
  const accountRows: (typeof accounts.$inferInsert)[] = [];
  for (const [address, seen] of [...touched.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (turnDue()) await laterTurn();
    const account = readAccount(address, seen.lastSeenHeight);
    accountRows.push({
      repo,
      branch,
      address,
      balanceAer: account.balance.aer,
      nonce: account.nonce,
      stakedAer: account.staked.aer,
      votes: [...account.votes],
      ...seen,
    });
  }

  // The statements' texts are made here, in slices with a turn between, before the index's
  // transaction opens (a 1,000-row text at once held the main thread ~15 ms).
  const txJson: RowsJson[] = [];
  for (const rows of chunks(txRows, TX_ROWS_PER_INSERT)) txJson.push(await rowsJsonInSlices(rows, laterTurn));
  const eventJson: RowsJson[] = [];
  for (const rows of chunks(eventRows, EVENT_ROWS_PER_INSERT)) eventJson.push(await rowsJsonInSlices(rows, laterTurn));

  await db.transaction(async (tx) => {
    await tx.execute(insertRowsAsJson(blocks, blockRows));
    for (const json of txJson) await tx.execute(insertRowsAsJson(txs, json));
    for (const json of eventJson) await tx.execute(insertRowsAsJson(events, json));
    if (contractRows.length) await tx.execute(insertRowsAsJson(contracts, contractRows));
    if (nameRows.size) await upsertNames(tx, [...nameRows.values()]);
    await marketRows.write(tx);
    let newAccounts = 0;
    for (const rows of chunks(accountRows, ACCOUNT_ROWS_PER_UPSERT)) newAccounts += await upsertAccounts(tx, rows);
    await addToCounters(tx, repo, branch, {
      block_count: blockRows.length,
      tx_count: txRows.length,
      event_count: eventRows.length,
      account_count: newAccounts,
    });
    await writeIndexState(tx, repo, branch, {
      [StateKey.lastHeight]: String(last.block.height),
      [StateKey.lastHash]: last.block.hash,
      [StateKey.chainIdHash]: last.block.chainIdHash,
    });
  });
}

/**
 * Inserts new accounts and refreshes known ones (tx_count accumulates, first_seen stays);
 * returns how many were new. xmax = 0 holds only for rows the statement inserted.
 */
async function upsertAccounts(db: IndexDatabase, rows: readonly (typeof accounts.$inferInsert)[]): Promise<number> {
  const column = (c: { name: string }) => sql.identifier(c.name);
  const refreshed = [accounts.balanceAer, accounts.nonce, accounts.stakedAer, accounts.votes, accounts.lastSeenHeight];
  const upserted = db.$with("upserted", { inserted: sql<boolean>`inserted` }).as(
    sql`${insertRowsAsJson(accounts, rows)} on conflict (${column(accounts.repo)}, ${column(accounts.branch)}, ${column(accounts.address)}) do update set ${sql.join(
      refreshed.map((c) => sql`${column(c)} = excluded.${column(c)}`),
      sql`, `,
    )}, ${column(accounts.txCount)} = ${accounts.txCount} + excluded.${column(accounts.txCount)} returning (xmax = 0) as inserted`,
  );
  const [result] = await db
    .with(upserted)
    .select({ created: sql<number>`count(*) filter (where inserted)`.mapWith(Number) })
    .from(upserted);
  return result?.created ?? 0;
}

// market_installs is not here: it is the hub's record of installs, not derived from the chain.
const INDEXED_TABLES = [events, txs, contracts, accounts, names, marketListings, marketPurchases, marketReviews, blocks, indexState] as const;

/** A name's row is its latest write on the branch: a later register (after a merge) or update replaces it. */
async function upsertNames(db: IndexDatabase, rows: readonly (typeof names.$inferInsert)[]): Promise<void> {
  const column = (c: { name: string }) => sql.identifier(c.name);
  await db.execute(
    sql`${insertRowsAsJson(names, rows)} on conflict (${column(names.repo)}, ${column(names.branch)}, ${column(names.name)}) do update set ${sql.join(
      [names.owner, names.destination, names.height, names.txHash].map((c) => sql`${column(c)} = excluded.${column(c)}`),
      sql`, `,
    )}`,
  );
}

/**
 * Deletes every row of `repo` (of its `branch` when given, a store id), position and counters
 * included (the index is derived: the chain can rebuild it). Other repositories' and branches'
 * rows stay, so one chain or branch reindexes while the others serve. In one transaction: a
 * reader sees the rows whole or gone, never half deleted.
 */
export async function truncateIndex(db: IndexDatabase, repo: string, branch?: string): Promise<void> {
  await db.transaction(async (tx) => {
    for (const table of INDEXED_TABLES) await tx.delete(table).where(and(eq(table.repo, repo), branch === undefined ? undefined : eq(table.branch, branch)));
  });
}

/**
 * Deletes the rows of `repo`'s branches other than `keep` (store ids): those of deleted branches
 * that no live branch's history reaches. A deleted branch whose blocks are still an ancestor's
 * part of a live branch's history stays in `keep` until the last such branch goes.
 */
export async function pruneBranches(db: IndexDatabase, repo: string, keep: readonly string[]): Promise<void> {
  if (keep.length === 0) return; // main is always kept: an empty list is a caller's mistake, not "delete all"
  await db.transaction(async (tx) => {
    for (const table of INDEXED_TABLES) await tx.delete(table).where(and(eq(table.repo, repo), notInArray(table.branch, [...keep])));
  });
}

function blockRow(repo: string, branch: string, { block }: SealedBlock): typeof blocks.$inferInsert {
  return {
    repo,
    branch,
    height: block.height,
    hash: block.hash,
    chainIdHash: block.chainIdHash,
    prevHash: block.prevHash,
    timestamp: block.timestamp,
    producer: block.producer,
    txRoot: block.txRoot,
    receiptsRoot: block.receiptsRoot,
    stateRoot: block.stateRoot,
    consensusKind: block.consensus.kind,
    slot: block.consensus.slot,
    epoch: block.consensus.epoch,
    signature: block.signature,
    txCount: block.txs.length,
    gasUsed: block.gasUsed,
    feesAer: block.fees.aer,
  };
}

function txRow(repo: string, branch: string, tx: TxJSON, receipt: ReceiptJSON | undefined, blockHeight: number, blockHash: string, txIndex: number): typeof txs.$inferInsert {
  return {
    hash: tx.hash,
    repo,
    branch,
    blockHeight,
    blockHash,
    txIndex,
    type: tx.type,
    from: tx.from,
    to: tx.to,
    amountAer: tx.amount.aer,
    gasLimit: tx.gasLimit,
    gasPriceAer: tx.gasPrice.aer,
    nonce: tx.nonce,
    payload: tx.payload,
    payloadSize: base64ByteLength(tx.payload),
    size: tx.size,
    signature: tx.signature,
    // Genesis allocations may come without receipts: they are applied by definition.
    status: receipt?.status ?? "success",
    errorCode: receipt?.error ? withoutNul(receipt.error.code) : null,
    errorMessage: receipt?.error ? withoutNul(receipt.error.message) : null,
    gasUsed: receipt?.gasUsed ?? 0,
    feeAer: receipt?.fee.aer ?? "0",
    contractAddress: receipt?.contractAddress ?? null,
    returnValue: jsonForPostgres(receipt?.returnValue),
  };
}

/** Receipts are in tx order; fall back to a hash lookup if the engine ever reorders them. */
function receiptLookup({ block, receipts }: SealedBlock): (tx: TxJSON, txIndex: number) => ReceiptJSON | undefined {
  let byHash: Map<string, ReceiptJSON> | undefined;
  return (tx, txIndex) => {
    const inOrder = receipts[txIndex];
    if (inOrder?.txHash === tx.hash) return inOrder;
    byHash ??= new Map(receipts.map((r) => [r.txHash, r]));
    const found = byHash.get(tx.hash);
    if (found === undefined && block.height !== 0) {
      throw new Error(`Block ${block.height} has no receipt for tx ${tx.hash}; refusing to index it half-known.`);
    }
    return found;
  };
}

function touch(touched: Map<string, TouchedAccount>, address: string | null | undefined, height: number, txs: number): void {
  if (!address) return; // genesis and system txs may have no sender or recipient
  const seen = touched.get(address);
  if (seen === undefined) {
    touched.set(address, { txCount: txs, firstSeenHeight: height, lastSeenHeight: height });
  } else {
    seen.txCount += txs;
    seen.lastSeenHeight = height;
  }
}

function* chunks<T>(rows: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

function base64ByteLength(base64: string): number {
  const unpadded = base64.replace(/=+$/, "");
  return Math.floor((unpadded.length * 3) / 4);
}

// Postgres text and jsonb cannot hold U+0000; a contract's return value must not stall the index.
function withoutNul(text: string): string {
  return text.includes("\u0000") ? text.replaceAll("\u0000", "\uFFFD") : text;
}

function jsonForPostgres(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" && typeof value !== "string") return value;
  const json = JSON.stringify(value);
  return json.includes("\\u0000") ? JSON.parse(json.replaceAll("\\u0000", "\\ufffd")) : value;
}
