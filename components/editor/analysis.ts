/**
 * One compile as the editor needs it: the real compiler's result (diagnostics with full ranges,
 * the ABI) plus the symbols for the language services. Shared by the engine worker and the
 * editor benchmark (bench/editor.ts), so the benchmark measures exactly what the worker runs.
 */
import type { SqlEngine } from "@/chain/sql/runtime/engine";
import type { ContractAbi, Diagnostic } from "@/chain/sql/types";
import { formatAergoSql } from "./format";
import type { Analysis, EditorDiagnostic, FormatOutcome } from "./protocol";
import { extractSymbols } from "./symbols";

type Compiler = Pick<SqlEngine, "compile">;

const UNKNOWN_NAME = /^no such (?:table|column): (?:[A-Za-z_][\w$]*\.)?([A-Za-z_][\w$]*)$/;

/**
 * SQLite reports "no such table" without an offset, so the compiler points at the statement's
 * first token; the marker belongs on the name itself: its first occurrence from there on
 * (within a few lines, as a statement spans), else the compiler's range as it is.
 */
function namedRange(d: Diagnostic, lines: readonly string[]): Pick<EditorDiagnostic, "line" | "column" | "endLine" | "endColumn"> | null {
  const m = UNKNOWN_NAME.exec(d.message);
  if (!m) return null;
  const word = new RegExp(`(?<![\\w$:])${m[1]!.replace(/\$/g, "\\$")}(?![\\w$])`, "i");
  for (let l = d.line; l < Math.min(lines.length, d.line + 8) + 1; l++) {
    const text = lines[l - 1] ?? "";
    const from = l === d.line ? d.column - 1 : 0;
    const hit = word.exec(text.slice(from));
    if (hit) return { line: l, column: from + hit.index + 1, endLine: l, endColumn: from + hit.index + 1 + hit[0].length };
  }
  return null;
}

/** A diagnostic with an end: the compiler gives one for most; otherwise the word (or character) at its start. */
export function toEditorDiagnostic(d: Diagnostic, lines: readonly string[]): EditorDiagnostic {
  const named = namedRange(d, lines);
  if (named) return { ...named, severity: d.severity, message: d.message, code: d.code };
  let endLine = d.endLine ?? d.line;
  let endColumn = d.endColumn ?? d.column;
  if (endLine === d.line && endColumn <= d.column) {
    const text = lines[d.line - 1] ?? "";
    const word = /^[A-Za-z0-9_$]+/.exec(text.slice(d.column - 1));
    endLine = d.line;
    endColumn = d.column + Math.max(1, word ? word[0].length : 1);
  }
  return { line: d.line, column: d.column, endLine, endColumn, severity: d.severity, message: d.message, code: d.code };
}

export function analyze(compiler: Compiler, source: string): Analysis {
  const started = performance.now();
  const result = compiler.compile(source);
  const lines = source.split("\n");
  const diagnostics = result.diagnostics.map((d) => toEditorDiagnostic(d, lines));
  const symbols = extractSymbols(source);
  return { ok: result.ok, diagnostics, abi: result.ok ? result.abi : null, symbols, ms: performance.now() - started };
}

const sameAbi = (a: ContractAbi, b: ContractAbi) => JSON.stringify(a) === JSON.stringify(b);

/** Formats, refusing (unchanged text and a reason) when the formatted source would not compile to the same ABI. */
export function formatChecked(compiler: Compiler, source: string): FormatOutcome {
  const text = formatAergoSql(source);
  if (text === source) return { text, changed: false, reason: null };
  const before = compiler.compile(source);
  if (!before.ok) return { text, changed: true, reason: null };
  const after = compiler.compile(text);
  if (!after.ok || !sameAbi(before.abi, after.abi)) {
    return { text: source, changed: false, reason: "Formatting would change this contract's ABI, so the document was left as it is." };
  }
  return { text, changed: true, reason: null };
}
