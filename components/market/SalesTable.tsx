import Link from "next/link";
import { Amount } from "@/components/ui/Amount";
import { HashLink } from "@/components/ui/HashLink";
import { TimeAgo } from "@/components/ui/TimeAgo";
import { formatInteger } from "@/components/ui/format";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { aerAmount, listingHref } from "./marketFormat";
import type { MarketSale } from "./marketTypes";

/**
 * Sales as payouts (the publisher's dashboard) or as purchases (the buyer's list): each row is one
 * transaction on the AERGO Chain that paid the publisher and the hub fee at once.
 */
export function SalesTable({ sales, side, testId }: { sales: readonly MarketSale[]; side: "publisher" | "buyer"; testId: string }) {
  return (
    <Table testId={testId}>
      <thead>
        <tr>
          <Th>Listing</Th>
          <Th>{side === "publisher" ? "Buyer" : "Publisher"}</Th>
          <Th align="right">Price</Th>
          <Th align="right">Hub fee</Th>
          {side === "publisher" ? <Th align="right">Paid to you</Th> : null}
          <Th>Block</Th>
          <Th>Transaction</Th>
        </tr>
      </thead>
      <tbody>
        {sales.map((s) => (
          <tr key={s.txHash} className="hover:bg-zinc-50" data-testid={`${testId}-row`} data-package={s.package}>
            <Td>
              <Link href={listingHref(s.package, s.version)} className="mono text-blue-700 hover:underline">
                {s.package}@{s.version}
              </Link>
            </Td>
            <Td>
              <HashLink value={side === "publisher" ? s.buyer : s.publisher} href={`/address/${side === "publisher" ? s.buyer : s.publisher}`} />
            </Td>
            <Td align="right">
              <Amount value={aerAmount(s.priceAer)} />
            </Td>
            <Td align="right">
              <Amount value={aerAmount(s.feeAer)} />
            </Td>
            {side === "publisher" ? (
              <Td align="right">
                <Amount value={aerAmount((BigInt(s.priceAer) - BigInt(s.feeAer)).toString())} testId={`${testId}-paid`} />
              </Td>
            ) : null}
            <Td>
              <Link href={`/block/${s.height}`} className="mono text-blue-700 hover:underline">
                #{formatInteger(s.height)}
              </Link>{" "}
              <span className="text-xs text-zinc-500">
                <TimeAgo timestamp={s.timestamp} />
              </span>
            </Td>
            <Td>
              <HashLink value={s.txHash} href={`/tx/${s.txHash}`} testId={`${testId}-tx`} />
            </Td>
          </tr>
        ))}
        {sales.length === 0 ? <EmptyRow colSpan={side === "publisher" ? 7 : 6}>{side === "publisher" ? "No sales yet." : "You have bought nothing yet."}</EmptyRow> : null}
      </tbody>
    </Table>
  );
}
