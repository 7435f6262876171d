/**
 * The row-level diff of two chain points as a person reads it (and as the API answers it): the
 * accounts whose balance, nonce, stake, votes or code differ, and the rows of every contract table
 * that were added, removed or changed, with column names and the changed cells named.
 *
 * The walk itself is chain/state/stateDiff.ts (cost follows the change, not the state); this
 * module names what it finds through the contracts' ABIs and makes it JSON.
 */
import { z } from "zod";
import { toAmountJSON } from "../amount.ts";
import type { AmountJSON } from "../types.ts";
import { encodeHash } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { sqlValueToJSON } from "../exec/contractTx.ts";
import type { ContractHistory } from "../exec/contractHistory.ts";
import type { Account } from "../state/account.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import { diffStates } from "../state/stateDiff.ts";

/** A chain point: a branch and a sealed block of it (default: its head). */
export const ZDiffPoint = z.object({ branch: z.string(), height: z.number().int().nonnegative().optional() }).strict();
export type DiffPoint = z.infer<typeof ZDiffPoint>;

export const DIFF_LIMIT_MAX = 5_000;
export const ZDiffOptions = z
  .object({
    /** Three-dot: what `to` changed since its merge base with `from` (git's A...B). */
    threeDot: z.boolean().optional(),
    contract: z.string().optional(),
    table: z.string().min(1).max(128).optional(),
    limit: z.number().int().min(1).max(DIFF_LIMIT_MAX).optional(),
  })
  .strict();
export type DiffOptions = z.infer<typeof ZDiffOptions>;

export type DiffEndJSON = { readonly branch: string; readonly height: number; readonly hash: string; readonly stateRoot: string };

type AccountSideJSON = { readonly balance: AmountJSON; readonly nonce: number; readonly staked: AmountJSON; readonly votes: readonly string[]; readonly codeHash: string | null } | null;

export type AccountDiffJSON = { readonly address: string | null; readonly before: AccountSideJSON; readonly after: AccountSideJSON };

export type RowDiffJSON = {
  readonly kind: "added" | "removed" | "changed";
  readonly key: unknown[];
  /** Every cell by column, JSON values (bigints as decimal text, blobs as 0x hex). */
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  /** Columns whose value differs (every column for an added or removed row). */
  readonly changed: string[];
};

export type TableDiffJSON = {
  readonly contract: string;
  readonly contractName: string | null;
  readonly table: string;
  readonly columns: string[];
  readonly primaryKey: string[];
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly rows: RowDiffJSON[];
};

export type DiffJSON = {
  readonly from: DiffEndJSON;
  readonly to: DiffEndJSON;
  /** Three-dot only: the merge base the diff starts from (it replaces `from`'s state). */
  readonly base: { readonly height: number; readonly hash: string } | null;
  readonly accounts: AccountDiffJSON[];
  readonly tables: TableDiffJSON[];
  /** Rows written before key preimages were kept: their table and key are unknown. */
  readonly unresolvedRows: number;
  readonly truncated: boolean;
};

/**
 * Names and encodes the diff between two state roots. `before` is read at `rootA`, `after` at
 * `rootB`; columns come from the contract's code at `rootB` (at `rootA` for a removed contract).
 */
export function describeDiff(store: NodeStore, history: ContractHistory, rootA: Uint8Array, rootB: Uint8Array, opts: DiffOptions = {}) {
  const raw = diffStates(store, rootA, rootB, { contract: opts.contract, table: opts.table, limit: opts.limit ?? 1_000 });
  const accounts = raw.accounts.map((a): AccountDiffJSON => ({ address: a.address, before: accountSide(a.before), after: accountSide(a.after) }));
  const tables = new Map<string, TableDiffJSON & { rows: RowDiffJSON[] }>();
  const counts = new Map<string, { added: number; removed: number; changed: number }>();
  for (const r of raw.rows) {
    const id = `${r.contract}\u0000${r.table.toLowerCase()}`;
    let t = tables.get(id);
    if (!t) {
      const code = history.info(r.contract, rootB) ?? history.info(r.contract, rootA);
      const abi = code?.abi.tables.find((x) => x.name.toLowerCase() === r.table.toLowerCase());
      if (!abi) throw new ChainError(ErrorCode.StoreCorrupt, `The table ${r.table} of ${r.contract} is not in its code.`);
      t = { contract: r.contract, contractName: code?.abi.name ?? null, table: abi.name, columns: abi.columns.map((c) => c.name), primaryKey: abi.primaryKey, added: 0, removed: 0, changed: 0, rows: [] };
      tables.set(id, t);
      counts.set(id, { added: 0, removed: 0, changed: 0 });
    }
    const cols = t.columns;
    const named = (cells: readonly unknown[] | null) => (cells === null ? null : Object.fromEntries(cols.map((c, i) => [c, sqlValueToJSON(cells[i])])));
    const before = named(r.before);
    const after = named(r.after);
    const kind = before === null ? "added" : after === null ? "removed" : "changed";
    const changed = kind === "changed" ? cols.filter((c) => JSON.stringify(before![c]) !== JSON.stringify(after![c])) : [...cols];
    counts.get(id)![kind]++;
    t.rows.push({ kind, key: r.key.map(sqlValueToJSON), before, after, changed });
  }
  const tableList = [...tables.entries()].map(([id, t]) => ({ ...t, ...counts.get(id)! }));
  return { accounts, tables: tableList, unresolvedRows: raw.unresolvedRows.length, truncated: raw.truncated };
}

function accountSide(a: Account | null): AccountSideJSON {
  if (!a) return null;
  return { balance: toAmountJSON(a.balance), nonce: a.nonce, staked: toAmountJSON(a.staked), votes: a.votes, codeHash: a.contract ? encodeHash(a.contract.codeHash) : null };
}
