/**
 * Turns token ranges of the contract source back into SQL text for SQLite, rewriting what
 * AergoSQL adds (parameters, built-ins) and refusing what it forbids, while remembering which
 * source token every piece of output came from: SQLite reports errors as byte offsets into the
 * SQL it was given, and those offsets map back to a line and column of the contract.
 */
import type { Diagnostic, SqlType } from "../types.ts";
import { FORBIDDEN_FUNCTIONS } from "../runtime/authorizer.ts";
import { CONTEXT_BUILTINS, type ContextBuiltin } from "../runtime/builtins.ts";
import { CompileCode, diag } from "./diagnostics.ts";
import type { Range } from "./parser.ts";
import { isOp, type Token } from "./tokenizer.ts";
import { utf8ByteLength } from "../../crypto/hash.ts";

type Mark = { readonly at: number; readonly tok: Token };

/** Accumulates SQL text with a map from output byte offsets to source tokens. */
export class SqlBuilder {
  private readonly parts: string[] = [];
  private bytes = 0;
  private readonly marks: Mark[] = [];

  raw(text: string): this {
    this.parts.push(text);
    this.bytes += utf8ByteLength(text);
    return this;
  }
  token(text: string, tok: Token, spaced: boolean): this {
    if (spaced && this.parts.length) this.raw(" ");
    this.marks.push({ at: this.bytes, tok });
    return this.raw(text);
  }
  get sql(): string {
    return this.parts.join("");
  }
  /** The source token at (or before) a byte offset of the output; the first token when unknown. */
  locate(offset: number): Token | null {
    if (!this.marks.length) return null;
    if (offset < 0) return this.marks[0]!.tok;
    let found = this.marks[0]!.tok;
    for (const m of this.marks) {
      if (m.at > offset) break;
      found = m.tok;
    }
    return found;
  }
  get firstToken(): Token | null {
    return this.marks[0]?.tok ?? null;
  }
  get lastToken(): Token | null {
    return this.marks[this.marks.length - 1]?.tok ?? null;
  }
}

/** A name usable as `:name` in a statement. */
export type ScopeEntry = { readonly type: SqlType; readonly rowColumns: ReadonlySet<string> | null };
export interface ParamScope {
  get(name: string): ScopeEntry | undefined;
  names(): string[];
}

const TIME_FUNCTIONS = new Set(["DATE", "TIME", "DATETIME", "JULIANDAY", "UNIXEPOCH", "STRFTIME", "TIMEDIFF"]);
const WALL_CLOCK_WORDS: Record<string, string> = {
  CURRENT_TIME: FORBIDDEN_FUNCTIONS.current_time!,
  CURRENT_DATE: FORBIDDEN_FUNCTIONS.current_date!,
  CURRENT_TIMESTAMP: FORBIDDEN_FUNCTIONS.current_timestamp!,
};

export type RewriteOptions = {
  /** null: parameters are not allowed here (table and index definitions). */
  readonly scope: ParamScope | null;
  /** Rewrite SENDER() etc. into bound parameters (bodies); schema keeps them as calls. */
  readonly builtins: boolean;
  readonly diagnostics: Diagnostic[];
};

/**
 * Appends the SQL of tokens [range.start, range.end) to `out`. Returns false if it reported an
 * error (then the SQL is not worth giving to SQLite).
 */
