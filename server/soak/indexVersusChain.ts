/**
 * The index equals the chain: the comparisons of server/hub/index-equality.test.ts (blocks by
 * hash, tx count and state root; every tx in its block and place with its receipt's result; every
 * touched account's balance, nonce, stake and votes), here against a hub process's Postgres index
 * and the chain as its REST API shows it. An embedded index is read with its hub stopped (one
 * process owns a PGlite folder): accounts then come from states read before the stop.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { IndexDatabase } from "../../db/client.ts";
import { accounts, blocks, txs } from "../../db/schema.ts";
import { MAIN_BRANCH, ROOT_REPO } from "../../chain/repo/names.ts";
import type { HubProcess } from "../testing/hubProcess.ts";
import { accountState, inBatches } from "./hubReads.ts";
import type { SealedBlockRecord } from "./sealedHistory.ts";

export type AccountRead = (address: string) => ReturnType<typeof accountState>;

/** Accounts as the running hub's REST API shows them. */
export const accountsOf = (hub: HubProcess): AccountRead => (address) => accountState(hub, address);

/**
 * The first difference found, as a sentence, or null when the index equals the chain up to `upTo`
 * (accounts: their state now, as `readAccount` gives it).
 */
export async function indexDifference(db: IndexDatabase, readAccount: AccountRead, chain: readonly SealedBlockRecord[], upTo: number): Promise<string | null> {
  const ofRoot = (t: typeof blocks | typeof txs | typeof accounts) => and(eq(t.repo, ROOT_REPO), eq(t.branch, MAIN_BRANCH));
  const chainBlocks = chain.slice(0, upTo + 1);

  const blockRows = await db.select({ height: blocks.height, hash: blocks.hash, txCount: blocks.txCount, stateRoot: blocks.stateRoot }).from(blocks).where(and(ofRoot(blocks), lte(blocks.height, upTo))).orderBy(asc(blocks.height));
  const expectedBlocks = chainBlocks.map(({ height, hash, txCount, stateRoot }) => ({ height, hash, txCount, stateRoot }));
  const blockDiff = firstDifference("block", blockRows, expectedBlocks);
  if (blockDiff) return blockDiff;

  const txRows = await db.select({ hash: txs.hash, blockHeight: txs.blockHeight, txIndex: txs.txIndex, status: txs.status, gasUsed: txs.gasUsed, feeAer: txs.feeAer }).from(txs).where(and(ofRoot(txs), lte(txs.blockHeight, upTo))).orderBy(asc(txs.blockHeight), asc(txs.txIndex));
  const txDiff = firstDifference("tx", txRows, chainBlocks.flatMap((b) => b.txs));
  if (txDiff) return txDiff;

  // Accounts hold the state after the last indexed block: compared while no transaction is
  // pending. The producers still seal empty blocks meanwhile, and the index may already hold one
  // past `upTo` whose producer it records for the first time: accounts first seen after `upTo`
  // are not part of this comparison (a standby producer's first block raced it once, seed 1213).
  const accountRows = await db
    .select({ address: accounts.address, balance: accounts.balanceAer, nonce: accounts.nonce, staked: accounts.stakedAer, votes: accounts.votes })
    .from(accounts)
    .where(and(ofRoot(accounts), lte(accounts.firstSeenHeight, upTo)))
    .orderBy(asc(accounts.address));
  const touched = [...new Set(chainBlocks.flatMap((b) => b.touched))].sort();
  const rowAddresses = accountRows.map((a) => a.address);
  if (JSON.stringify(rowAddresses) !== JSON.stringify(touched)) return `the index has rows for ${rowAddresses.length} accounts, the chain touched ${touched.length}: ${JSON.stringify(symmetricDifference(rowAddresses, touched)).slice(0, 400)}`;
  const onChain = await inBatches(touched, 16, readAccount);
  const expectedAccounts = onChain.map((a) => ({ address: a.address, balance: a.balance.aer, nonce: a.nonce, staked: a.staked.aer, votes: [...a.votes] }));
  return firstDifference("account", accountRows, expectedAccounts);
}

function firstDifference(what: string, indexed: readonly object[], chain: readonly object[]): string | null {
  const n = Math.max(indexed.length, chain.length);
  for (let i = 0; i < n; i++) {
    const a = JSON.stringify(indexed[i] ?? null);
    const b = JSON.stringify(chain[i] ?? null);
    if (a !== b) return `${what} #${i} (of ${indexed.length} indexed, ${chain.length} on the chain): the index has ${a}, the chain ${b}`;
  }
  return null;
}

function symmetricDifference(a: readonly string[], b: readonly string[]): string[] {
  const sa = new Set(a);
  const sb = new Set(b);
  return [...a.filter((x) => !sb.has(x)).map((x) => `+${x}`), ...b.filter((x) => !sa.has(x)).map((x) => `-${x}`)];
}
