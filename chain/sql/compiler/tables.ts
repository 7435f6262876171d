/**
 * CREATE TABLE for contracts: SQLite's syntax, plus the ADDRESS and AMOUNT column types, which
 * become TEXT / INTEGER with a named CHECK constraint (so the error names the rule:
 * `CHECK constraint failed: owner must be an address`). The rest of the definition is passed to
 * SQLite untouched; the column list, types and primary key are then read back from SQLite.
 */
import type { Diagnostic } from "../types.ts";
import { CompileCode, diag } from "./diagnostics.ts";
import type { Range } from "./parser.ts";
import { SqlBuilder, rewriteRange } from "./sqlText.ts";
import { isOp, isWord, type Token } from "./tokenizer.ts";

/** Words SQLite refuses as unquoted table or column names (measured on this SQLite build). */
export const RESERVED_WORDS = new Set([
  "ADD", "ALL", "ALTER", "AND", "AS", "AUTOINCREMENT", "BETWEEN", "CASE", "CHECK", "COLLATE", "COMMIT", "CONSTRAINT", "CREATE",
  "DEFAULT", "DEFERRABLE", "DELETE", "DISTINCT", "DROP", "ELSE", "ESCAPE", "EXCEPT", "EXISTS", "FOREIGN", "FROM", "GROUP",
  "HAVING", "IF", "IN", "INDEX", "INSERT", "INTERSECT", "INTO", "IS", "ISNULL", "JOIN", "LIMIT", "NOT", "NOTHING", "NOTNULL",
  "NULL", "ON", "OR", "ORDER", "PRIMARY", "REFERENCES", "RETURNING", "SELECT", "SET", "TABLE", "THEN", "TO", "TRANSACTION",
  "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "WHEN", "WHERE",
]);

const TABLE_CONSTRAINT_WORDS = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);
const COLUMN_CONSTRAINT_WORDS = new Set(["CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"]);

export type DeclaredColumn = { readonly name: string; readonly type: string; readonly tok: Token };
export type DeclaredTable = {
  readonly name: string;
  readonly nameTok: Token;
  readonly columns: DeclaredColumn[];
  readonly sql: SqlBuilder;
};

export function reservedWordMessage(word: string): string {
  return `${word} is an SQL keyword: quote it ("${word.toLowerCase()}") or choose another name.`;
}

const nameOf = (t: Token) => (t.kind === "qident" ? t.value : t.text);

/** Rewrites one CREATE TABLE (tokens in `range`, without the `;`); null after reporting an error. */
export function rewriteCreateTable(toks: readonly Token[], range: Range, diagnostics: Diagnostic[], extraConstraints = ""): DeclaredTable | null {
  const before = diagnostics.length;
  const out = new SqlBuilder();
  let i = range.start;
  const at = (k = 0) => (i + k < range.end ? toks[i + k]! : toks[range.end]!);
  const copy = (n = 1) => {
    for (let k = 0; k < n; k++, i++) out.token(toks[i]!.text, toks[i]!, toks[i]!.spaced);
  };
  for (let k = range.start; k < range.end; k++) {
    if (isWord(toks[k], "DEFERRED")) {
      diagnostics.push(diag(toks[k]!, "Deferred constraints are not supported: a constraint is checked by the statement that breaks it.", CompileCode.Unsupported));
      return null;
    }
  }
  copy(2); // CREATE TABLE
  if (isWord(at(), "IF")) copy(3); // IF NOT EXISTS
  const nameTok = at();
  if (nameTok.kind !== "ident" && nameTok.kind !== "qident") {
    diagnostics.push(diag(nameTok, "Expected the table's name after CREATE TABLE.", CompileCode.Syntax));
    return null;
  }
  if (isOp(at(1), ".")) {
    diagnostics.push(diag(nameTok, "Tables belong to the contract: write the name without a schema prefix.", CompileCode.ForbiddenTable));
    return null;
  }
  if (nameTok.kind === "ident" && RESERVED_WORDS.has(nameTok.value)) {
    diagnostics.push(diag(nameTok, reservedWordMessage(nameTok.text), CompileCode.ReservedWord));
    return null;
  }
  const name = nameOf(nameTok);
  if (name.toLowerCase().startsWith("sqlite_")) {
    diagnostics.push(diag(nameTok, "Names starting with sqlite_ are reserved for SQLite.", CompileCode.ReservedWord));
    return null;
  }
  copy();
  if (isWord(at(), "AS")) {
    diagnostics.push(diag(at(), "CREATE TABLE … AS SELECT is not supported: declare the columns.", CompileCode.Unsupported));
    return null;
  }
  if (!isOp(at(), "(")) {
    diagnostics.push(diag(at(), `Expected "(" and the column definitions after CREATE TABLE ${name}.`, CompileCode.Syntax));
    return null;
  }
  copy();
  const columns: DeclaredColumn[] = [];
  // One element (column or table constraint) per top-level comma.
  for (;;) {
    const start = i;
    let depth = 0;
    while (i < range.end) {
      const t = toks[i]!;
      if (depth === 0 && (isOp(t, ",") || isOp(t, ")"))) break;
      if (isOp(t, "(")) depth++;
      if (isOp(t, ")")) depth--;
      i++;
    }
    if (i >= range.end) {
      diagnostics.push(diag(toks[range.end]!, `The column list of ${name} is not closed with ")".`, CompileCode.Syntax));
      return null;
    }
    const end = i;
    if (start === end) {
      diagnostics.push(diag(toks[end]!, "Expected a column definition.", CompileCode.Syntax));
      return null;
    }
    const head = toks[start]!;
    if (head.kind === "ident" && TABLE_CONSTRAINT_WORDS.has(head.value)) {
      rewriteRange(out, toks, { start, end }, { scope: null, builtins: false, diagnostics }, head.spaced);
    } else {
      const column = rewriteColumn(out, toks, start, end, diagnostics);
      if (column) columns.push(column);
    }
    const sep = toks[i]!;
    if (isOp(sep, ")") && extraConstraints) out.raw(extraConstraints);
    out.token(sep.text, sep, sep.spaced);
    i++;
    if (isOp(sep, ")")) break;
  }
  // Table options: WITHOUT ROWID, STRICT.
  while (i < range.end) {
    const t = toks[i]!;
    if (isWord(t, "WITHOUT") || isWord(t, "ROWID") || isWord(t, "STRICT") || isOp(t, ",")) {
      copy();
      continue;
    }
    diagnostics.push(diag(t, `Unexpected ${JSON.stringify(t.text)} after the column list.`, CompileCode.Syntax));
    return null;
  }
  return diagnostics.length === before ? { name, nameTok, columns, sql: out } : null;
}

