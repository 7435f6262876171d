/**
 * The symbols of a contract source, taken from the compiler's own tokenizer, parser and CREATE
 * TABLE reader (never from regexes), as plain serializable data: the engine worker computes
 * them next to the diagnostics and the editor's language services (services.ts) answer
 * completion, hover and go-to-definition from them. A source with errors still yields every
 * symbol the parser recovered.
 */
import { parseContract, type ItemAst, type ParamDecl, type StmtAst } from "@/chain/sql/compiler/parser";
import { rewriteCreateTable } from "@/chain/sql/compiler/tables";
import { tokenize, type Token } from "@/chain/sql/compiler/tokenizer";
import type { Diagnostic } from "@/chain/sql/types";

/** A source span: 1-based line and column, end column exclusive (Monaco's convention). */
export type Span = { readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number };

export type ColumnSymbol = { readonly name: string; readonly type: string; readonly span: Span };
export type TableSymbol = { readonly name: string; readonly columns: readonly ColumnSymbol[]; readonly span: Span };
export type VariableSymbol = { readonly name: string; readonly type: string; readonly kind: "param" | "let"; readonly span: Span };
export type EventSymbol = { readonly name: string; readonly params: readonly VariableSymbol[]; readonly span: Span };
export type RoutineSymbol = {
  readonly kind: "constructor" | "procedure" | "view";
  readonly name: string;
  readonly params: readonly VariableSymbol[];
  /** LET variables, in order of first assignment. */
  readonly locals: readonly VariableSymbol[];
  readonly returns: string | null;
  readonly span: Span;
  /** Source offsets [start, end): from the routine's keyword to the next item (for "the enclosing routine"). */
  readonly start: number;
  readonly end: number;
};
export type ContractSymbols = {
  readonly contract: { readonly name: string; readonly span: Span } | null;
  readonly tables: readonly TableSymbol[];
  readonly events: readonly EventSymbol[];
  readonly routines: readonly RoutineSymbol[];
};

export const EMPTY_SYMBOLS: ContractSymbols = { contract: null, tables: [], events: [], routines: [] };

const spanOf = (t: Token): Span => ({ line: t.line, column: t.col, endLine: t.endLine, endColumn: t.endCol });
const nameOf = (t: Token) => (t.kind === "qident" ? t.value : t.text);
const variable = (p: ParamDecl, kind: "param" | "let" = "param"): VariableSymbol => ({ name: p.name, type: p.type, kind, span: spanOf(p.tok) });

function itemStart(item: ItemAst): number {
  switch (item.kind) {
    case "event":
      return item.nameTok.start;
    default:
      return item.first.start;
  }
}

function collectLets(stmts: readonly StmtAst[], out: VariableSymbol[]) {
  for (const s of stmts) {
    if (s.kind === "let" && !out.some((v) => v.name === s.name)) out.push({ name: s.name, type: "", kind: "let", span: spanOf(s.nameTok) });
    if (s.kind === "if") {
      for (const arm of s.arms) collectLets(arm.body, out);
      collectLets(s.otherwise, out);
    }
  }
}

/** Every declared symbol of `source`, with its declaration's span. Never throws. */
export function extractSymbols(source: string): ContractSymbols {
  const { tokens } = tokenize(source);
  const { ast } = parseContract(tokens);
  const starts = ast.items.map(itemStart).sort((a, b) => a - b);
  const nextStart = (from: number) => starts.find((s) => s > from) ?? source.length;
  const tables: TableSymbol[] = [];
  const events: EventSymbol[] = [];
  const routines: RoutineSymbol[] = [];
  for (const item of ast.items) {
    if (item.kind === "table") {
      const scratch: Diagnostic[] = [];
      const decl = rewriteCreateTable(tokens, item.range, scratch);
      if (decl) {
        tables.push({ name: decl.name, span: spanOf(decl.nameTok), columns: decl.columns.map((c) => ({ name: c.name, type: c.type, span: spanOf(c.tok) })) });
      }
    } else if (item.kind === "event") {
      events.push({ name: item.name, span: spanOf(item.nameTok), params: item.params.map((p) => variable(p)) });
    } else if (item.kind === "routine") {
      const locals: VariableSymbol[] = [];
      collectLets(item.body, locals);
      routines.push({
        kind: item.routine,
        name: item.name,
        params: item.params.map((p) => variable(p)),
        locals,
        returns: item.returns,
        span: spanOf(item.routine === "constructor" ? item.first : item.nameTok),
        start: item.first.start,
        end: nextStart(item.first.start),
      });
    }
  }
  const contract = ast.nameTok ? { name: nameOf(ast.nameTok), span: spanOf(ast.nameTok) } : null;
  return { contract, tables, events, routines };
}
