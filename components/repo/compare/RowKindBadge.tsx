import { Badge, type BadgeTone } from "@/components/ui/Badge";
import type { RowDiff } from "./compareTypes";

const KIND: Record<RowDiff["kind"], { tone: BadgeTone; label: string }> = {
  added: { tone: "green", label: "+ added" },
  removed: { tone: "red", label: "− removed" },
  changed: { tone: "amber", label: "~ changed" },
};

/** Whether a row was added, removed or changed, as a badge. */
export function RowKindBadge({ kind }: { kind: RowDiff["kind"] }) {
  return (
    <Badge tone={KIND[kind].tone} testId="diff-row-kind">
      {KIND[kind].label}
    </Badge>
  );
}
