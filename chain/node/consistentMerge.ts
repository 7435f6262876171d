/**
 * The consistent (three-way) merge of contract state: every row the source changed since the
 * merge base is compared with the target's row and the base's, as Dolt merges tables.
 *
 * - Changed on the source only: the source's row is taken (added, changed or deleted).
 * - Changed on both sides to the same value: nothing to do.
 * - Changed on both sides differently: cell by cell, a cell changed on one side takes that side;
 *   a cell changed on both follows the table's MERGE POLICY for that column (ADDITIVE sums both
 *   deltas, LAST WRITER takes the source, FIRST WRITER keeps the target, RESOLVE WITH runs the
 *   contract's resolver, which decides the whole row); with no policy, the row is a conflict that
 *   waits for a person's resolution (ours, theirs, base, or a row they write).
 * - A row deleted on one side and changed on the other, or added on both with different values
 *   (a primary key colliding across branches), is settled only by a whole-row policy (LAST or
 *   FIRST WRITER, RESOLVE WITH) or a person: a row is never lost silently.
 *
 * Native AERGO is not merged here: accounts merge by replaying the source's transfers (the
 * caller does it). A contract whose own AERGO balance moved on the source (a call's amount, a
 * TRANSFER) therefore blocks a consistent merge (NATIVE_VALUE): its rows and its balance would part.
 *
 * Pure planning: reads the store and the caller's view of the target; writes nothing. The
 * outcome is deterministic in (base, source head, target rows, resolutions).
 */
import { bytesEqual, toHex } from "../crypto/hash.ts";
import { sqlValueToJSON } from "../exec/contractTx.ts";
import type { ContractHistory } from "../exec/contractHistory.ts";
import { cellFromJs, concatCells, decodeCells } from "../sql/runtime/stateEncoding.ts";
import type { ContractAbi, MergePolicyAbi, SqlValue, TableAbi } from "../sql/types.ts";
import { decodeAccount, type Account } from "../state/account.ts";
import type { NodeStore } from "../state/nodeStore.ts";
import { readAccountPreimage, readRowPreimage } from "../state/preimages.ts";
import { createSparseMerkleTree, EMPTY_ROOT } from "../state/smt.ts";
import type { MergeBlockerJSON, MergeConflictJSON, MergeHow, MergeResolutionJSON, MergeRowJSON, RowValuesJSON } from "./types.ts";

/** A row write the merge makes on the target (cells null: delete). */
export type RowWrite = { readonly table: string; readonly key: SqlValue[]; readonly cells: SqlValue[] | null };

export type ConsistentMergePlan = {
  readonly rows: MergeRowJSON[];
  readonly conflicts: MergeConflictJSON[];
  readonly blockers: MergeBlockerJSON[];
  /** Contracts the target takes whole from the source (deployed there, or redeployed with rows untouched here). */
  readonly adopt: Array<{ readonly address: string; readonly account: Account }>;
  /** Row writes per contract, in the order found. */
  readonly writes: Map<string, RowWrite[]>;
};

export type ConsistentMergeInput = {
  readonly store: NodeStore;
  readonly history: ContractHistory;
  readonly baseRoot: Uint8Array;
  readonly theirsRoot: Uint8Array;
  /** The target's account as the merge finds it (its head plus its answered transactions). */
  readonly oursAccount: (address: string) => Account;
  /** The target's row by primary key, as the merge finds it. */
  readonly oursRow: (contract: string, table: string, key: readonly SqlValue[]) => SqlValue[] | undefined;
  /** Runs a RESOLVE WITH procedure on (ours, theirs, base) rows (null: no such row); returns its answer. */
  readonly runResolver: (contract: string, resolver: string, ours: RowObject | null, theirs: RowObject | null, base: RowObject | null) => unknown;
  readonly resolutions: readonly MergeResolutionJSON[];
};

type RowObject = Record<string, SqlValue>;
type Cells = SqlValue[] | null;

