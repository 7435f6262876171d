/**
 * The editor's language services as pure functions over the compiler's symbols (symbols.ts):
 * completion, hover and go-to-definition. Framework-free (no Monaco types), so they are tested
 * in Node; AergoSqlEditor.tsx only adapts them to Monaco's provider interfaces.
 */
import type { ContractAbi, RoutineAbi } from "@/chain/sql/types";
import type { ContractSymbols, RoutineSymbol, Span, TableSymbol, VariableSymbol } from "./symbols";
import { BUILTINS, CONTRACT_KEYWORDS, SQL_FUNCTIONS, SQL_KEYWORDS, TYPE_WORDS, builtinDoc, keywordDoc } from "./vocabulary";

export type DeployedContract = { readonly address: string; readonly name: string; readonly abi: ContractAbi };

/** A position in the source: 1-based line and column, plus the character offset. */
export type SourcePosition = { readonly line: number; readonly column: number; readonly offset: number };

export type CompletionKind = "keyword" | "type" | "function" | "table" | "column" | "variable" | "event" | "contract" | "procedure" | "view";
export type CompletionItem = {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly insertText: string;
  /** insertText holds ${1} placeholders. */
  readonly snippet?: boolean;
  readonly detail?: string;
  readonly documentation?: string;
};
export type Completion = {
  readonly items: CompletionItem[];
  /** The columns [start, end) of the text the chosen item replaces on the cursor's line. */
  readonly replace: { readonly startColumn: number; readonly endColumn: number };
};

const WORD = /[A-Za-z0-9_$]/;

/** The word around `column` of `lineText` (1-based columns, end exclusive). */
export function wordAt(lineText: string, column: number): { word: string; startColumn: number; endColumn: number } | null {
  let s = column - 1;
  let e = column - 1;
  while (s > 0 && WORD.test(lineText[s - 1]!)) s--;
  while (e < lineText.length && WORD.test(lineText[e]!)) e++;
  if (s === e) return null;
  return { word: lineText.slice(s, e), startColumn: s + 1, endColumn: e + 1 };
}

