import { Amount } from "@/components/ui/Amount";
import { HashLink } from "@/components/ui/HashLink";
import { Td } from "@/components/ui/Table";
import { formatInteger } from "@/components/ui/format";
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

/** A producer's record as table cells: blocks produced, slots missed (amber when any), votes. */
export function ProducerStatCells({ p }: { p: Pick<ProducerJSON, "producedBlocks" | "missedSlots" | "votes"> }) {
  return (
    <>
      <Td align="right" className="tabular-nums">
        {formatInteger(p.producedBlocks)}
      </Td>
      <Td align="right" className={`tabular-nums ${p.missedSlots > 0 ? "text-amber-700" : ""}`}>
        {formatInteger(p.missedSlots)}
      </Td>
      <Td align="right">
        <Amount value={p.votes} />
      </Td>
    </>
  );
}