const rowBytes = (cells: readonly SqlValue[]) => concatCells(cells.map(cellFromJs));
const sameRow = (a: Cells | undefined, b: Cells | undefined) => (a ?? null) === null ? (b ?? null) === null : (b ?? null) !== null && bytesEqual(rowBytes(a!), rowBytes(b!));
const sameCell = (a: SqlValue, b: SqlValue) => bytesEqual(cellFromJs(a), cellFromJs(b));
const keyId = (contract: string, table: string, key: readonly unknown[]) => `${contract}\u0000${table.toLowerCase()}\u0000${JSON.stringify(key.map(sqlValueToJSON))}`;

export function planConsistentMerge(input: ConsistentMergeInput): ConsistentMergePlan {
  const { store, history } = input;
  const smt = createSparseMerkleTree(store);
  const plan: ConsistentMergePlan = { rows: [], conflicts: [], blockers: [], adopt: [], writes: new Map() };
  const resolutions = new Map(input.resolutions.map((r) => [keyId(r.contract, r.table, r.key), r] as const));
  const usedResolutions = new Set<string>();
  const block = (code: string, message: string, where: { contract?: string; table?: string; key?: readonly unknown[] } = {}) =>
    plan.blockers.push({ code, message, contract: where.contract ?? null, table: where.table ?? null, key: where.key ? where.key.map(sqlValueToJSON) : null });

  for (const [stateKey, baseValue, theirsValue] of smt.diff(input.baseRoot, input.theirsRoot)) {
    const theirs = theirsValue ? decodeAccount(mustGet(store, theirsValue)) : null;
    const base = baseValue ? decodeAccount(mustGet(store, baseValue)) : null;
    if (!theirs?.contract) continue; // a person's account: the replayed transfers merge it
    const address = readAccountPreimage(store, stateKey);
    if (address === null) {
      block("UNRESOLVED", `A contract changed on the source was written before this hub kept key names (${toHex(stateKey).slice(0, 16)}…); merge it automated.`);
      continue;
    }
    const ours = input.oursAccount(address);
    const baseBalance = base?.balance ?? 0n;
    if (theirs.balance !== baseBalance) {
      block("NATIVE_VALUE", `The contract ${address} moved AERGO on the source (its balance went from ${baseBalance} to ${theirs.balance} aer); a consistent merge moves rows, not AERGO: merge this branch automated.`, { contract: address });
      continue;
    }
    const theirsCode = history.codeOf(theirs.contract.codeHash);
    if (!theirsCode) {
      block("UNRESOLVED", `The code of ${address} is missing from the store.`, { contract: address });
      continue;
    }
    const baseStorage = base?.contract?.storageRoot ?? EMPTY_ROOT;
    if (!ours.contract) {
      // Deployed on the source only: the target takes the contract whole, with its rows.
      plan.adopt.push({ address, account: { ...theirs, balance: ours.balance, nonce: ours.nonce } });
      for (const r of rowsBetween(store, smt, baseStorage, theirs.contract.storageRoot)) {
        plan.rows.push(rowJSON(address, theirsCode.abi, r.table, r.key, null, null, r.after, r.after, "theirs", []));
      }
      continue;
    }
    const codeChangedTheirs = !base?.contract || !bytesEqual(theirs.contract.codeHash, base.contract.codeHash);
    const codeChangedOurs = !base?.contract || !bytesEqual(ours.contract.codeHash, base.contract.codeHash);
    if (codeChangedTheirs && !bytesEqual(theirs.contract.codeHash, ours.contract.codeHash)) {
      const oursUntouched = base?.contract && !codeChangedOurs && bytesEqual(ours.contract.storageRoot, base.contract.storageRoot);
      if (!oursUntouched) {
        block("CODE_CONFLICT", `${theirsCode.abi.name} (${address}) has different code on the two branches; redeploy one side to match the other, then merge.`, { contract: address });
        continue;
      }
      // Redeployed on the source, untouched on the target: the source's code and rows, whole.
      plan.adopt.push({ address, account: { ...ours, contract: theirs.contract } });
      for (const r of rowsBetween(store, smt, baseStorage, theirs.contract.storageRoot)) {
        plan.rows.push(rowJSON(address, theirsCode.abi, r.table, r.key, r.before, r.before, r.after, r.after, "theirs", []));
      }
      continue;
    }
    if (bytesEqual(baseStorage, theirs.contract.storageRoot)) continue;
    const abi = theirsCode.abi;
    for (const r of rowsBetween(store, smt, baseStorage, theirs.contract.storageRoot)) {
      const tableAbi = abi.tables.find((t) => t.name.toLowerCase() === r.table.toLowerCase());
      if (!tableAbi) {
        block("UNRESOLVED", `${abi.name} has no table ${r.table}.`, { contract: address, table: r.table, key: r.key });
        continue;
      }
      const oursCells = input.oursRow(address, tableAbi.name, r.key) ?? null;
      const id = keyId(address, tableAbi.name, r.key);
      const write = (merged: Cells, how: MergeHow, cells: string[]) => {
        if (!sameRow(merged, oursCells)) {
          let list = plan.writes.get(address);
          if (!list) plan.writes.set(address, (list = []));
          list.push({ table: tableAbi.name, key: r.key, cells: merged });
        }
        plan.rows.push(rowJSON(address, abi, tableAbi.name, r.key, r.before, oursCells, r.after, merged, how, cells));
      };
      if (sameRow(oursCells, r.before)) {
        write(r.after, "theirs", []);
        continue;
      }
      if (sameRow(oursCells, r.after)) continue;
      // Both sides changed the row, differently.
      const outcome = settle(input, address, abi, tableAbi, r.before, oursCells, r.after);
      // A person decides only what no policy settled: a conflict (or a resolver that failed).
      const person = outcome.kind === "merged" ? undefined : resolutions.get(id);
      if (person) {
        usedResolutions.add(id);
        const merged = resolvedRow(person, tableAbi, r.key, r.before, oursCells, r.after);
        if (typeof merged === "string") block("BAD_RESOLUTION", merged, { contract: address, table: tableAbi.name, key: r.key });
        else write(merged, "person", outcome.kind === "error" ? [] : outcome.cells);
        continue;
      }
      if (outcome.kind === "merged") write(outcome.row, outcome.how, outcome.cells);
      else if (outcome.kind === "error") block("RESOLVER_FAILED", outcome.message, { contract: address, table: tableAbi.name, key: r.key });
      else {
        plan.conflicts.push({
          contract: address,
          contractName: abi.name,
          table: tableAbi.name,
          columns: tableAbi.columns.map((c) => c.name),
          key: r.key.map(sqlValueToJSON),
          base: named(tableAbi, r.before),
          ours: named(tableAbi, oursCells),
          theirs: named(tableAbi, r.after),
          cells: outcome.cells,
          message: outcome.message,
        });
      }
    }
  }
  for (const [id, r] of resolutions) {
    if (!usedResolutions.has(id)) block("BAD_RESOLUTION", `${r.table} ${JSON.stringify(r.key)} of ${r.contract} is not a conflict of this merge.`, { contract: r.contract, table: r.table, key: r.key as unknown[] });
  }
  return plan;
}

