"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ContractAbiView } from "@/components/explorer/ContractAbi";
import { useTRPC } from "@/components/providers/trpc";
import { Amount } from "@/components/ui/Amount";
import { Badge } from "@/components/ui/Badge";
import { DetailList, DetailRow } from "@/components/ui/DetailList";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { BuyPanel } from "./BuyPanel";
import { InstallPanel } from "./InstallPanel";
import { feeSplit, percentOfBps } from "./marketFormat";
import type { ListingDetail } from "./marketTypes";
import { PriceTag } from "./PriceTag";
import { PublisherName } from "./PublisherName";
import { Rating } from "./Rating";
import { ReadmeView } from "./ReadmeView";
import { ReviewForm } from "./ReviewForm";
import { ReviewsList } from "./ReviewsList";
import { SourceFiles } from "./SourceFiles";
import { TryItPanel } from "./TryItPanel";
import { UnsafeForm } from "./UnsafeForm";
import { VersionsTable } from "./VersionsTable";

// The standing is read from the chain's latest state: a purchase shows as soon as its tx is answered.
const STANDING_REFRESH_MS = 3000;

/** /market/PACKAGE(?version=): one version of a package, with what the viewer can do with it. */
export function ListingView({ pkg, version }: { pkg: string; version: string | undefined }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.market.listing.queryOptions({ package: pkg, ...(version ? { version } : {}) }));
  const me = useQuery(trpc.people.me.queryOptions());
  const shown = detail.data?.listing.version;
  const mine = useQuery({ ...trpc.market.mine.queryOptions({ package: pkg, version: shown ?? "0.0.0" }), enabled: !!me.data && !!shown, refetchInterval: STANDING_REFRESH_MS });
  const reviews = useQuery(trpc.market.reviews.queryOptions({ package: pkg }));

  if (detail.error) {
    return (
      <div className="space-y-3">
        <PageTitle kind="Marketplace">{pkg}</PageTitle>
        <p role="alert" className="text-sm text-red-700" data-testid="listing-error">
          {detail.error.message}
        </p>
        <Link href="/market" className="text-sm text-blue-700 hover:underline">
          ← Back to the marketplace
        </Link>
      </div>
    );
  }
  if (!detail.data) return <p className="text-sm text-zinc-500">Loading the listing…</p>;
  const d = detail.data;
  const l = d.listing;
  const standing = me.data ? mine.data : undefined;
  const owns = !!standing && (standing.publisher || standing.purchase !== null);
  const thisVersion = d.versions.find((v) => v.version === l.version);

  return (
    <div className="space-y-5" data-testid="listing-page" data-package={l.package} data-version={l.version}>
      <div>
        <p className="text-xs text-zinc-500">
          <Link href="/market" className="text-blue-700 hover:underline">
            Marketplace
          </Link>{" "}
          / <span className="mono">{l.package}</span>
        </p>
        <PageTitle
          kind={l.title}
          aside={
            <span className="flex flex-wrap items-center gap-1.5">
              <span className="mono text-sm text-zinc-600" data-testid="listing-ref">
                {l.package}@{l.version}
              </span>
              <Badge tone="blue">{l.kind}</Badge>
              {l.unsafe ? (
                <Badge tone="red" testId="listing-unsafe-badge">
                  unsafe
                </Badge>
              ) : null}
            </span>
          }
        />
        {l.description ? <p className="-mt-2 text-sm text-zinc-700">{l.description}</p> : null}
      </div>

      {l.unsafe ? <UnsafeBanner reason={l.unsafe.reason} height={l.unsafe.height} bought={standing?.purchase != null} /> : null}

      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="min-w-0 space-y-5">
          <Panel title="About">
            <DetailList>
              <DetailRow label="Price">
                <PriceTag aer={l.price.aer} testId="listing-price" />
              </DetailRow>
              {l.price.aer !== "0" ? (
                <DetailRow label="Split" hint="The chain pays both in the buyer's transaction; the fee rounds down.">
                  <FeeSplit priceAer={l.price.aer} hubFeeBps={d.params.hubFeeBps} />
                </DetailRow>
              ) : null}
              <DetailRow label="Publisher">
                <PublisherName address={l.publisher} />
              </DetailRow>
              <DetailRow label="Licence">
                <span className="mono" data-testid="listing-license">
                  {l.license}
                </span>
              </DetailRow>
              <DetailRow label="Tags">
                <span className="flex flex-wrap gap-1">
                  {l.tags.length ? l.tags.map((t) => (
                    <Link key={t} href={`/market?tag=${encodeURIComponent(t)}`}>
                      <Badge>{t}</Badge>
                    </Link>
                  )) : <span className="text-zinc-400">none</span>}
                </span>
              </DetailRow>
              <DetailRow label="Published">
                block{" "}
                <Link href={`/block/${l.publishedAt}`} className="mono text-blue-700 hover:underline">
                  #{formatInteger(l.publishedAt)}
                </Link>{" "}
                from <span className="mono">{l.repo}</span>
              </DetailRow>
              <DetailRow label="This version">
                <span className="flex flex-wrap items-center gap-4 text-sm">
                  <span data-testid="listing-sales">{formatInteger(thisVersion?.sales ?? 0)} sales</span>
                  <span data-testid="listing-installs">{formatInteger(thisVersion?.installs ?? 0)} installs</span>
                  <Rating value={thisVersion?.rating ?? null} reviews={thisVersion?.reviews ?? 0} testId="listing-rating" />
                </span>
              </DetailRow>
            </DetailList>
          </Panel>

          <Panel title="README">
            <ReadmeView markdown={l.readme} />
          </Panel>

          <Panel title="Sources" actions={<span>{d.files.length} file{d.files.length === 1 ? "" : "s"}</span>}>
            <div className="p-4">
              <SourceFiles files={d.files} mainFile={l.mainFile} sourceHash={l.sourceHash} />
            </div>
          </Panel>

          <section className="space-y-2">
            <h2 className="text-sm font-semibold text-zinc-800">Interface of {l.mainFile}</h2>
            {d.abi ? <ContractAbiView abi={d.abi} /> : <Diagnostics list={d.diagnostics} />}
          </section>

          <Panel title="Versions" actions={<span>{d.versions.length}</span>}>
            <VersionsTable pkg={l.package} versions={d.versions} current={l.version} />
          </Panel>

          <Panel title="Reviews" actions={<span>newest first</span>}>
            <ReviewsList reviews={reviews.data ?? []} />
          </Panel>
        </div>

        <aside className="min-w-0 space-y-4">
          <BuyPanel detail={d} mine={standing} signedIn={!!me.data} />
          {owns && !l.unsafe ? <InstallPanel pkg={l.package} version={l.version} /> : null}
          {standing?.purchase ? <ReviewForm pkg={l.package} version={l.version} review={standing.review} /> : null}
          {standing?.publisher && !l.unsafe ? <UnsafeForm pkg={l.package} version={l.version} /> : null}
          <TryItPanel source={d.files.find((f) => f.path === l.mainFile)?.content ?? ""} abi={d.abi} />
        </aside>
      </div>
    </div>
  );
}

