import Link from "next/link";
import { Badge } from "@/components/ui/Badge";
import { formatInteger } from "@/components/ui/format";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { listingHref } from "./marketFormat";
import type { ListingVersion } from "./marketTypes";
import { PriceTag } from "./PriceTag";
import { Rating } from "./Rating";

/** Every version of the package, newest first, with its own counts; the shown one is marked. */
export function VersionsTable({ pkg, versions, current }: { pkg: string; versions: readonly ListingVersion[]; current: string }) {
  return (
    <Table testId="listing-versions">
      <thead>
        <tr>
          <Th>Version</Th>
          <Th align="right">Price</Th>
          <Th>Published</Th>
          <Th align="right">Sales</Th>
          <Th align="right">Installs</Th>
          <Th>Rating</Th>
          <Th>Unsafe</Th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.version} className={v.version === current ? "bg-blue-50/40" : "hover:bg-zinc-50"} data-testid="listing-version-row" data-version={v.version}>
            <Td>
              <Link href={listingHref(pkg, v.version)} className="mono text-blue-700 hover:underline">
                {v.version}
              </Link>
              {v.version === current ? <span className="ml-2 text-xs text-zinc-500">shown</span> : null}
            </Td>
            <Td align="right">
              <PriceTag aer={v.priceAer} />
            </Td>
            <Td>
              <Link href={`/block/${v.height}`} className="mono text-blue-700 hover:underline">
                #{formatInteger(v.height)}
              </Link>
            </Td>
            <Td align="right" className="tabular-nums">{formatInteger(v.sales)}</Td>
            <Td align="right" className="tabular-nums">{formatInteger(v.installs)}</Td>
            <Td>
              <Rating value={v.rating} reviews={v.reviews} />
            </Td>
            <Td className="whitespace-normal">{v.unsafeReason !== null ? <Badge tone="red" title={v.unsafeReason}>unsafe: {v.unsafeReason}</Badge> : <span className="text-zinc-400">—</span>}</Td>
          </tr>
        ))}
        {versions.length === 0 ? <EmptyRow colSpan={7}>No versions indexed yet.</EmptyRow> : null}
      </tbody>
    </Table>
  );
}
