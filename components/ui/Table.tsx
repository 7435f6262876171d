import type { ReactNode } from "react";

/** A dense data table that scrolls sideways on narrow screens instead of wrapping hashes. */
export function Table({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid={testId}>
        {children}
      </table>
    </div>
  );
}

export function Th({ children, align = "left" }: { children?: ReactNode; align?: "left" | "right" }) {
  return (
    <th
      scope="col"
      className={`border-b border-zinc-200 bg-zinc-50 px-4 py-2 text-xs font-medium uppercase tracking-wide whitespace-nowrap text-zinc-500 ${align === "right" ? "text-right" : "text-left"}`}
    >
      {children}
    </th>
  );
}

export function Td({ children, align = "left", className }: { children?: ReactNode; align?: "left" | "right"; className?: string }) {
  return <td className={`border-b border-zinc-100 px-4 py-2 align-middle whitespace-nowrap ${align === "right" ? "text-right" : ""} ${className ?? ""}`}>{children}</td>;
}

/** The one row of an empty table. */
export function EmptyRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-4 py-6 text-center text-sm text-zinc-500">
        {children}
      </td>
    </tr>
  );
}
