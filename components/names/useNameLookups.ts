"use client";
import { useQueries } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { withRepo } from "@/components/repo/repoPaths";
import { nameIn, type NameLookup, type NameLookups } from "./accountInput";

/**
 * Looks up every name among `texts` with tRPC names.get on `repo`'s `branch` (absent: the root's
 * main), the chain the form sends on: a name means something else on every chain.
 */
export function useNameLookups(texts: readonly string[], repo?: string, branch?: string): NameLookups {
  const trpc = useTRPC();
  const names = [...new Set(texts.map(nameIn).filter((n): n is string => n !== null))];
  const results = useQueries({ queries: names.map((name) => trpc.names.get.queryOptions(withRepo(repo, { name }, branch))) });
  return lookupsOf(names, results);
}

function lookupsOf(names: readonly string[], results: readonly { status: string; data?: { destination: string } | null; error: { message: string } | null }[]): NameLookups {
  const lookups = new Map<string, NameLookup>();
  names.forEach((name, i) => {
    const r = results[i];
    if (r?.status === "success") lookups.set(name, { address: r.data?.destination ?? null });
    else if (r?.status === "error") lookups.set(name, { error: r.error?.message ?? "the hub did not answer" });
  });
  return lookups;
}