export function enclosingRoutine(symbols: ContractSymbols, offset: number): RoutineSymbol | null {
  return symbols.routines.find((r) => offset >= r.start && offset < r.end) ?? null;
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const findTable = (symbols: ContractSymbols, name: string) => symbols.tables.find((t) => eq(t.name, name));
const paramList = (params: readonly { name: string; type: string }[]) => params.map((p) => `${p.name} ${p.type}`).join(", ");

export function routineSignature(r: { kind: string; name: string; params: readonly { name: string; type: string }[]; returns: string | null }): string {
  const head = r.kind === "constructor" ? "CONSTRUCTOR" : `${r.kind.toUpperCase()} ${r.name}`;
  return `${head} (${paramList(r.params)})${r.returns ? ` RETURNS ${r.returns}` : ""}`;
}

const tableSignature = (t: TableSymbol) => `TABLE ${t.name} (${t.columns.map((c) => `${c.name}${c.type ? ` ${c.type}` : ""}`).join(", ")})`;
const variableDoc = (v: VariableSymbol, r: RoutineSymbol) =>
  `(${v.kind === "param" ? "parameter" : "variable"}) :${v.name}${v.type ? ` ${v.type}` : ""} — ${r.kind === "constructor" ? "the constructor" : `${r.kind} ${r.name}`}`;

function deployedRoutines(c: DeployedContract): { r: RoutineAbi; kind: "procedure" | "view" }[] {
  return [...c.abi.procedures.filter((p) => !p.resolver).map((r) => ({ r, kind: "procedure" as const })), ...c.abi.views.map((r) => ({ r, kind: "view" as const }))];
}

function callSnippet(r: RoutineAbi): string {
  return `${r.name}(${r.params.map((p, i) => `\${${i + 1}:${p.name}}`).join(", ")})`;
}

/**
 * Completion at `pos`: after `:` the enclosing routine's parameters and variables; after
 * `table.` its columns; after `Contract.` (a deployed contract) its procedures and views; after
 * EMIT the events; after CALL the deployed contracts; elsewhere keywords, built-ins, types,
 * tables, columns and the routine's `:parameters`.
 */
export function complete(symbols: ContractSymbols, lineText: string, pos: SourcePosition, deployed: readonly DeployedContract[] = []): Completion {
  const before = lineText.slice(0, pos.column - 1);
  const partial = /[A-Za-z0-9_$]*$/.exec(before)![0];
  const startColumn = pos.column - partial.length;
  const replace = { startColumn, endColumn: pos.column };
  const head = before.slice(0, before.length - partial.length);
  const routine = enclosingRoutine(symbols, pos.offset);
  const variables = routine ? [...routine.params, ...routine.locals] : [];

  if (head.endsWith(":")) {
    return { replace, items: variables.map((v) => ({ label: `:${v.name}`, kind: "variable", insertText: v.name, detail: v.type || "LET variable", documentation: variableDoc(v, routine!) })) };
  }
  const qualified = /([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")\s*\.\s*$/.exec(head);
  if (qualified) {
    const owner = qualified[1]!.replace(/^"|"$/g, "");
    const contract = deployed.find((c) => eq(c.name, owner) || c.address === owner);
    if (contract) {
      return {
        replace,
        items: deployedRoutines(contract).map(({ r, kind }) => ({
          label: r.name,
          kind,
          insertText: callSnippet(r),
          snippet: true,
          detail: routineSignature({ kind, name: r.name, params: r.params, returns: r.returns }),
          documentation: `${kind} of ${contract.name} at ${contract.address}`,
        })),
      };
    }
    const table = findTable(symbols, owner);
    const columns = table ? table.columns.map((c) => ({ c, t: table })) : eq(owner, "excluded") ? symbols.tables.flatMap((t) => t.columns.map((c) => ({ c, t }))) : [];
    return { replace, items: columns.map(({ c, t }) => ({ label: c.name, kind: "column", insertText: c.name, detail: `${t.name}.${c.name} ${c.type}`.trim() })) };
  }
  if (/\bEMIT\s+$/i.test(head)) {
    return { replace, items: symbols.events.map((e) => ({ label: e.name, kind: "event", insertText: e.name, detail: `EVENT ${e.name} (${paramList(e.params)})` })) };
  }
  if (/\bCALL\s+$/i.test(head)) {
    return { replace, items: deployed.map((c) => ({ label: c.name, kind: "contract", insertText: c.name, detail: c.address, documentation: `Deployed contract ${c.name}` })) };
  }

  const items: CompletionItem[] = [];
  for (const k of CONTRACT_KEYWORDS) items.push({ label: k.word, kind: "keyword", insertText: k.word, documentation: k.doc });
  const contractWords = new Set(CONTRACT_KEYWORDS.map((k) => k.word));
  for (const k of SQL_KEYWORDS) if (!contractWords.has(k)) items.push({ label: k, kind: "keyword", insertText: k });
  for (const t of TYPE_WORDS) items.push({ label: t.word, kind: "type", insertText: t.word, documentation: t.doc });
  for (const b of BUILTINS) items.push({ label: `${b.word}()`, kind: "function", insertText: b.snippet, snippet: true, detail: b.signature, documentation: b.doc });
  for (const f of SQL_FUNCTIONS) items.push({ label: `${f}()`, kind: "function", insertText: `${f}(\${1})`, snippet: true, detail: "SQLite function" });
  for (const t of symbols.tables) {
    items.push({ label: t.name, kind: "table", insertText: t.name, detail: tableSignature(t) });
    for (const c of t.columns) items.push({ label: c.name, kind: "column", insertText: c.name, detail: `${t.name}.${c.name} ${c.type}`.trim() });
  }
  if (routine) for (const v of variables) items.push({ label: `:${v.name}`, kind: "variable", insertText: `:${v.name}`, detail: v.type || "LET variable", documentation: variableDoc(v, routine) });
  // One item per label: a column named like a keyword (or two tables sharing a column) shows once.
  const seen = new Set<string>();
  return { replace, items: items.filter((i) => (seen.has(`${i.kind}:${i.label}`) ? false : (seen.add(`${i.kind}:${i.label}`), true))) };
}

export type Hover = { readonly contents: string; readonly startColumn: number; readonly endColumn: number };

/** Hover text for the word at `pos`: built-ins, keywords, types, tables, columns, parameters, routines, events. */
export function hover(symbols: ContractSymbols, lineText: string, pos: SourcePosition, deployed: readonly DeployedContract[] = []): Hover | null {
  const w = wordAt(lineText, pos.column);
  if (!w) return null;
  const at = (contents: string): Hover => ({ contents, startColumn: w.startColumn, endColumn: w.endColumn });
  const prev = lineText.slice(0, w.startColumn - 1);
  const next = lineText.slice(w.endColumn - 1);
  if (prev.endsWith(":")) {
    const r = enclosingRoutine(symbols, pos.offset);
    const v = r && [...r.params, ...r.locals].find((x) => x.name === w.word);
    return v ? at(variableDoc(v, r)) : null;
  }
  const qualified = /([A-Za-z_][A-Za-z0-9_$]*)\s*\.\s*$/.exec(prev);
  if (qualified) {
    const contract = deployed.find((c) => eq(c.name, qualified[1]!));
    const found = contract && deployedRoutines(contract).find(({ r }) => r.name === w.word);
    if (found) return at(`${routineSignature({ kind: found.kind, name: found.r.name, params: found.r.params, returns: found.r.returns })} — ${contract.name}`);
    const table = findTable(symbols, qualified[1]!);
    const col = table?.columns.find((c) => eq(c.name, w.word));
    if (table && col) return at(`(column) ${table.name}.${col.name} ${col.type}`.trim());
  }
  const b = builtinDoc(w.word);
  if (b && /^\s*\(/.test(next)) return at(`${b.signature} — ${b.doc}`);
  const table = findTable(symbols, w.word);
  if (table) return at(tableSignature(table));
  const routine = symbols.routines.find((r) => r.kind !== "constructor" && r.name === w.word);
  if (routine) return at(routineSignature(routine));
  const event = symbols.events.find((e) => e.name === w.word);
  if (event) return at(`EVENT ${event.name} (${paramList(event.params)})`);
  const columns = symbols.tables.flatMap((t) => t.columns.filter((c) => eq(c.name, w.word)).map((c) => `(column) ${t.name}.${c.name} ${c.type}`.trim()));
  if (columns.length) return at(columns.join("\n"));
  const k = keywordDoc(w.word);
  if (k) return at(`${w.word.toUpperCase()} — ${k}`);
  if (b) return at(`${b.signature} — ${b.doc}`);
  return null;
}

/** Where the symbol at `pos` is declared: tables, columns, procedures, views, events, parameters and LET variables. */
export function definition(symbols: ContractSymbols, lineText: string, pos: SourcePosition): Span | null {
  const w = wordAt(lineText, pos.column);
  if (!w) return null;
  const prev = lineText.slice(0, w.startColumn - 1);
  if (prev.endsWith(":")) {
    const r = enclosingRoutine(symbols, pos.offset);
    return (r && [...r.params, ...r.locals].find((v) => v.name === w.word)?.span) ?? null;
  }
  const qualified = /([A-Za-z_][A-Za-z0-9_$]*)\s*\.\s*$/.exec(prev);
  if (qualified) {
    const table = findTable(symbols, qualified[1]!);
    const col = table?.columns.find((c) => eq(c.name, w.word));
    if (col) return col.span;
  }
  // Events and routines have separate namespaces: EMIT names an event; otherwise the exact case wins.
  const event = (exact: boolean) => symbols.events.find((e) => (exact ? e.name === w.word : eq(e.name, w.word)));
  if (/\bEMIT\s+$/i.test(prev)) return event(false)?.span ?? null;
  const table = findTable(symbols, w.word);
  if (table) return table.span;
  const routine = (exact: boolean) => symbols.routines.find((r) => r.kind !== "constructor" && (exact ? r.name === w.word : eq(r.name, w.word)));
  const found = routine(true) ?? event(true) ?? routine(false) ?? event(false);
  if (found) return found.span;
  // A bare column: the first table (in source order) that has it.
  for (const t of symbols.tables) {
    const c = t.columns.find((x) => eq(x.name, w.word));
    if (c) return c.span;
  }
  return null;
}
