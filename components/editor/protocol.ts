/**
 * Messages between the editor (main thread) and the engine worker (engineWorker.ts): requests
 * carry an id and get exactly one response with the same id. Compiles sent on a `channel` (the
 * editor's live diagnostics, one channel per file) supersede each other: the worker compiles
 * only the newest queued one and answers the older ones `superseded`, so typing never builds a
 * backlog. Types only: both sides import it without pulling in the other's code.
 */
import type { ContractAbi, Severity } from "@/chain/sql/types";
import type { SimulationRequest, SimulationResult } from "@/chain/sql/simulate";
import type { ContractSymbols } from "./symbols";

/** A compile finding as the editor shows it (1-based; end column exclusive). */
export type EditorDiagnostic = {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  message: string;
  code: string;
};

export type CompileOutcome = { ok: boolean; diagnostics: EditorDiagnostic[]; abi: ContractAbi | null };

/** A compile plus what the language services need: the symbols, and how long the compile took. */
export type Analysis = CompileOutcome & { symbols: ContractSymbols; ms: number };

export type FormatOutcome = { text: string; changed: boolean; reason: string | null };

export type EngineRequest =
  | { id: number; type: "compile"; source: string; channel: string | null }
  | { id: number; type: "format"; source: string }
  | { id: number; type: "simulate"; request: SimulationRequest };

export type EngineResponse =
  | { id: number; type: "compile"; result: Analysis }
  | { id: number; type: "format"; result: FormatOutcome }
  | { id: number; type: "simulate"; result: SimulationResult }
  | { id: number; type: "superseded" }
  | { id: number; type: "failed"; message: string };

/** Sent once, unprompted: the engine is loaded (or could not be). */
export type EngineStatus = { type: "ready" } | { type: "unavailable"; message: string };
