"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";

/** A publisher's address (linked to its explorer page) with the names that resolve to it on the AERGO Chain, as the address page shows them. */
export function PublisherName({ address }: { address: string }) {
  const trpc = useTRPC();
  const names = useQuery(trpc.names.ofAddress.queryOptions({ address }));
  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="listing-publisher">
      <HashLink value={address} href={`/address/${address}`} />
      {(names.data ?? []).map((n) => (
        <Badge key={n}>{n}</Badge>
      ))}
    </span>
  );
}
