/**
 * The SQLite instance AergoSQL uses, with the built-in functions defined and the costly SQLite
 * built-ins metered (once per process).
 */
import { defineBuiltins } from "./builtins.ts";
import { defineMeteredBuiltins } from "./functionGas.ts";
import { loadSqlite, type Sqlite } from "./sqlite.ts";

let ready: Promise<Sqlite> | null = null;

export function loadAergoSqlite(): Promise<Sqlite> {
  ready ??= loadSqlite().then((sqlite) => {
    defineBuiltins(sqlite);
    defineMeteredBuiltins(sqlite);
    return sqlite;
  });
  return ready;
}
