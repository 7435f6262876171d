"use client";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { ContractAbi } from "@/chain/sql/types";
import { useTRPC } from "@/components/providers/trpc";
import { branchContractsInput, REPO_CONTRACTS_LIMIT, REPO_CONTRACTS_PAGE_LIMIT, repoContractsInput } from "./repoQueries";
import { MAIN_BRANCH } from "./repoPaths";
import { useSharedWithMain } from "./useBranches";

/** A deployed contract as the repository pages list it; who deployed it and where is known from the index only (main's history). */
export type RepoContract = {
  readonly address: string;
  /** Null while it is being read from the chain. */
  readonly name: string | null;
  readonly abi: ContractAbi | null;
  readonly creator: string | null;
  readonly deployHeight: number | null;
};

export type RepoContractList = { readonly rows: readonly RepoContract[]; readonly pending: boolean; readonly error: string | null };

/** The answers of a list of queries; a module-level function, so useQueries re-runs it only when an answer changes. */
function answersOf<T>(results: readonly { data: T | undefined }[]): (T | undefined)[] {
  return results.map((r) => r.data);
}

/** Main's contracts, newest first, from the index. Rows keep their identity between renders (the editor's language services follow them). */
function useMainContracts(repo: string, limit: number, enabled: boolean): RepoContractList {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.contracts.recent.queryOptions(repoContractsInput(repo, limit)), enabled });
  const rows = useMemo(() => (list.data ?? []).map((c) => ({ address: c.address, name: c.name, abi: c.abi as ContractAbi, creator: c.creator, deployHeight: c.deployHeight })), [list.data]);
  return { rows, pending: list.isPending, error: list.error?.message ?? null };
}

/**
 * A branch's contracts, newest first, from its chain (the index follows main). Those deployed
 * before the branch left main keep the index's deployer and block; the others are read from the
 * chain (name and ABI), once each: a deployed contract never changes.
 */
function useBranchContracts(repo: string, branch: string, limit: number, enabled: boolean): RepoContractList {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.contracts.list.queryOptions(branchContractsInput(repo, branch)), enabled });
  const indexed = useQuery({ ...trpc.contracts.recent.queryOptions(repoContractsInput(repo, REPO_CONTRACTS_PAGE_LIMIT)), enabled });
  const upTo = useSharedWithMain(repo, enabled ? branch : MAIN_BRANCH);
  const { addresses, shared, unknown } = useMemo(() => {
    const shared = new Map((indexed.data ?? []).filter((c) => typeof upTo === "number" && c.deployHeight <= upTo).map((c) => [c.address, c] as const));
    const addresses = enabled ? [...(list.data ?? [])].reverse().slice(0, limit) : [];
    const unknown = indexed.isPending || upTo === undefined ? [] : addresses.filter((a) => !shared.has(a));
    return { addresses, shared, unknown };
  }, [enabled, list.data, indexed.data, indexed.isPending, upTo, limit]);
  const details = useQueries({ queries: unknown.map((address) => ({ ...trpc.contracts.get.queryOptions({ repo, branch, address }), staleTime: Infinity })), combine: answersOf });
  const rows = useMemo(() => {
    const read = new Map(unknown.map((a, i) => [a, details[i]] as const));
    return addresses.map((address) => {
      const known = shared.get(address);
      if (known) return { address, name: known.name, abi: known.abi as ContractAbi, creator: known.creator, deployHeight: known.deployHeight };
      const info = read.get(address);
      return { address, name: info?.name ?? null, abi: info?.abi ?? null, creator: null, deployHeight: null };
    });
  }, [addresses, shared, unknown, details]);
  return { rows, pending: list.isPending, error: list.error?.message ?? null };
}

/** The repository's deployed contracts on `branch`, newest first, at most `limit`. */
export function useRepoContracts(repo: string, branch: string, limit: number = REPO_CONTRACTS_LIMIT): RepoContractList {
  const onMain = branch === MAIN_BRANCH;
  // Both hooks run on every render (the rules of hooks); the one for the other kind of branch reads nothing.
  const main = useMainContracts(repo, limit, onMain);
  const other = useBranchContracts(repo, branch, limit, !onMain);
  return onMain ? main : other;
}
