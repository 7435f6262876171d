"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/providers/trpc";
import { PageTitle } from "@/components/ui/PageTitle";
import { RepoCard } from "./RepoCard";

export const BUTTON = "inline-flex h-9 items-center rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60";

/** The signed-in person's repositories (any role), newest first; a sign-in link otherwise. */
export function MyReposView() {
  const trpc = useTRPC();
  const me = useQuery(trpc.people.me.queryOptions());
  const mine = useQuery({ ...trpc.repos.mine.queryOptions(), enabled: !!me.data });
  const repos = mine.data ?? [];

  return (
    <div className="space-y-4">
      <PageTitle
        kind="Your repositories"
        aside={
          me.data ? (
            <Link href="/new" className={`${BUTTON} ml-auto`} data-testid="new-repo-link">
              New repository
            </Link>
          ) : null
        }
      />
      {me.isPending ? <p className="text-sm text-zinc-500">Loading…</p> : null}
      {me.isSuccess && !me.data ? (
        <p className="text-sm text-zinc-600" data-testid="repos-signed-out">
          <Link href="/signin?callbackUrl=/repos" className="text-blue-700 hover:underline">
            Sign in
          </Link>{" "}
          to see your repositories and create new ones. Public repositories are on{" "}
          <Link href="/explore" className="text-blue-700 hover:underline">
            Explore
          </Link>
          .
        </p>
      ) : null}
      {mine.error ? (
        <p role="alert" className="text-sm text-red-700">
          {mine.error.message}
        </p>
      ) : null}
      {me.data ? (
        <ul className="grid gap-3 md:grid-cols-2" data-testid="my-repos">
          {repos.map((r) => (
            <RepoCard key={r.fullName} repo={r} />
          ))}
        </ul>
      ) : null}
      {mine.isSuccess && repos.length === 0 ? (
        <p className="text-sm text-zinc-500">
          You are not a member of any repository yet.{" "}
          <Link href="/new" className="text-blue-700 hover:underline">
            Create one
          </Link>
          .
        </p>
      ) : null}
    </div>
  );
}