export function rewriteRange(out: SqlBuilder, toks: readonly Token[], range: Range, opts: RewriteOptions, spacedFirst = false): boolean {
  const { diagnostics } = opts;
  const before = diagnostics.length;
  let first = true;
  for (let i = range.start; i < range.end; i++) {
    const t = toks[i]!;
    const spaced = first ? spacedFirst : t.spaced;
    first = false;
    const next = toks[i + 1];
    if (t.kind === "param") {
      const sigil = t.text[0];
      if (sigil !== ":") {
        diagnostics.push(diag(t, `Use named parameters like :amount; ${t.text} is not one.`, CompileCode.UnknownParameter));
        continue;
      }
      if (!opts.scope) {
        diagnostics.push(diag(t, `Parameters cannot be used in a table or index definition.`, CompileCode.UnknownParameter));
        continue;
      }
      const name = t.value;
      const entry = opts.scope.get(name);
      if (!entry) {
        const near = opts.scope.names().find((n) => n.toLowerCase() === name.toLowerCase());
        diagnostics.push(diag(t, near ? `Unknown parameter :${name}; did you mean :${near}? (names are case-sensitive)` : `Unknown parameter :${name}: it is neither a parameter nor a LET variable defined before this line.`, CompileCode.UnknownParameter));
        continue;
      }
      if (entry.type === "ROW") {
        const field = toks[i + 2];
        if (!isOp(next, ".") || next!.spaced || !field || (field.kind !== "ident" && field.kind !== "qident") || field.spaced) {
          diagnostics.push(diag(t, `:${name} is a ROW: name one of its columns, as in :${name}.status.`, CompileCode.UnknownParameter));
          continue;
        }
        const column = field.kind === "qident" ? field.value : field.text;
        if (entry.rowColumns && !entry.rowColumns.has(column.toLowerCase())) {
          diagnostics.push(diag(field, `The row :${name} has no column ${column}.`, CompileCode.UnknownColumn));
          continue;
        }
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(column)) {
          diagnostics.push(diag(field, `Row columns read as :${name}.column need a plain name (letters, digits, _).`, CompileCode.UnknownColumn));
          continue;
        }
        out.token(`:${name}$${column.toLowerCase()}`, t, spaced);
        i += 2;
        continue;
      }
      out.token(`:${name}`, t, spaced);
      continue;
    }
    if (t.kind === "ident" || t.kind === "qident") {
      const upper = t.kind === "ident" ? t.value : t.value.toUpperCase();
      const isCall = isOp(next, "(");
      if (t.kind === "ident" && WALL_CLOCK_WORDS[upper]) {
        diagnostics.push(diag(t, WALL_CLOCK_WORDS[upper]!, CompileCode.ForbiddenFunction));
        continue;
      }
      if (isCall && FORBIDDEN_FUNCTIONS[upper.toLowerCase()]) {
        diagnostics.push(diag(t, FORBIDDEN_FUNCTIONS[upper.toLowerCase()]!, CompileCode.ForbiddenFunction));
        continue;
      }
      if (isCall && TIME_FUNCTIONS.has(upper)) {
        const now = findNowArgument(toks, i + 1, range.end);
        if (now) diagnostics.push(diag(now, `${t.text}('now') reads the wall clock, which differs on every node; use BLOCK_TIME(), as in ${t.text.toLowerCase()}(BLOCK_TIME(), 'unixepoch').`, CompileCode.ForbiddenFunction));
        // Without a time value (strftime: after its format) these mean 'now' too.
        else if (countArguments(toks, i + 1, range.end) <= (upper === "STRFTIME" ? 1 : 0)) {
          diagnostics.push(diag(t, `${t.text}() without a time value reads the wall clock, which differs on every node; pass BLOCK_TIME(), as in ${t.text.toLowerCase()}(${upper === "STRFTIME" ? "'%Y', " : ""}BLOCK_TIME(), 'unixepoch').`, CompileCode.ForbiddenFunction));
        }
      }
      if (!isCall && upper.startsWith("SQLITE_")) {
        diagnostics.push(diag(t, `SQLite's internal table ${t.kind === "qident" ? t.value : t.text} is not part of the contract.`, CompileCode.ForbiddenTable));
        continue;
      }
      if ((upper === "TEMP" || upper === "TEMPORARY") && isOp(next, ".")) {
        const table = toks[i + 2];
        diagnostics.push(diag(t, `Only the contract's own tables can be used; ${t.text}.${table?.text ?? ""} is outside it.`, CompileCode.ForbiddenTable));
        i += 2;
        continue;
      }
      if (upper.startsWith("PRAGMA_")) {
        diagnostics.push(diag(t, `${t.text} is a PRAGMA, which a contract cannot use.`, CompileCode.ForbiddenStatement));
        continue;
      }
      if (opts.builtins && t.kind === "ident" && isCall && isOp(toks[i + 2], ")") && upper in CONTEXT_BUILTINS) {
        out.token(`:${CONTEXT_BUILTINS[upper as ContextBuiltin]}`, t, spaced);
        i += 2;
        continue;
      }
    }
    out.token(t.text, t, spaced);
  }
  return diagnostics.length === before;
}

/** The number of top-level arguments in the parentheses starting at `open`. */
function countArguments(toks: readonly Token[], open: number, end: number): number {
  let depth = 0;
  let count = 0;
  for (let i = open; i < end; i++) {
    const t = toks[i]!;
    if (isOp(t, "(")) {
      depth++;
      if (depth === 1 && !isOp(toks[i + 1], ")")) count = 1;
    } else if (isOp(t, ")")) {
      depth--;
      if (depth === 0) return count;
    } else if (depth === 1 && isOp(t, ",")) count++;
  }
  return count;
}

/** Inside the parenthesised arguments starting at `open`: a 'now' string literal, if any. */
function findNowArgument(toks: readonly Token[], open: number, end: number): Token | null {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const t = toks[i]!;
    if (isOp(t, "(")) depth++;
    else if (isOp(t, ")")) {
      depth--;
      if (depth === 0) return null;
    } else if (t.kind === "string" && /^\s*now\s*$/i.test(t.value)) return t;
  }
  return null;
}