type Outcome =
  | { kind: "merged"; row: Cells; how: MergeHow; cells: string[] }
  | { kind: "conflict"; cells: string[]; message: string }
  | { kind: "error"; message: string };

/** Both sides changed the row differently: cells, then policies decide, or it is a conflict. */
function settle(input: ConsistentMergeInput, contract: string, abi: ContractAbi, table: TableAbi, base: Cells, ours: Cells, theirs: Cells): Outcome {
  const policies = abi.mergePolicies.filter((p) => p.table.toLowerCase() === table.name.toLowerCase());
  const rowPolicy = policies.find((p) => p.columns === null) ?? null;
  const columnPolicy = (col: string): MergePolicyAbi | null => policies.find((p) => p.columns?.some((c) => c.toLowerCase() === col.toLowerCase())) ?? rowPolicy;
  const columns = table.columns.map((c) => c.name);
  const resolverOf = (p: MergePolicyAbi | null) => (p?.policy === "resolve" ? p : null);

  if (ours === null || theirs === null) {
    // Deleted on one side, changed on the other: only a whole-row decision settles it.
    const what = ours === null ? "deleted on the target and changed on the source" : "changed on the target and deleted on the source";
    if (rowPolicy?.policy === "last-writer") return { kind: "merged", row: theirs, how: "last-writer", cells: columns };
    if (rowPolicy?.policy === "first-writer") return { kind: "merged", row: ours, how: "first-writer", cells: columns };
    if (rowPolicy?.policy === "resolve") return runResolver(input, contract, rowPolicy, table, base, ours, theirs, columns);
    return { kind: "conflict", cells: columns, message: `The row was ${what}; no whole-row policy decides it.` };
  }
  const merged: SqlValue[] = [...ours];
  const conflicting: string[] = [];
  const unsettled: string[] = [];
  const how = new Set<MergeHow>();
  let resolver: MergePolicyAbi | null = null;
  for (let i = 0; i < columns.length; i++) {
    const o = ours[i]!;
    const t = theirs[i]!;
    const b = base === null ? null : base[i]!;
    if (sameCell(o, t)) continue;
    if (base !== null && sameCell(o, b)) {
      merged[i] = t;
      continue;
    }
    if (base !== null && sameCell(t, b)) continue;
    conflicting.push(columns[i]!);
    const p = columnPolicy(columns[i]!);
    if (!p) {
      unsettled.push(columns[i]!);
      continue;
    }
    if (p.policy === "resolve") resolver = p;
    else if (p.policy === "last-writer") merged[i] = t;
    else if (p.policy === "first-writer") merged[i] = o;
    else {
      const sum = additive(b, o, t);
      if (sum === undefined) {
        unsettled.push(columns[i]!);
        continue;
      }
      merged[i] = sum;
    }
    how.add(p.policy);
  }
  if (resolver ?? resolverOf(rowPolicy)) return runResolver(input, contract, (resolver ?? rowPolicy)!, table, base, ours, theirs, conflicting);
  if (unsettled.length) {
    const added = base === null ? " (both sides added this key)" : "";
    return { kind: "conflict", cells: conflicting, message: `Both sides changed ${unsettled.join(", ")} differently${added}; no merge policy decides ${unsettled.length === 1 ? "it" : "them"}.` };
  }
  return { kind: "merged", row: merged, how: how.size === 1 ? [...how][0]! : "additive", cells: conflicting };
}

