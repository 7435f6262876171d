"use client";
/**
 * `LazyAergoSqlEditor`: the AergoSQL editor for pages. The page is usable at once: until Monaco
 * (loaded lazily, browser only) is mounted, a plain monospace textarea edits the same value.
 * Live diagnostics run in either view: ~30 ms after the last keystroke the engine worker
 * compiles the text with the real compiler, and the newest compile wins (older ones are
 * superseded in the worker and ignored here).
 *
 *   <LazyAergoSqlEditor value={source} onChange={setSource} path="contracts/token.sql"
 *     deployed={[{ address, name: "Token", abi }]} onDiagnostics={setDiagnostics}
 *     revealLine={{ line: 12, nonce: Date.now() }} testId="contract-editor" />
 */
import { DIAGNOSTICS_DEBOUNCE_MS } from "./timing";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState } from "react";
import type { ContractAbi } from "@/chain/sql/types";
import { engineClient } from "./engineClient";
import type { Analysis, EditorDiagnostic } from "./protocol";

export type { EditorDiagnostic } from "./protocol";

export type AergoSqlEditorProps = {
  value: string;
  onChange(v: string): void;
  /** One Monaco model per file path (undo history and markers stay with their file). */
  path: string;
  /** Contracts whose procedures and views complete after `CALL Name.`. */
  deployed?: { address: string; name: string; abi: ContractAbi }[];
  onDiagnostics?(d: EditorDiagnostic[]): void;
  /**
   * Each finished compile of `source` (its ABI when it compiles): pages that need the ABI take it
   * from here instead of compiling again, which would queue behind the next keystroke's compile.
   */
  onCompiled?(outcome: { path: string; source: string; ok: boolean; abi: ContractAbi | null }): void;
  /** Scrolls to and puts the cursor on `line`; a new nonce repeats it for the same line. */
  revealLine?: { line: number; nonce: number };
  readOnly?: boolean;
  testId?: string;
  /** CSS height of the editor (default 480px). */
  height?: number | string;
};

/** Delay between the last keystroke and the compile behind the markers. */
export { DIAGNOSTICS_DEBOUNCE_MS };

const MonacoPart = dynamic(() => import("./AergoSqlEditor"), { ssr: false, loading: () => null });

export function LazyAergoSqlEditor({ value, onChange, path, deployed, onDiagnostics, onCompiled, revealLine, readOnly, testId, height = 480 }: AergoSqlEditorProps) {
  const [monacoReady, setMonacoReady] = useState(false);
  const [analysis, setAnalysis] = useState<{ path: string; result: Analysis } | null>(null);
  const seq = useRef(0);
  const onDiagnosticsRef = useRef(onDiagnostics);
  onDiagnosticsRef.current = onDiagnostics;
  const onCompiledRef = useRef(onCompiled);
  onCompiledRef.current = onCompiled;
  const textareaRef = useRef<HTMLTextAreaElement | null>(null);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      engineClient()
        .analyze(value, path)
        .then((result) => {
          // Superseded in the worker, or a newer keystroke already asked again: drop it.
          if (!result || mine !== seq.current) return;
          setAnalysis({ path, result });
          onDiagnosticsRef.current?.(result.diagnostics);
          onCompiledRef.current?.({ path, source: value, ok: result.ok, abi: result.abi });
        })
        .catch(() => {
          // The engine could not load: the editor still edits; there are just no diagnostics.
        });
    }, DIAGNOSTICS_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value, path]);

  // The plain view honours revealLine too, so an error link works before Monaco is there.
  useEffect(() => {
    const ta = textareaRef.current;
    if (monacoReady || !ta || !revealLine) return;
    const lines = ta.value.split("\n");
    const offset = lines.slice(0, revealLine.line - 1).reduce((n, l) => n + l.length + 1, 0);
    ta.focus();
    ta.setSelectionRange(offset, offset);
  }, [revealLine, monacoReady]);

  const errors = analysis?.path === path ? analysis.result.diagnostics.filter((d) => d.severity === "error").length : null;
  return (
    <div
      className="relative overflow-hidden rounded-md border border-zinc-300 bg-white"
      style={{ height }}
      data-testid={testId}
      data-editor={monacoReady ? "monaco" : "plain"}
      data-errors={errors ?? undefined}
    >
      <div className="absolute inset-0" style={{ visibility: monacoReady ? "visible" : "hidden" }}>
        <MonacoPart
          value={value}
          onChange={onChange}
          path={path}
          deployed={deployed}
          analysis={analysis?.path === path ? analysis.result : null}
          revealLine={revealLine}
          readOnly={readOnly}
          onReady={() => setMonacoReady(true)}
        />
      </div>
      {!monacoReady && (
        <textarea
          ref={textareaRef}
          aria-label={`Source of ${path}`}
          className="absolute inset-0 h-full w-full resize-none p-3 font-mono text-[13px] leading-5 text-zinc-900 outline-none"
          spellCheck={false}
          value={value}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </div>
  );
}
