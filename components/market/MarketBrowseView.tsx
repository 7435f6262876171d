"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { PageTitle } from "@/components/ui/PageTitle";
import { browseHref, browseInput, PAGE_SIZE, SORTS, type BrowseParams, type MarketSort } from "./browseParams";
import { ListingCard } from "./ListingCard";
import { FIELD, LINK_BUTTON, SELECT_FIELD } from "./marketStyle";

const chip = (on: boolean) => `rounded-full px-2.5 py-1 text-xs ${on ? "bg-zinc-900 text-white" : "bg-white text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50"}`;

/**
 * /market: the shelf. Every filter lives in the URL (the page's props), so a filtered view can be
 * shared and the back button walks through the filters.
 */
export function MarketBrowseView({ filters }: { filters: BrowseParams }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [q, setQ] = useState(filters.q ?? "");
  const list = useQuery({ ...trpc.market.list.queryOptions(browseInput(filters)), placeholderData: keepPreviousData });
  const tags = useQuery(trpc.market.tags.queryOptions());
  const cards = list.data?.cards ?? [];
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  function search(e: FormEvent) {
    e.preventDefault();
    router.push(browseHref(filters, { q: q.trim() || undefined }));
  }

  return (
    <div className="space-y-4" data-testid="market-page">
      <PageTitle
        kind="Marketplace"
        aside={
          <span className="ml-auto flex gap-2">
            <Link href="/market/publish" className={LINK_BUTTON} data-testid="market-publish-link">
              Publish a template
            </Link>
            <Link href="/market/dashboard" className={LINK_BUTTON} data-testid="market-dashboard-link">
              Dashboard
            </Link>
          </span>
        }
      />
      <p className="-mt-2 text-sm text-zinc-600">Contract templates and services, bought with AERGO on the AERGO Chain and installed into your repositories, pinned to the sources you paid for.</p>
      <div className="grid gap-3 md:grid-cols-[1fr_12rem]">
        {/* A GET form too, so the search works before JavaScript loads. */}
        <form action="/market" role="search" onSubmit={search}>
          <label htmlFor="market-search" className="sr-only">
            Search
          </label>
          <input id="market-search" name="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search templates by name, title or description" maxLength={100} className={FIELD} data-testid="market-search" />
        </form>
        <label className="text-sm">
          <span className="sr-only">Sort</span>
          <select value={filters.sort} onChange={(e) => router.push(browseHref(filters, { sort: e.target.value as MarketSort }))} className={SELECT_FIELD} data-testid="market-sort">
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2" data-testid="market-filters">
        <span className="text-xs text-zinc-500">Price</span>
        <Link href={browseHref(filters, { price: undefined })} className={chip(!filters.price)}>
          any
        </Link>
        <Link href={browseHref(filters, { price: "free" })} className={chip(filters.price === "free")} data-testid="market-price-free">
          free
        </Link>
        <Link href={browseHref(filters, { price: "paid" })} className={chip(filters.price === "paid")} data-testid="market-price-paid">
          paid
        </Link>
        <span className="ml-3 text-xs text-zinc-500">Tags</span>
        <Link href={browseHref(filters, { tag: undefined })} className={chip(!filters.tag)}>
          all
        </Link>
        {(tags.data ?? []).map((t) => (
          <Link key={t.tag} href={browseHref(filters, { tag: t.tag })} className={chip(filters.tag === t.tag)} data-testid="market-tag">
            {t.tag} <span className="opacity-60">{t.packages}</span>
          </Link>
        ))}
      </div>
      {list.error ? (
        <p role="alert" className="text-sm text-red-700">
          {list.error.message}
        </p>
      ) : null}
      <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="market-cards">
        {cards.map((c) => (
          <ListingCard key={c.package} card={c} />
        ))}
      </ul>
      {list.isSuccess && cards.length === 0 ? <p className="text-sm text-zinc-500" data-testid="market-empty">No listing matches these filters.</p> : null}
      {pages > 1 ? (
        <nav className="flex items-center gap-3 text-sm" aria-label="Pages" data-testid="market-pager">
          {filters.page > 1 ? (
            <Link href={browseHref(filters, { page: filters.page - 1 })} className="text-blue-700 hover:underline">
              ← Previous
            </Link>
          ) : null}
          <span className="text-zinc-500">
            page {filters.page} of {pages} · {total} packages
          </span>
          {filters.page < pages ? (
            <Link href={browseHref(filters, { page: filters.page + 1 })} className="text-blue-700 hover:underline">
              Next →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
