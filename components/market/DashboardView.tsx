"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Amount } from "@/components/ui/Amount";
import { Badge } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { aerAmount, listingHref } from "./marketFormat";
import { LINK_BUTTON } from "./marketStyle";
import type { PublisherDashboard } from "./marketTypes";
import { PriceTag } from "./PriceTag";
import { Rating } from "./Rating";
import { RevenueChart } from "./RevenueChart";
import { SalesTable } from "./SalesTable";

// Sales arrive with blocks: the dashboard follows them while it is open.
const REFRESH_MS = 3000;

/** /market/dashboard: the viewer as a publisher (listings, sales as payouts, revenue) and as a buyer. */
export function DashboardView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.people.me.queryOptions());
  const dashboard = useQuery({ ...trpc.market.dashboard.queryOptions(), enabled: !!me.data, refetchInterval: REFRESH_MS });
  const purchases = useQuery({ ...trpc.market.purchases.queryOptions(), enabled: !!me.data, refetchInterval: REFRESH_MS });

  if (me.isSuccess && !me.data) {
    return (
      <div className="space-y-3">
        <PageTitle kind="Marketplace dashboard" />
        <p className="text-sm text-zinc-600">
          <Link href="/signin?callbackUrl=/market/dashboard" className="text-blue-700 hover:underline">
            Sign in
          </Link>{" "}
          to see your listings, sales and purchases.
        </p>
      </div>
    );
  }
  const d = dashboard.data;
  return (
    <div className="space-y-5" data-testid="dashboard-page">
      <PageTitle
        kind="Marketplace dashboard"
        aside={
          <span className="ml-auto flex gap-2">
            <Link href="/market/publish" className={LINK_BUTTON}>
              Publish a template
            </Link>
            <Link href="/market" className={LINK_BUTTON}>
              Marketplace
            </Link>
          </span>
        }
      />
      {dashboard.error ? (
        <p role="alert" className="text-sm text-red-700">
          {dashboard.error.message}
        </p>
      ) : null}
      {d ? <Totals d={d} /> : <p className="text-sm text-zinc-500">Loading…</p>}
      {d ? (
        <>
          <Panel title="Revenue per day" actions={<span>your share, after the hub fee · UTC</span>}>
            <RevenueChart rows={d.revenueByDay} />
          </Panel>
          <Panel title="Your listings" actions={<span>{d.listings.length}</span>}>
            <ListingsTable listings={d.listings} />
          </Panel>
          <Panel title="Payouts" actions={<span>each sale paid you in its own transaction</span>}>
            <SalesTable sales={d.sales} side="publisher" testId="dashboard-sales" />
          </Panel>
        </>
      ) : null}
      <Panel title="My purchases" actions={<span>{purchases.data?.length ?? 0}</span>}>
        <SalesTable sales={purchases.data ?? []} side="buyer" testId="dashboard-purchases" />
      </Panel>
    </div>
  );
}

function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs" data-testid={testId}>
      <p className="text-xs text-zinc-500">{label}</p>
      <p className="mt-1 text-lg font-semibold text-zinc-900">{children}</p>
    </div>
  );
}

function Totals({ d }: { d: PublisherDashboard }) {
  return (
    <div className="space-y-2">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <Stat label="Sales" testId="dashboard-total-sales">
          <span className="tabular-nums">{formatInteger(d.totals.sales)}</span>
        </Stat>
        <Stat label="Gross (what buyers paid)" testId="dashboard-gross">
          <Amount value={aerAmount(d.totals.grossAer)} />
        </Stat>
        <Stat label="Hub fees" testId="dashboard-fees">
          <Amount value={aerAmount(d.totals.feesAer)} />
        </Stat>
        <Stat label="Revenue (paid to you)" testId="dashboard-revenue">
          <Amount value={aerAmount(d.totals.revenueAer)} />
        </Stat>
        <Stat label="Balance now" testId="dashboard-balance">
          <Amount value={d.balance} />
        </Stat>
      </div>
      <p className="text-xs text-zinc-500">
        Payouts go to <HashLink value={d.address} href={`/address/${d.address}`} />.
      </p>
    </div>
  );
}

function ListingsTable({ listings }: { listings: PublisherDashboard["listings"] }) {
  return (
    <Table testId="dashboard-listings">
      <thead>
        <tr>
          <Th>Package</Th>
          <Th>Latest</Th>
          <Th align="right">Versions</Th>
          <Th align="right">Price</Th>
          <Th align="right">Sales</Th>
          <Th align="right">Installs</Th>
          <Th>Rating</Th>
        </tr>
      </thead>
      <tbody>
        {listings.map((l) => (
          <tr key={l.package} className="hover:bg-zinc-50" data-testid="dashboard-listing" data-package={l.package}>
            <Td>
              <Link href={listingHref(l.package)} className="font-medium text-blue-700 hover:underline">
                {l.title}
              </Link>{" "}
              <span className="mono text-xs text-zinc-500">{l.package}</span>
              {l.unsafeReason !== null ? (
                <span className="ml-2">
                  <Badge tone="red" title={l.unsafeReason}>
                    unsafe
                  </Badge>
                </span>
              ) : null}
            </Td>
            <Td className="mono">{l.version}</Td>
            <Td align="right" className="tabular-nums">{formatInteger(l.versions)}</Td>
            <Td align="right">
              <PriceTag aer={l.priceAer} />
            </Td>
            <Td align="right" className="tabular-nums">{formatInteger(l.sales)}</Td>
            <Td align="right" className="tabular-nums">{formatInteger(l.installs)}</Td>
            <Td>
              <Rating value={l.rating} reviews={l.reviews} />
            </Td>
          </tr>
        ))}
        {listings.length === 0 ? (
          <EmptyRow colSpan={7}>
            You publish nothing yet.{" "}
            <Link href="/market/publish" className="text-blue-700 hover:underline">
              Publish a template
            </Link>
            .
          </EmptyRow>
        ) : null}
      </tbody>
    </Table>
  );
}
