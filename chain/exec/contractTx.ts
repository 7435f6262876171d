/**
 * The pieces of a contract transaction that the node and the browser's simulator must compute
 * identically (the payload bytes are contractPayload.ts's): the gas budget, the call context,
 * native AERGO moves through the engine's host, and the receipt's fields. Browser-safe (no node store, no pending state): the
 * node binds these to its PendingState (contracts.ts, applyTx.ts), the simulator to a small
 * ledger of its own (chain/sql/simulate.ts), so a simulated gasUsed is the receipt's gasUsed.
 */
import { isAddress, isContractAddress } from "../crypto/address.ts";
import { toHex } from "../crypto/hash.ts";
import { AER_PER_GAER, isWholeGaer } from "../amount.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { CallContext, CallResult, ContractAbi, ContractArtifact, SqlEngine, SqlHost } from "../sql/index.ts";
import type { EventJSON } from "../types.ts";

/**
 * Native amounts cross into SQL in gaer (10^9 aer): SQLite integers are 64-bit, and in gaer
 * they hold every balance the 500,000,000 AERGO supply allows (in aer they would stop at 9.2).
 */
export const toSqlAmount = (aer: bigint): bigint => aer / AER_PER_GAER;
export const fromSqlAmount = (gaer: bigint): bigint => gaer * AER_PER_GAER;

/** JSON-safe form of an SQL value: big integers as decimal strings, blobs as 0x-hex. */
export function sqlValueToJSON(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return `0x${toHex(v)}`;
  if (Array.isArray(v)) return v.map(sqlValueToJSON);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sqlValueToJSON(x)]));
  return v ?? null;
}

/** `timeBudgetMs`: the producer's admission budget (CallContext.timeBudgetMs), absent on replay. */
export type BlockCallContext = { readonly height: number; readonly timestamp: number; readonly branch: string; readonly timeBudgetMs?: number };

/** What a contract transaction's execution needs to know about the transaction itself. */
export type ContractTxFacts = { readonly from: string; readonly amount: bigint; readonly hashText: string };

/** The engine's call context of a transaction: the signer is both SENDER() and ORIGIN(), AMOUNT() is in gaer. */
export function txCallContext(tx: ContractTxFacts, block: BlockCallContext, gasLimit: number): CallContext {
  return { sender: tx.from, origin: tx.from, amount: toSqlAmount(tx.amount), blockHeight: block.height, blockTime: block.timestamp, txHash: tx.hashText, branch: block.branch, gasLimit, timeBudgetMs: block.timeBudgetMs };
}

/** Native balances in aer, as the host of an engine sees them. */
export type NativeLedger = { balanceOf(address: string): bigint; setBalance(address: string, aer: bigint): void };

/**
 * The engine's host over a ledger: BALANCE() and TRANSFER in gaer, with the refusals a contract
 * sees on chain; CALL reaches the contracts this engine holds.
 */
export function nativeHost(ledger: () => NativeLedger, engine: Pick<SqlEngine, "has">): SqlHost {
  return {
    balanceOf: (address) => toSqlAmount(ledger().balanceOf(address)),
    transfer(from, to, gaer) {
      if (gaer < 0n) throw new Error("a transfer cannot be negative");
      if (!isAddress(to)) throw new Error(`"${to}" is not an address`);
      const l = ledger();
      const amount = fromSqlAmount(gaer);
      const src = l.balanceOf(from);
      if (src < amount) throw new Error(`the contract holds ${toSqlAmount(src)} gaer, ${gaer} needed`);
      l.setBalance(from, src - amount);
      l.setBalance(to, l.balanceOf(to) + amount);
    },
    resolveContract: (nameOrAddress) => (isContractAddress(nameOrAddress) && engine.has(nameOrAddress) ? nameOrAddress : null),
  };
}

/**
 * The engine's host for a view: BALANCE() reads `balanceOf` (aer, in gaer for SQL) at the point
 * the view reads; nothing moves AERGO, no CALL (views may not, the compiler refuses both).
 */
export function viewHost(balanceOf: (address: string) => bigint): SqlHost {
  return {
    balanceOf: (address) => toSqlAmount(balanceOf(address)),
    transfer: () => {
      throw new Error("views cannot move AERGO");
    },
    resolveContract: () => null,
  };
}

/**
 * Compiles a deploy's (or redeploy's) source; a source that does not compile makes the
 * transaction invalid (it is refused, not included).
 * @throws ChainError INVALID_PAYLOAD with the first diagnostics.
 */
export function compileForChain(engine: Pick<SqlEngine, "compile">, source: string): { artifact: ContractArtifact; abi: ContractAbi } {
  const compiled = engine.compile(source);
  if (!compiled.ok) {
    const first = compiled.diagnostics[0];
    throw new ChainError(ErrorCode.InvalidPayload, `The contract does not compile: ${first ? `${first.line}:${first.column}: ${first.message}` : "unknown error"}.`, {
      diagnostics: compiled.diagnostics.slice(0, 20),
    });
  }
  return compiled;
}

/**
 * Checks what refuses a contract transaction before it runs.
 * @throws ChainError INVALID_AMOUNT when the amount is not a whole number of gaer.
 */
export function checkContractAmount(amount: bigint) {
  if (!isWholeGaer(amount)) {
    throw new ChainError(ErrorCode.InvalidAmount, "AERGO sent to a contract must be a whole number of gaer (10^9 aer).");
  }
}

export function eventsToJSON(result: CallResult): EventJSON[] {
  return result.events.map((e, index) => ({ index, contract: e.contract, name: e.name, args: sqlValueToJSON(e.args) as Record<string, unknown> }));
}

export type ContractReceiptFields = {
  readonly status: "success" | "error";
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly gasUsed: number;
  readonly returnValue: unknown;
  readonly events: EventJSON[];
};

/** A contract transaction's receipt fields: intrinsic + contract gas (capped by the limit), and nothing but the error on failure. */
export function contractReceiptFields(result: CallResult, intrinsic: number, gasLimit: number): ContractReceiptFields {
  const ok = result.status === "success";
  return {
    status: ok ? "success" : "error",
    error: ok ? null : { code: result.error?.code ?? "CONTRACT_ERROR", message: result.error?.message ?? "The contract call failed." },
    gasUsed: Math.min(gasLimit, intrinsic + result.gasUsed),
    returnValue: ok ? sqlValueToJSON(result.returnValue) : null,
    events: ok ? eventsToJSON(result) : [],
  };
}
