/**
 * Compile diagnostics: codes, construction from tokens, and the `file:line:col: message` form
 * the CLI prints.
 */
import type { Diagnostic, Severity } from "../types.ts";
import type { Token } from "./tokenizer.ts";

/** Every compile-time diagnostic code (docs/aergosql.md lists each with its message). */
export const CompileCode = {
  SourceTooLarge: "SOURCE_TOO_LARGE",
  Lexical: "LEXICAL_ERROR",
  Syntax: "SYNTAX_ERROR",
  MissingContract: "MISSING_CONTRACT",
  Duplicate: "DUPLICATE_NAME",
  UnknownType: "UNKNOWN_TYPE",
  UnknownParameter: "UNKNOWN_PARAMETER",
  UnknownEvent: "UNKNOWN_EVENT",
  ArgumentCount: "ARGUMENT_COUNT",
  UnknownTable: "UNKNOWN_TABLE",
  UnknownColumn: "UNKNOWN_COLUMN",
  UnknownProcedure: "UNKNOWN_PROCEDURE",
  Sql: "SQL_ERROR",
  ForbiddenFunction: "FORBIDDEN_FUNCTION",
  ForbiddenStatement: "FORBIDDEN_STATEMENT",
  ForbiddenTable: "FORBIDDEN_TABLE",
  WriteInView: "WRITE_IN_VIEW",
  ReservedWord: "RESERVED_WORD",
  MissingPrimaryKey: "MISSING_PRIMARY_KEY",
  Unsupported: "UNSUPPORTED",
  BadPolicy: "BAD_POLICY",
  ColumnCount: "COLUMN_COUNT",
  ResultDiscarded: "RESULT_DISCARDED",
  MissingReturn: "MISSING_RETURN",
} as const;
export type CompileCode = (typeof CompileCode)[keyof typeof CompileCode];

/** A diagnostic spanning token `from` (to token `to`, default the same). */
export function diag(from: Token, message: string, code: string, severity: Severity = "error", to: Token = from): Diagnostic {
  return { line: from.line, column: from.col, endLine: to.endLine, endColumn: to.endCol, severity, message, code };
}

/** `file:line:col: message` (or `line:col: message` without a file; `warning:` for warnings), as compilers print. */
export function formatDiagnostic(d: Diagnostic, file?: string): string {
  return `${file ? `${file}:` : ""}${d.line}:${d.column}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;
}
