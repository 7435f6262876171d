import type { ReactNode } from "react";

const TONES = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/25",
  blue: "bg-blue-50 text-blue-700 ring-blue-600/20",
  gray: "bg-zinc-100 text-zinc-700 ring-zinc-500/20",
} as const;
export type BadgeTone = keyof typeof TONES;

export function Badge({ tone = "gray", children, title, testId }: { tone?: BadgeTone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span title={title} data-testid={testId} className={`inline-flex items-center gap-1 rounded-md px-1.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

/** A receipt's outcome. */
export function TxStatusBadge({ status, title, testId }: { status: "success" | "error"; title?: string; testId?: string }) {
  return (
    <Badge tone={status === "success" ? "green" : "red"} title={title} testId={testId}>
      {status === "success" ? "✓ success" : "✕ error"}
    </Badge>
  );
}

/** Where a transaction or block stands: answered but not in a block, in a block, irreversible. */
export function FinalityBadge({ state, testId }: { state: "pending" | "sealed" | "final"; testId?: string }) {
  const tone: BadgeTone = state === "final" ? "green" : state === "sealed" ? "blue" : "amber";
  const title =
    state === "final"
      ? "2/3 of the producers have built on its block: it cannot be reverted."
      : state === "sealed"
        ? "In a block, not yet irreversible."
        : "Executed and answered; waiting for the block that seals it.";
  return (
    <Badge tone={tone} title={title} testId={testId}>
      {state}
    </Badge>
  );
}