function rewriteColumn(out: SqlBuilder, toks: readonly Token[], start: number, end: number, diagnostics: Diagnostic[]): DeclaredColumn | null {
  const nameTok = toks[start]!;
  if (nameTok.kind !== "ident" && nameTok.kind !== "qident") {
    diagnostics.push(diag(nameTok, `Expected a column name but found ${JSON.stringify(nameTok.text)}.`, CompileCode.Syntax));
    return null;
  }
  if (nameTok.kind === "ident" && RESERVED_WORDS.has(nameTok.value)) {
    diagnostics.push(diag(nameTok, reservedWordMessage(nameTok.text), CompileCode.ReservedWord));
    return null;
  }
  const name = nameOf(nameTok);
  out.token(nameTok.text, nameTok, nameTok.spaced);
  // The type: words up to the first constraint keyword, with an optional (n) or (n, m).
  let i = start + 1;
  const typeWords: Token[] = [];
  while (i < end && toks[i]!.kind === "ident" && !COLUMN_CONSTRAINT_WORDS.has(toks[i]!.value)) typeWords.push(toks[i++]!);
  let typeEnd = i;
  if (typeWords.length && isOp(toks[i], "(")) {
    let j = i;
    while (j < end && !isOp(toks[j], ")")) j++;
    typeEnd = Math.min(j + 1, end);
  }
  const typeText = toks.slice(start + 1, typeEnd).map((t) => t.text).join(" ").replace(/ \( /g, "(").replace(/ \)/g, ")").toUpperCase();
  const special = typeWords.length === 1 && (typeWords[0]!.value === "ADDRESS" || typeWords[0]!.value === "AMOUNT") && typeEnd === start + 2 ? typeWords[0]!.value : null;
  if (special) {
    const t = typeWords[0]!;
    out.token(special === "ADDRESS" ? "TEXT" : "INTEGER", t, t.spaced);
  } else if (typeEnd > start + 1) {
    rewriteRange(out, toks, { start: start + 1, end: typeEnd }, { scope: null, builtins: false, diagnostics }, toks[start + 1]!.spaced);
  }
  for (let k = typeEnd; k < end; k++) {
    const t = toks[k]!;
    if (isWord(t, "GENERATED") || (isWord(t, "AS") && isOp(toks[k + 1], "("))) {
      diagnostics.push(diag(t, "Generated columns are not supported: compute the value in the statement that writes the row.", CompileCode.Unsupported));
      return null;
    }
    if (isWord(t, "AUTOINCREMENT")) {
      diagnostics.push(diag(t, "AUTOINCREMENT is not supported: an INTEGER PRIMARY KEY already takes max(id) + 1, and SQLite's hidden counter table would sit outside the contract's state.", CompileCode.Unsupported));
      return null;
    }
  }
  if (typeEnd < end) rewriteRange(out, toks, { start: typeEnd, end }, { scope: null, builtins: false, diagnostics }, toks[typeEnd]!.spaced);
  if (special === "ADDRESS") {
    out.raw(` CONSTRAINT ${quoteName(`${name} must be an address`)} CHECK (${quoteName(name)} IS NULL OR IS_ADDRESS(${quoteName(name)}))`);
  } else if (special === "AMOUNT") {
    out.raw(
      ` CONSTRAINT ${quoteName(`${name} must be a whole non-negative amount`)} CHECK (${quoteName(name)} IS NULL OR (typeof(${quoteName(name)}) = 'integer' AND ${quoteName(name)} >= 0))`,
    );
  }
  return { name, type: typeText || "", tok: nameTok };
}

export const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;
