"use client";
/**
 * `useAergoSqlEngine()`: the in-browser AergoSQL engine (the real compiler and SqlEngine on
 * sqlite-wasm, in one Web Worker shared by the page).
 *
 *   const engine = useAergoSqlEngine();
 *   const { ok, diagnostics, abi } = await engine.compile(source);
 *   const result = await engine.simulate({ source, target: { kind: "fresh", constructorArgs: [] }, … });
 *
 * Calls made before `ready` wait for the engine to load; they never fail for that reason.
 */
import { useMemo, useSyncExternalStore } from "react";
import type { SimulationRequest, SimulationResult } from "@/chain/sql/simulate";
import { engineClient, type EngineState } from "./engineClient";
import type { Analysis, CompileOutcome, FormatOutcome } from "./protocol";

export type AergoSqlEngine = {
  ready: boolean;
  /** "unavailable" with a message when sqlite-wasm could not load (the page still works without it). */
  state: EngineState;
  compile(source: string): Promise<CompileOutcome>;
  simulate(req: SimulationRequest): Promise<SimulationResult>;
  /** A compile plus symbols; on a channel, null when a newer call on that channel replaced it. */
  analyze(source: string, channel?: string | null): Promise<Analysis | null>;
  /** Format document; unchanged with a reason when the result would not keep the ABI. */
  format(source: string): Promise<FormatOutcome>;
};

const SERVER_STATE: EngineState = { status: "loading", message: null };

export function useAergoSqlEngine(): AergoSqlEngine {
  const state = useSyncExternalStore(
    (l) => engineClient().subscribe(l),
    () => engineClient().state,
    () => SERVER_STATE,
  );
  return useMemo(
    () => ({
      ready: state.status === "ready",
      state,
      compile: (source: string) => engineClient().compile(source),
      simulate: (req: SimulationRequest) => engineClient().simulate(req),
      analyze: (source: string, channel: string | null = null) => engineClient().analyze(source, channel),
      format: (source: string) => engineClient().format(source),
    }),
    [state],
  );
}
