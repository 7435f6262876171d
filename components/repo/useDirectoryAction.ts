"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { signDirectoryEntry, type DirectoryAction } from "@/chain/repo/directoryEntry";
import { ErrorCode } from "@/chain/errors";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { useWallet } from "@/components/wallet/WalletProvider";
import { domainCode } from "./errors";

/**
 * Signs a directory change with the person's wallet key and asks the hub to seal it. An entry
 * names the directory head its signer saw; when someone else changed the directory meanwhile the
 * hub refuses it as stale (CONFLICT), so it is signed again once on the fresh head.
 */
export function useDirectoryAction(repo: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const wallet = useWallet();

  return useCallback(
    async (action: Exclude<DirectoryAction, { kind: "create" }>) => {
      const key = await wallet.requireKey();
      const options = trpc.repos.get.queryOptions({ repo });
      const attempt = async (fresh: boolean) => {
        const current = fresh ? await queryClient.fetchQuery({ ...options, staleTime: 0 }) : await queryClient.ensureQueryData(options);
        const entry = signDirectoryEntry(key, { repo, prev: current.directory.head.hash, time: Date.now(), signer: key.address, action });
        return client.repos.applyEntry.mutate({ entry });
      };
      try {
        return await attempt(false);
      } catch (e) {
        if (domainCode(e) !== ErrorCode.Conflict) throw e;
        return await attempt(true);
      } finally {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.repos.get.queryKey({ repo }) }),
          queryClient.invalidateQueries({ queryKey: trpc.repos.auditTrail.queryKey({ repo }) }),
          queryClient.invalidateQueries({ queryKey: trpc.repos.mine.queryKey() }),
        ]);
      }
    },
    [trpc, client, queryClient, wallet, repo],
  );
}
