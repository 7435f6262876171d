/**
 * Typed argument checking: every argument is checked against its declared type before any SQL
 * runs, and converted to the value SQL will see. Arguments arrive from JSON (CLI, REST, forms)
 * as well as from SQL (CALL), so integers may be numbers, bigints or decimal strings, blobs hex.
 */
import { isAddress } from "../../crypto/address.ts";
import { fromHex } from "../../crypto/hash.ts";
import { SQL_TYPES, type ParamAbi, type SqlRow, type SqlType, type SqlValue } from "../types.ts";
import { ContractError, SqlErrorCode } from "./errors.ts";
import type { SqlLimits } from "./limits.ts";

export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);
const enc = new TextEncoder();

/** A value bound to a parameter: SQL values, or a row object for ROW parameters. */
export type ArgValue = SqlValue | SqlRow;

const describe = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "bigint") return `${v}`;
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (v === undefined) return "nothing";
  try {
    return JSON.stringify(v)?.slice(0, 60) ?? String(v);
  } catch {
    return String(v);
  }
};

function toInteger(v: unknown): bigint | null {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return Number.isSafeInteger(v) ? BigInt(v) : null;
  if (typeof v === "string" && /^-?\d{1,20}$/.test(v.trim())) return BigInt(v.trim());
  return null;
}

const narrow = (b: bigint): number | bigint => (b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b);

/**
 * Converts one argument to its SQL value, or throws BAD_ARGUMENT naming the parameter.
 * NULL (null) is accepted for every type; REQUIRE can refuse it.
 */
function badArgument(param: ParamAbi, v: unknown, why: string): never {
  throw new ContractError(SqlErrorCode.BadArgument, `argument ${param.name} must be ${why}; got ${describe(v)}`);
}

export function checkArg(param: ParamAbi, v: unknown, limits: SqlLimits): ArgValue {
  if (v === null) return null;
  // The common cases first, with no allocation.
  if (param.type === "ADDRESS" && typeof v === "string" && isAddress(v)) return v;
  if ((param.type === "INTEGER" || param.type === "AMOUNT") && typeof v === "number" && Number.isSafeInteger(v) && (v >= 0 || param.type === "INTEGER")) return v;
  const bad = (why: string): never => badArgument(param, v, why);
  const type: SqlType = param.type;
  switch (type) {
    case "INTEGER":
    case "AMOUNT": {
      const b = toInteger(v);
      if (b === null) return bad(type === "AMOUNT" ? "a whole non-negative amount (a number or decimal string)" : "an integer (a number or decimal string)");
      if (type === "AMOUNT" && b < 0n) return bad("a whole non-negative amount");
      if (b > INT64_MAX || b < INT64_MIN) return bad(`within SQLite's 64-bit integers (at most ${INT64_MAX})`);
      return narrow(b);
    }
    case "BOOLEAN":
      if (v === true || v === 1 || v === "true" || v === "1") return 1;
      if (v === false || v === 0 || v === "false" || v === "0") return 0;
      return bad("a boolean (true or false)");
    case "REAL": {
      const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : typeof v === "bigint" ? Number(v) : NaN;
      if (!Number.isFinite(n)) return bad("a finite number");
      return n;
    }
    case "TEXT":
      if (typeof v !== "string") return bad("text");
      if (enc.encode(v).length > limits.maxArgBytes) return bad(`at most ${limits.maxArgBytes} bytes of text`);
      return v;
    case "ADDRESS":
      if (typeof v !== "string" || !isAddress(v)) return bad("a valid Aergo address");
      return v;
    case "BLOB": {
      let b: Uint8Array;
      if (v instanceof Uint8Array) b = v;
      else if (typeof v === "string") {
        try {
          b = fromHex(v);
        } catch {
          return bad("bytes as a hex string");
        }
      } else return bad("bytes as a hex string");
      if (b.length > limits.maxArgBytes) return bad(`at most ${limits.maxArgBytes} bytes`);
      return b;
    }
    case "ROW": {
      if (typeof v !== "object" || v instanceof Uint8Array || Array.isArray(v)) return bad("a row (an object of column values)");
      const row: Record<string, SqlValue> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === null || typeof x === "number" || typeof x === "bigint" || typeof x === "string" || x instanceof Uint8Array) row[k.toLowerCase()] = x;
        else if (typeof x === "boolean") row[k.toLowerCase()] = x ? 1 : 0;
        else return bad(`a row of SQL values (column ${k} is ${describe(x)})`);
      }
      return row;
    }
  }
}

