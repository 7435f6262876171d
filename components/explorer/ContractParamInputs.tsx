"use client";
import type { ReactNode } from "react";
import { isAddress } from "@/chain/crypto/address";
import type { ParamAbi } from "@/chain/sql/types";
import { resolveAccountInput, type NameLookups } from "@/components/names/accountInput";

/** What a form holds per parameter: text as typed, or a checkbox's state for BOOLEAN. */
export type ParamValues = Record<string, string | boolean>;
export type ParsedArgs = { ok: true; args: unknown[] } | { ok: false; errors: Record<string, string> };

export const INPUT_CLASS =
  "h-9 w-full min-w-0 rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 placeholder:text-zinc-400 focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";

export function initialParamValues(params: readonly ParamAbi[]): ParamValues {
  return Object.fromEntries(params.map((p) => [p.name, p.type === "BOOLEAN" ? false : ""]));
}

const MAX_TEXT_BYTES = 16_384;

/** An integer as the engine accepts it: a safe one as a number (reads best in JSON), a bigger one as a decimal string. */
function integerArg(text: string, nonNegative: boolean): { value: number | string } | { error: string } {
  if (!/^-?\d+$/.test(text)) return { error: nonNegative ? "a whole number ≥ 0, e.g. 10" : "a whole number, e.g. 10" };
  const big = BigInt(text);
  if (nonNegative && big < 0n) return { error: "must not be negative" };
  if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) return { error: "outside the 64-bit integer range" };
  return { value: Number.isSafeInteger(Number(text)) ? Number(text) : big.toString() };
}

/**
 * The JSON arguments of a call or view, in parameter order, checked the way the engine checks them
 * (docs/aergosql.md, "Types"), so a mistake is shown beside its field instead of after a round trip.
 * With `names` (the lookups made on the form's chain), an ADDRESS parameter also takes a name and
 * passes the address it resolves to; without, it takes addresses only.
 */
export function parseParamValues(params: readonly ParamAbi[], values: ParamValues, names?: NameLookups): ParsedArgs {
  const args: unknown[] = [];
  const errors: Record<string, string> = {};
  for (const p of params) {
    const raw = values[p.name];
    if (p.type === "BOOLEAN") {
      args.push(raw === true);
      continue;
    }
    const text = typeof raw === "string" ? (p.type === "TEXT" ? raw : raw.trim()) : "";
    if (p.type !== "TEXT" && text === "") {
      errors[p.name] = "required";
      continue;
    }
    switch (p.type) {
      case "INTEGER":
      case "AMOUNT": {
        const r = integerArg(text, p.type === "AMOUNT");
        if ("error" in r) errors[p.name] = r.error;
        else args.push(r.value);
        break;
      }
      case "REAL": {
        const n = Number(text);
        if (!Number.isFinite(n)) errors[p.name] = "a number, e.g. 1.5";
        else args.push(n);
        break;
      }
      case "ADDRESS": {
        if (names === undefined) {
          if (!isAddress(text)) errors[p.name] = "not a valid Aergo address (base58check, starts with A)";
          else args.push(text);
          break;
        }
        const account = resolveAccountInput(text, names);
        if (account.status === "ready") args.push(account.address);
        else if (account.status === "pending") errors[p.name] = `looking up ${account.name}…`;
        else if (account.status === "unresolved") errors[p.name] = account.message;
        else errors[p.name] = "neither an Aergo address (base58check, starts with A) nor a valid name";
        break;
      }
      case "BLOB":
        if (!/^(0x)?([0-9a-fA-F]{2})*$/.test(text)) errors[p.name] = "hex bytes, e.g. 0x01ff";
        else args.push(text);
        break;
      case "TEXT":
        if (new TextEncoder().encode(text).length > MAX_TEXT_BYTES) errors[p.name] = "at most 16,384 bytes";
        else args.push(text);
        break;
      default:
        errors[p.name] = `${p.type} parameters cannot be given from a form`;
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, args };
}

const PLACEHOLDER: Partial<Record<ParamAbi["type"], string>> = {
  INTEGER: "whole number",
  AMOUNT: "whole number ≥ 0",
  REAL: "number",
  ADDRESS: "Am…",
  TEXT: "text",
  BLOB: "0x…",
};

/**
 * One typed input of a generated form: text for numbers, addresses and text, a checkbox for
 * BOOLEAN. `note` goes under the input when there is no error (where a name leads).
 */
export function ParamField({
  param,
  value,
  error,
  idPrefix,
  onChange,
  placeholder,
  note,
}: {
  param: ParamAbi;
  value: string | boolean | undefined;
  error: string | undefined;
  idPrefix: string;
  onChange: (value: string | boolean) => void;
  placeholder?: string;
  note?: ReactNode;
}) {
  const id = `${idPrefix}-${param.name}`;
  const label = (
    <span className="flex items-baseline gap-1.5">
      <span className="mono text-zinc-800">{param.name}</span>
      <span className="mono text-xs text-sky-700">{param.type}</span>
    </span>
  );
  if (param.type === "BOOLEAN") {
    return (
      <label htmlFor={id} className="flex items-center gap-2 text-sm">
        <input id={id} name={param.name} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} className="h-4 w-4 rounded border-zinc-300" data-testid={`param-${param.name}`} />
        {label}
      </label>
    );
  }
  const numeric = param.type === "INTEGER" || param.type === "AMOUNT" || param.type === "REAL";
  return (
    <label htmlFor={id} className="block text-sm">
      {label}
      <input
        id={id}
        name={param.name}
        type="text"
        inputMode={numeric ? (param.type === "REAL" ? "decimal" : "numeric") : undefined}
        value={typeof value === "string" ? value : ""}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder ?? PLACEHOLDER[param.type] ?? param.type}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        className={`${INPUT_CLASS} mt-1 ${param.type === "ADDRESS" || param.type === "BLOB" ? "mono" : ""} ${error ? "border-red-400" : ""}`}
        data-testid={`param-${param.name}`}
      />
      {error ? (
        <span className="mt-1 block text-xs text-red-700" data-testid={`param-error-${param.name}`}>
          {error}
        </span>
      ) : (
        note
      )}
    </label>
  );
}