function runResolver(input: ConsistentMergeInput, contract: string, policy: MergePolicyAbi, table: TableAbi, base: Cells, ours: Cells, theirs: Cells, cells: string[]): Outcome {
  const obj = (c: Cells) => (c === null ? null : Object.fromEntries(table.columns.map((col, i) => [col.name, c[i]!])));
  let answer: unknown;
  try {
    answer = input.runResolver(contract, policy.resolver!, obj(ours), obj(theirs), obj(base));
  } catch (e) {
    return { kind: "error", message: `The resolver ${policy.resolver} failed on ${table.name}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (answer === "ours") return { kind: "merged", row: ours, how: "resolve", cells };
  if (answer === "theirs") return { kind: "merged", row: theirs, how: "resolve", cells };
  if (answer === "skip") return { kind: "merged", row: ours, how: "resolve", cells };
  if (answer && typeof answer === "object" && !Array.isArray(answer)) {
    const row = rowFromObject(table, answer as Record<string, unknown>);
    if (typeof row === "string") return { kind: "error", message: `The resolver ${policy.resolver} answered a row that does not fit ${table.name}: ${row}` };
    return { kind: "merged", row, how: "resolve", cells };
  }
  return { kind: "error", message: `The resolver ${policy.resolver} must answer 'ours', 'theirs', 'skip' or a row; it answered ${JSON.stringify(sqlValueToJSON(answer))}.` };
}

/** base + (ours − base) + (theirs − base) for integers (an absent base counts as 0); undefined for anything else. */
function additive(b: SqlValue, o: SqlValue, t: SqlValue): SqlValue | undefined {
  const int = (v: SqlValue): bigint | undefined => (typeof v === "bigint" ? v : typeof v === "number" && Number.isInteger(v) ? BigInt(v) : v === null ? 0n : undefined);
  const [bi, oi, ti] = [int(b), int(o), int(t)];
  if (bi !== undefined && oi !== undefined && ti !== undefined && o !== null && t !== null) {
    const sum = oi + ti - bi;
    return sum >= BigInt(Number.MIN_SAFE_INTEGER) && sum <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(sum) : sum;
  }
  if (typeof o === "number" && typeof t === "number" && (typeof b === "number" || b === null)) return o + t - (b ?? 0);
  return undefined;
}

/** A person's decision as the row to write, or why it cannot be. */
function resolvedRow(r: MergeResolutionJSON, table: TableAbi, key: SqlValue[], base: Cells, ours: Cells, theirs: Cells): Cells | string {
  if (r.take === "ours") return ours;
  if (r.take === "theirs") return theirs;
  if (r.take === "base") return base;
  const row = rowFromObject(table, r.row ?? {});
  if (typeof row === "string") return row;
  for (let k = 0; k < table.primaryKey.length; k++) {
    const i = table.columns.findIndex((c) => c.name === table.primaryKey[k]);
    if (!sameCell(row[i]!, key[k]!)) return `A resolution's row keeps the row's primary key (${table.primaryKey.join(", ")}).`;
  }
  return row;
}

/** A row given by column name (JSON values) as cells in column order, or what is wrong with it. */
function rowFromObject(table: TableAbi, obj: Record<string, unknown>): SqlValue[] | string {
  const given = new Map(Object.entries(obj).map(([k, v]) => [k.toLowerCase(), v] as const));
  for (const k of given.keys()) if (!table.columns.some((c) => c.name.toLowerCase() === k)) return `${table.name} has no column ${k}`;
  const out: SqlValue[] = [];
  for (const col of table.columns) {
    if (!given.has(col.name.toLowerCase())) return `the row needs every column of ${table.name}; ${col.name} is missing`;
    const v = given.get(col.name.toLowerCase());
    const type = col.type.toUpperCase();
    if (v === null || v === undefined) out.push(null);
    else if (typeof v === "bigint") out.push(v);
    else if (typeof v === "number") out.push(Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v) : v);
    else if (typeof v === "boolean") out.push(v ? 1 : 0);
    else if (typeof v === "string" && /^(INTEGER|AMOUNT|INT|BIGINT)/.test(type) && /^-?\d+$/.test(v)) {
      const n = BigInt(v);
      out.push(n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
    } else if (typeof v === "string" && /^REAL|FLOAT|DOUBLE|NUMERIC/.test(type) && v.trim() !== "" && !Number.isNaN(Number(v))) out.push(Number(v));
    else if (typeof v === "string" && type.startsWith("BLOB") && /^0x([0-9a-f]{2})*$/i.test(v)) out.push(Uint8Array.from(v.slice(2).match(/../g) ?? [], (h) => parseInt(h, 16)));
    else if (typeof v === "string") out.push(v);
    else return `${col.name} must be a number, text or null`;
  }
  return out;
}

type RowChange = { table: string; key: SqlValue[]; before: Cells; after: Cells };

/** The rows of one contract that differ between two storage roots, named through their preimages. */
function* rowsBetween(store: NodeStore, smt: ReturnType<typeof createSparseMerkleTree>, a: Uint8Array, b: Uint8Array): Generator<RowChange> {
  for (const [rowKey, va, vb] of smt.diff(a, b)) {
    const pre = readRowPreimage(store, rowKey);
    if (!pre) continue;
    yield { table: pre.table, key: decodeCells(pre.key), before: va ? decodeCells(mustGet(store, va)) : null, after: vb ? decodeCells(mustGet(store, vb)) : null };
  }
}

function named(table: TableAbi, cells: Cells): RowValuesJSON {
  return cells === null ? null : Object.fromEntries(table.columns.map((c, i) => [c.name, sqlValueToJSON(cells[i])]));
}

function rowJSON(contract: string, abi: ContractAbi, table: string, key: SqlValue[], base: Cells, ours: Cells, theirs: Cells, merged: Cells, how: MergeHow, cells: string[]): MergeRowJSON {
  const t = abi.tables.find((x) => x.name.toLowerCase() === table.toLowerCase())!;
  return {
    contract,
    contractName: abi.name,
    table: t.name,
    columns: t.columns.map((c) => c.name),
    key: key.map(sqlValueToJSON),
    base: named(t, base),
    ours: named(t, ours),
    theirs: named(t, theirs),
    merged: named(t, merged),
    how,
    cells,
  };
}

function mustGet(store: NodeStore, hash: Uint8Array): Uint8Array {
  const v = store.get(hash);
  if (!v) throw new Error(`missing value ${toHex(hash)}`);
  return v;
}
