import type { ReactNode } from "react";

/** A bordered section with a title bar: the explorer's unit of layout. */
export function Panel({ title, actions, children, className, testId }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  return (
    <section className={`min-w-0 rounded-lg border border-zinc-200 bg-white shadow-xs ${className ?? ""}`} data-testid={testId}>
      {title || actions ? (
        <header className="flex items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2.5">
          <h2 className="text-sm font-semibold text-zinc-800">{title}</h2>
          {actions ? <div className="flex items-center gap-3 text-xs text-zinc-500">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