function FeeSplit({ priceAer, hubFeeBps }: { priceAer: string; hubFeeBps: number }) {
  const split = feeSplit(priceAer, hubFeeBps);
  return (
    <span data-testid="listing-fee-split">
      publisher gets <Amount value={split.publisher} />, hub fee <Amount value={split.fee} /> ({percentOfBps(hubFeeBps)})
    </span>
  );
}

function UnsafeBanner({ reason, height, bought }: { reason: string; height: number; bought: boolean }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="listing-unsafe-warning" data-bought={bought}>
      <p className="font-semibold">{bought ? "You bought this version, and its publisher has marked it unsafe." : "Its publisher has marked this version unsafe."}</p>
      <p className="mt-1">
        Why: <span data-testid="listing-unsafe-reason">{reason}</span> <span className="text-red-700/70">(block #{formatInteger(height)})</span>
      </p>
      <p className="mt-1 text-red-700">New purchases and installs are refused. {bought ? "Review what you deployed from it, and look for a newer version." : "Look for a newer version."}</p>
    </div>
  );
}

function Diagnostics({ list }: { list: ListingDetail["diagnostics"] }) {
  return (
    <Panel>
      <div className="space-y-1 p-4 text-sm">
        <p className="text-zinc-600">The main file does not compile on this hub, so it has no interface to show.</p>
        {list.map((x, i) => (
          <p key={i} className="mono text-xs text-red-700">
            {x.line}:{x.column} {x.code}: {x.message}
          </p>
        ))}
      </div>
    </Panel>
  );
}
