"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { PageTitle } from "@/components/ui/PageTitle";
import { RepoCard } from "./RepoCard";

/** Public repositories, the root one first, filtered by name as you type. */
export function ExploreView({ initialQuery }: { initialQuery: string }) {
  const trpc = useTRPC();
  const [q, setQ] = useState(initialQuery);
  const deferred = useDeferredValue(q.trim());
  const list = useQuery({ ...trpc.repos.explore.queryOptions({ q: deferred }), placeholderData: keepPreviousData });
  const repos = list.data ?? [];
  return (
    <div className="space-y-4">
      <PageTitle kind="Explore repositories" />
      {/* A GET form too, so the filter works before JavaScript loads. */}
      <form action="/explore" role="search" onSubmit={(e) => e.preventDefault()} className="max-w-md">
        <label htmlFor="explore-filter" className="block text-sm text-zinc-600">
          Filter by name
        </label>
        <input
          id="explore-filter"
          name="q"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="owner/name"
          autoComplete="off"
          maxLength={100}
          className="mt-1 h-9 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm shadow-xs focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none"
          data-testid="explore-filter"
        />
      </form>
      {list.error ? (
        <p role="alert" className="text-sm text-red-700">
          {list.error.message}
        </p>
      ) : null}
      <ul className="grid gap-3 md:grid-cols-2" data-testid="explore-list">
        {repos.map((r) => (
          <RepoCard key={r.fullName} repo={r} />
        ))}
      </ul>
      {list.isSuccess && repos.length === 0 ? <p className="text-sm text-zinc-500">No public repository matches “{deferred}”.</p> : null}
    </div>
  );
}
