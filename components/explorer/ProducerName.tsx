import { HashLink } from "@/components/ui/HashLink";
import type { ProducerJSON } from "@/chain/types";

/** A producer or candidate: its label (if any) over its address, a dot for online or offline. */
export function ProducerName({ p }: { p: Pick<ProducerJSON, "address" | "label" | "online"> }) {
  return (
    <span className="inline-flex items-center gap-2">
      <span className={`h-2 w-2 shrink-0 rounded-full ${p.online ? "bg-emerald-500" : "bg-red-500"}`} title={p.online ? "online" : "offline"} aria-label={p.online ? "online" : "offline"} />
      <span className="flex flex-col leading-tight">
        {p.label ? <span className="font-medium text-zinc-800">{p.label}</span> : null}
        <HashLink value={p.address} href={`/address/${p.address}`} />
      </span>
    </span>
  );
}
