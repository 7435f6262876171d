"use client";
import { sourceLine } from "./workspace";

/** Where a failed deploy, call or simulation points in the source: the line, clickable to reveal it in the editor. */
export function ErrorLine({ source, line, column, onReveal }: { source: string; line: number; column?: number | null; onReveal: (line: number) => void }) {
  return (
    <button
      type="button"
      onClick={() => onReveal(line)}
      className="mt-1 block w-full rounded-md border border-red-200 bg-red-50 px-2 py-1 text-left text-xs text-red-800 hover:bg-red-100"
      title="Show this line in the editor"
      data-testid="error-line"
      data-line={line}
    >
      <span className="font-medium">
        Line {line}
        {column ? `:${column}` : ""}
      </span>
      <code className="mono ml-2 break-all whitespace-pre-wrap text-red-900">{sourceLine(source, line).trim()}</code>
    </button>
  );
}
