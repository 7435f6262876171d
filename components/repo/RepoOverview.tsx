"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/providers/trpc";
import { DeployPanel } from "./DeployPanel";
import { RepoAbout } from "./RepoAbout";
import { RepoBlocks } from "./RepoBlocks";
import { RepoContracts } from "./RepoContracts";

/** A repository's home: its contracts and newest blocks, what it is and who is in it, and (for writers) a deploy form. */
export function RepoOverview({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const { data } = useQuery(trpc.repos.get.queryOptions({ repo }));
  return (
    <div className="grid gap-5 lg:grid-cols-[1fr_20rem]">
      <div className="min-w-0 space-y-5">
        <RepoContracts repo={repo} />
        <RepoBlocks repo={repo} />
        {data?.access.write ? <DeployPanel repo={repo} /> : null}
      </div>
      <RepoAbout repo={repo} />
    </div>
  );
}
