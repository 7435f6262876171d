import { Amount } from "@/components/ui/Amount";
import { aerAmount } from "./marketFormat";

/** A listing's price: "free", or the amount in AERGO. */
export function PriceTag({ aer, testId }: { aer: string; testId?: string }) {
  if (aer === "0") return <span className="text-sm font-medium text-emerald-700" data-testid={testId}>free</span>;
  return <Amount value={aerAmount(aer)} className="text-sm font-medium" testId={testId} />;
}
