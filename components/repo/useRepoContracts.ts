"use client";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useMemo } from "react";
import type { ContractAbi } from "@/chain/sql/types";
import { useTRPC } from "@/components/providers/trpc";
import type { AppRouter } from "@/server/api/root";
import { REPO_CONTRACTS_LIMIT, repoContractsInput } from "./repoQueries";

type IndexedContract = inferRouterOutputs<AppRouter>["contracts"]["recent"][number];

/** A deployed contract as the repository pages list it: the index's row, its ABI typed. */
export type RepoContract = Pick<IndexedContract, "address" | "name" | "creator" | "deployHeight"> & { readonly abi: ContractAbi };

export type RepoContractList = { readonly rows: readonly RepoContract[]; readonly pending: boolean; readonly error: string | null };

/**
 * The repository's deployed contracts on `branch`, newest first, at most `limit`, from the index:
 * the branch's own, then its base's up to where it started (contracts.recent). Rows keep their
 * identity between renders (the editor's language services follow them).
 */
export function useRepoContracts(repo: string, branch: string, limit: number = REPO_CONTRACTS_LIMIT): RepoContractList {
  const trpc = useTRPC();
  const list = useQuery(trpc.contracts.recent.queryOptions(repoContractsInput(repo, limit, branch)));
  const rows = useMemo(() => (list.data ?? []).map((c) => ({ address: c.address, name: c.name, abi: c.abi as ContractAbi, creator: c.creator, deployHeight: c.deployHeight })), [list.data]);
  return { rows, pending: list.isPending, error: list.error?.message ?? null };
}