/**
 * Checks a call's arguments: an array in parameter order, or an object keyed by parameter name.
 * @throws ContractError BAD_ARGUMENT
 */
export function checkArgs(params: readonly ParamAbi[], args: unknown, limits: SqlLimits): ArgValue[] {
  let list: unknown[];
  if (args === undefined || args === null) list = [];
  else if (Array.isArray(args)) list = args;
  else if (typeof args === "object" && !(args instanceof Uint8Array)) {
    const obj = args as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (!params.some((p) => p.name === k)) throw new ContractError(SqlErrorCode.BadArgument, `there is no parameter ${k} (parameters: ${params.map((p) => p.name).join(", ") || "none"})`);
    }
    list = params.map((p) => (p.name in obj ? obj[p.name] : undefined));
    const missing = params.filter((p) => !(p.name in obj));
    if (missing.length) throw new ContractError(SqlErrorCode.BadArgument, `missing argument ${missing.map((p) => p.name).join(", ")}`);
  } else throw new ContractError(SqlErrorCode.BadArgument, "arguments are a list or an object keyed by parameter name");
  if (list.length !== params.length) {
    throw new ContractError(SqlErrorCode.BadArgument, `expected ${params.length} argument${params.length === 1 ? "" : "s"} (${params.map((p) => `${p.name} ${p.type}`).join(", ")}), got ${list.length}`);
  }
  let total = 0;
  const out: ArgValue[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const v = checkArg(params[i]!, list[i], limits);
    if (typeof v === "string") total += v.length;
    else if (v instanceof Uint8Array) total += v.length;
    out[i] = v;
  }
  if (total > limits.maxArgsBytes) throw new ContractError(SqlErrorCode.BadArgument, `the arguments total ${total} bytes; the limit is ${limits.maxArgsBytes}`);
  return out;
}

/** Checks a value produced by SQL against a declared type (events, RETURNS); null if it fits. */
export function typeProblem(type: SqlType, v: SqlValue): string | null {
  if (v === null) return null;
  switch (type) {
    case "INTEGER":
      return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint" ? null : "not an INTEGER";
    case "AMOUNT":
      return ((typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint") && v >= 0 ? null : "not a whole non-negative AMOUNT";
    case "BOOLEAN":
      return v === 0 || v === 1 ? null : "not a BOOLEAN (0 or 1)";
    case "REAL":
      return typeof v === "number" || typeof v === "bigint" ? null : "not a REAL";
    case "TEXT":
      return typeof v === "string" ? null : "not TEXT";
    case "ADDRESS":
      return typeof v === "string" && isAddress(v) ? null : "not a valid address";
    case "BLOB":
      return v instanceof Uint8Array ? null : "not a BLOB";
    case "ROW":
      return "a ROW cannot be produced here";
  }
}

/**
 * A primary-key value of a table row as table browsing shows it (decimal strings for big
 * integers, 0x-hex for blobs), converted to what the column holds, for looking one row up.
 * A key value may be as long as a row, not just an argument. Columns of a type outside the
 * language's own take the value as it is.
 * @throws ContractError BAD_ARGUMENT
 */
export function tableKeyValue(column: { readonly name: string; readonly type: string }, v: unknown, limits: SqlLimits): SqlValue {
  const type = column.type.trim().split(/[\s(]/)[0]!.toUpperCase() as SqlType;
  if (type !== "ROW" && (SQL_TYPES as readonly string[]).includes(type)) return checkArg({ name: column.name, type }, v, { ...limits, maxArgBytes: limits.maxRowBytes }) as SqlValue;
  if (v === null || typeof v === "number" || typeof v === "string") return v;
  throw new ContractError(SqlErrorCode.BadArgument, `key value ${column.name} must be a number, text or null; got ${describe(v)}`);
}
