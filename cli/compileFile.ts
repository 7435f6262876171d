/**
 * Compiles a contract file here, with the same compiler the hub runs, so `aergo compile` and
 * `aergo deploy` report every problem as `file:line:col: message` before anything is signed.
 */
import fs from "node:fs/promises";
import type { ContractAbi } from "../chain/sql/types.ts";
import { CliError } from "./errors.ts";

export type CompiledFile = {
  readonly source: string;
  readonly abi: ContractAbi;
  /** `file:line:col: warning: message` lines. */
  readonly warnings: string[];
};

/**
 * Reads and compiles FILE.
 * @throws CliError (exit 1) when the file cannot be read, or with the diagnostics as details when it does not compile.
 */
export async function compileFile(file: string): Promise<CompiledFile> {
  let source: string;
  try {
    source = await fs.readFile(file, "utf8");
  } catch (e) {
    throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  // Loaded here only: SQLite (WebAssembly) is the heaviest thing the CLI ever loads.
  const { compileContract, formatDiagnostic } = await import("../chain/sql/index.ts");
  const compiled = await compileContract(source);
  const lines = compiled.diagnostics.map((d) => formatDiagnostic(d, file));
  if (!compiled.ok) {
    const errors = compiled.diagnostics.filter((d) => d.severity === "error").length;
    throw new CliError(`${file} does not compile (${errors} error${errors === 1 ? "" : "s"}).`, 1, undefined, lines);
  }
  return { source, abi: compiled.abi, warnings: lines };
}
