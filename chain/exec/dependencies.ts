/**
 * Dependency analysis of a block's transactions (the whitepaper's DTT): what each transaction
 * may read or write, and the partition of the block into groups that touch disjoint state, so
 * that each group can run on its own worker and the result still equals the block's order.
 *
 * The unit of state is an address: an account (nonce, balance, stake, votes) and, for a
 * contract, its whole database. A contract's tables are not split further: they share one
 * database, one snapshot and one storage root, so two groups could not both write them.
 * A transaction whose reach is not statically bounded is `serial`: it conflicts with all others.
 */
import type { CompiledStmt, ContractArtifact } from "../sql/index.ts";
import type { SignedTx } from "../tx/tx.ts";
import { callProcedureOf } from "./contractPayload.ts";

/** The addresses a transaction may read or write, or `serial` when that cannot be bounded. */
export type TxAccess = { readonly kind: "bounded"; readonly addresses: readonly string[] } | { readonly kind: "serial"; readonly reason: string };

/** A contract's compiled code at the block's parent state, or null when there is no contract at the address. */
export type ArtifactOf = (address: string) => ContractArtifact | null;

/** Groups of transaction positions (block order inside each, groups by first position); `serial` when one group holds them all because of a serial transaction. */
export type BlockPartition = { readonly groups: ReadonlyArray<readonly number[]>; readonly serialReason: string | null };

const serial = (reason: string): TxAccess => ({ kind: "serial", reason });

/**
 * What a transaction may touch. Transfers: sender and recipient. Calls: sender and the contract
 * (its account and database), when the procedure can reach nothing else: no CALL into another
 * contract, no TRANSFER, no BALANCE() (any address it names could be another group's account).
 * Everything else (deploys, redeploys, stake, votes, names, market, governance) is serial:
 * they write shared system state or create contracts that later calls of the block may reach.
 */
export function txAccess(tx: SignedTx, artifactOf: ArtifactOf): TxAccess {
  switch (tx.type) {
    case "transfer":
      return tx.to ? { kind: "bounded", addresses: [tx.from, tx.to] } : serial("a transfer without a recipient");
    case "call": {
      if (!tx.to) return serial("a call without a contract");
      const artifact = artifactOf(tx.to);
      if (!artifact) return serial(`no contract at ${tx.to} at the parent state`);
      const procedure = procedureOf(tx);
      const reach = procedure === null ? "unreadable payload" : procedureReach(artifact, procedure);
      return reach === null ? { kind: "bounded", addresses: [tx.from, tx.to] } : serial(reach);
    }
    default:
      return serial(`${tx.type} transactions are not analysed`);
  }
}

/**
 * Splits a block into groups of transactions that never share an address (union-find over
 * addresses); order inside a group is block order. One serial transaction joins everything.
 * @example partitionBlock(block.txs, (a) => runtime.code(a)?.artifact ?? null).groups
 */
export function partitionBlock(txs: readonly SignedTx[], artifactOf: ArtifactOf): BlockPartition {
  const parent = txs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // The smaller root wins, so a group's root is its first transaction.
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const owner = new Map<string, number>();
  for (let i = 0; i < txs.length; i++) {
    const access = txAccess(txs[i]!, artifactOf);
    if (access.kind === "serial") return { groups: txs.length ? [txs.map((_, j) => j)] : [], serialReason: access.reason };
    for (const address of access.addresses) {
      const first = owner.get(address);
      if (first === undefined) owner.set(address, i);
      else union(first, i);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < txs.length; i++) {
    const root = find(i);
    let group = byRoot.get(root);
    if (!group) byRoot.set(root, (group = []));
    group.push(i);
  }
  return { groups: [...byRoot.values()], serialReason: null };
}

/** The procedure a call names, or null when the payload does not parse (the call is refused alike anywhere). */
const procedureOf = (tx: SignedTx): string | null => callProcedureOf(tx.payload);

/** Per artifact, per procedure: null when bounded to the contract, else why not. */
const reachCache = new WeakMap<ContractArtifact, Map<string, string | null>>();

function procedureReach(artifact: ContractArtifact, procedure: string): string | null {
  let cached = reachCache.get(artifact);
  if (!cached) reachCache.set(artifact, (cached = new Map()));
  if (cached.has(procedure)) return cached.get(procedure)!;
  const routine = artifact.procedures.find((p) => p.name === procedure);
  const reach = routine ? bodyReach(routine.body) : `${artifact.name} has no procedure ${procedure}`;
  cached.set(procedure, reach);
  return reach;
}

const BALANCE_CALL = /\bBALANCE\s*\(/i;

function bodyReach(body: readonly CompiledStmt[]): string | null {
  for (const stmt of body) {
    if (stmt.op === "call") return `line ${stmt.line} calls another contract`;
    if (stmt.op === "transfer") return `line ${stmt.line} transfers AERGO`;
    if (stmt.op === "if") {
      for (const arm of stmt.arms) {
        if (BALANCE_CALL.test(arm.sql)) return `line ${arm.line} reads BALANCE()`;
        const inner = bodyReach(arm.body);
        if (inner) return inner;
      }
      const otherwise = bodyReach(stmt.otherwise);
      if (otherwise) return otherwise;
      continue;
    }
    if (stmt.sql !== null && BALANCE_CALL.test(stmt.sql)) return `line ${stmt.line} reads BALANCE()`;
  }
  return null;
}
