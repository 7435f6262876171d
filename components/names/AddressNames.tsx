"use client";
import { Badge } from "@/components/ui/Badge";

/** The names resolving to an address, as badges beside it (address, contract and transaction pages); nothing when it has none. */
export function AddressNames({ names, testId, className = "ml-3" }: { names: readonly string[] | undefined; testId: string; className?: string }) {
  if (!names || names.length === 0) return null;
  return (
    <span className={`${className} inline-flex flex-wrap gap-1`} data-testid={testId}>
      {names.map((n) => (
        <Badge key={n} tone="gray" title="A name that resolves to this address">
          {n}
        </Badge>
      ))}
    </span>
  );
}
