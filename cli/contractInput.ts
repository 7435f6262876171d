/**
 * The flags shared by the contract commands: --args JSON, --gas N, --amount sent to a contract,
 * --at/--limit/--offset/--from numbers, and the default gas limit of a contract transaction.
 */
import { isWholeGaer, parseAmount } from "../chain/amount.ts";
import type { ParamAbi } from "../chain/sql/types.ts";
import { CliError, usageError } from "./errors.ts";

export type ContractArgs = unknown[] | Record<string, unknown>;

/**
 * `--args` as the routine's arguments: a JSON array (in parameter order) or object (by name).
 * @throws CliError exit 2 when it is not JSON, or JSON of another kind.
 */
export function parseArgsJson(text: string | undefined, command: string): ContractArgs {
  if (text === undefined) return [];
  const hint = `Give a JSON array in parameter order, e.g. --args '["Gold", "GLD", 1000]', or an object by name, e.g. --args '{"to": "Am...", "amount": 5}'.`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw usageError(`aergo ${command}: --args is not valid JSON (${(e as Error).message.slice(0, 120)}).`, hint);
  }
  if (value === null || typeof value !== "object") throw usageError(`aergo ${command}: --args must be a JSON array or object, not ${JSON.stringify(value).slice(0, 40)}.`, hint);
  return value as ContractArgs;
}

/**
 * A whole number given to a flag (--gas, --at, --limit, ...).
 * @throws CliError exit 1 naming the flag.
 */
export function parseWholeNumber(text: string | undefined, flag: string, what: string, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text) || Number(text) < min) throw new CliError(`--${flag} "${text.slice(0, 40)}" is not ${what}.`);
  return Number(text);
}

export { contractGasLimit } from "../chain/tx/buildTx.ts";

/**
 * AERGO sent to a contract: contracts count native AERGO in gaer, so the chain refuses fractions of one.
 * @throws CliError for a bad amount or a fraction of a gaer.
 */
export function parseContractAmount(text: string | undefined): bigint {
  if (text === undefined) return 0n;
  const amount = parseAmount(text);
  if (!isWholeGaer(amount)) throw new CliError(`AERGO sent to a contract must be a whole number of gaer (10^9 aer); "${text.slice(0, 40)}" is not.`);
  return amount;
}

/**
 * Checks arguments against the routine's parameters with the engine's own checker, so a wrong
 * count, name or type is refused here instead of in a transaction that pays a fee to fail.
 * @throws CliError (exit 1) with the engine's reason.
 */
export async function checkRoutineArgs(routine: string, params: readonly ParamAbi[], args: ContractArgs): Promise<void> {
  // The checker alone, not chain/sql/index.ts: that would load the whole SQLite runtime (~200 ms).
  const [{ checkArgs }, { DEFAULT_LIMITS }] = await Promise.all([import("../chain/sql/runtime/args.ts"), import("../chain/sql/runtime/limits.ts")]);
  try {
    checkArgs(params, args, DEFAULT_LIMITS);
  } catch (e) {
    throw new CliError(`${routine}: ${e instanceof Error ? e.message : String(e)}.`);
  }
}
