"use client";
import type { EditorDiagnostic } from "./engine";

/** The compiler's diagnostics for the open file; a click shows the line in the editor. */
export function ProblemsPanel({ diagnostics, onReveal }: { diagnostics: readonly EditorDiagnostic[]; onReveal: (line: number) => void }) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return (
    <section className="border-t border-zinc-200" data-testid="problems" data-count={diagnostics.length}>
      <header className="flex items-center gap-2 bg-zinc-50 px-3 py-1.5 text-xs font-semibold text-zinc-700">
        Problems
        <span className={`rounded-full px-1.5 tabular-nums ${errors > 0 ? "bg-red-100 text-red-700" : "bg-zinc-200 text-zinc-600"}`}>{diagnostics.length}</span>
      </header>
      {diagnostics.length === 0 ? (
        <p className="px-3 py-2 text-xs text-zinc-500">No problems.</p>
      ) : (
        <ul className="max-h-40 overflow-y-auto">
          {diagnostics.map((d, i) => (
            <li key={`${d.line}:${d.column}:${i}`}>
              <button
                type="button"
                onClick={() => onReveal(d.line)}
                className="flex w-full items-baseline gap-2 px-3 py-1 text-left text-xs hover:bg-zinc-100"
                data-testid="problem-row"
                data-line={d.line}
                data-severity={d.severity}
              >
                <span className={d.severity === "error" ? "text-red-600" : "text-amber-600"}>{d.severity === "error" ? "✕" : "▲"}</span>
                <span className="min-w-0 flex-1 text-zinc-800">{d.message}</span>
                <span className="mono shrink-0 text-zinc-500">
                  {d.line}:{d.column}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
