import type { ReactNode } from "react";

/** Label/value rows of a detail page (a block's header, a transaction's fields). */
export function DetailList({ children }: { children: ReactNode }) {
  return <dl className="divide-y divide-zinc-100 text-sm">{children}</dl>;
}

export function DetailRow({ label, hint, children, testId }: { label: string; hint?: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-4 py-2.5 sm:grid-cols-[13rem_1fr] sm:gap-4" data-testid={testId}>
      <dt className="text-zinc-500" title={hint}>
        {label}
      </dt>
      <dd className="min-w-0 text-zinc-900">{children}</dd>
    </div>
  );
}
