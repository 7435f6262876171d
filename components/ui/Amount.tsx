import type { AmountJSON } from "@/chain/types";
import { groupDecimal } from "./format";

/** An amount in AERGO, grouped by thousands; the exact aer value is in the tooltip. */
export function Amount({ value, className, testId }: { value: AmountJSON; className?: string; testId?: string }) {
  return (
    <span className={`tabular-nums whitespace-nowrap ${className ?? ""}`} title={`${groupDecimal(value.aer)} aer`} data-testid={testId}>
      {groupDecimal(value.aergo)} <span className="text-zinc-500">AERGO</span>
    </span>
  );
}
