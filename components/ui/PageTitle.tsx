import type { ReactNode } from "react";

/** A page's heading: the kind of thing ("Block"), its name ("#1234"), and badges beside it. */
export function PageTitle({ kind, children, aside }: { kind: string; children?: ReactNode; aside?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-baseline gap-x-3 gap-y-1">
      <h1 className="text-xl font-semibold text-zinc-900">
        {kind}
        {children ? <span className="ml-2 font-normal text-zinc-600">{children}</span> : null}
      </h1>
      {aside}
    </div>
  );
}
