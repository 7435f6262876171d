/**
 * The AergoSQL built-ins. The compiler rewrites the zero-argument context built-ins
 * (`SENDER()` …) into bound parameters (`:$sender` …): a bind per statement is cheaper than a
 * JavaScript callback per evaluation, and the value cannot change within a call anyway. They
 * are also registered as real SQL functions, so SQL that did not go through the compiler (the
 * runtime authorizer's tests, a read-only console) sees the same values.
 */
import { isAddress } from "../../crypto/address.ts";
import type { SqlValue } from "../types.ts";
import { SQLITE, type DbCallbacks, type Sqlite } from "./sqlite.ts";

/** Context built-ins and the parameter each compiles to. */
export const CONTEXT_BUILTINS = {
  SENDER: "$sender",
  ORIGIN: "$origin",
  SELF: "$self",
  AMOUNT: "$amount",
  BLOCK_HEIGHT: "$height",
  BLOCK_TIME: "$time",
  TX_HASH: "$txhash",
  BRANCH: "$branch",
} as const;
export type ContextBuiltin = keyof typeof CONTEXT_BUILTINS;
export type ContextParam = (typeof CONTEXT_BUILTINS)[ContextBuiltin];

/** What the SQL functions read: the running call's context and the host's balances. */
export interface BuiltinSource {
  contextValue(param: ContextParam): SqlValue;
  balanceOf(address: string | null): SqlValue;
}

export type BuiltinOwner = DbCallbacks & { readonly builtins: BuiltinSource };

/** Registers every built-in on the shared SQLite instance (once per process). */
export function defineBuiltins(sqlite: Sqlite) {
  for (const [name, param] of Object.entries(CONTEXT_BUILTINS) as [ContextBuiltin, ContextParam][]) {
    // DIRECTONLY: never inside a CHECK, DEFAULT or index, where "the current call" has no meaning.
    sqlite.defineFunction(name, 0, SQLITE.DIRECTONLY, (owner, ctx) => {
      sqlite.result(ctx, (owner as BuiltinOwner).builtins.contextValue(param));
    });
  }
  sqlite.defineFunction("BALANCE", 1, SQLITE.DIRECTONLY, (owner, ctx, _argc, argv) => {
    const who = sqlite.arg(argv, 0);
    sqlite.result(ctx, (owner as BuiltinOwner).builtins.balanceOf(who === null ? null : String(who)));
  });
  sqlite.defineFunction("BALANCE", 0, SQLITE.DIRECTONLY, (owner, ctx) => {
    sqlite.result(ctx, (owner as BuiltinOwner).builtins.balanceOf(null));
  });
  // Deterministic and innocuous: ADDRESS columns call it from their CHECK constraint.
  sqlite.defineFunction("IS_ADDRESS", 1, SQLITE.DETERMINISTIC | SQLITE.INNOCUOUS, (_owner, ctx, _argc, argv) => {
    const v = sqlite.arg(argv, 0);
    sqlite.result(ctx, v === null ? null : typeof v === "string" && isAddress(v) ? 1 : 0);
  });
}
