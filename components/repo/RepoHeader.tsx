"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { TabLinks } from "@/components/ui/TabLinks";
import { formatInteger } from "@/components/ui/format";
import { BranchSelector, UnknownBranchNotice } from "./BranchSelector";
import { MAIN_BRANCH, withBranch } from "./repoPaths";
import { useBranches } from "./useBranches";
import { useRepoBranch } from "./useRepoBranch";

type RepoTab = "overview" | "contracts" | "blocks" | "editor" | "branches" | "compare" | "graph" | "settings" | "admin";

function activeTab(pathname: string, repo: string): RepoTab {
  const rest = pathname.slice(repo.length + 1);
  if (rest.startsWith("/settings")) return "settings";
  if (rest.startsWith("/admin")) return "admin";
  if (rest.startsWith("/editor")) return "editor";
  if (rest.startsWith("/branches")) return "branches";
  if (rest.startsWith("/compare")) return "compare";
  if (rest.startsWith("/graph")) return "graph";
  if (rest.startsWith("/contract")) return "contracts";
  if (rest.startsWith("/block") || rest.startsWith("/tx") || rest.startsWith("/address")) return "blocks";
  return "overview";
}

/** A repository's visibility, as a badge. */
export function VisibilityBadge({ visibility, testId }: { visibility: "public" | "private"; testId?: string }) {
  return visibility === "private" ? (
    <Badge tone="amber" title="Only members can see it or use it." testId={testId}>
      Private
    </Badge>
  ) : (
    <Badge tone="green" title="Anyone can read it; writers and above can write." testId={testId}>
      Public
    </Badge>
  );
}

/**
 * The head of every repository page: its name, visibility, the viewer's role, the branch shown
 * (BranchSelector) and its tabs, which keep that branch.
 */
export function RepoHeader({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const pathname = usePathname() ?? "";
  const branch = useRepoBranch();
  // Refreshed while open: the height moves, and members' changes show up for everyone.
  const { data } = useQuery(trpc.repos.get.queryOptions({ repo }));
  const branches = useBranches(repo).data;
  if (!data) return null;
  const base = `/${data.fullName}`;
  const tab = (path: string) => withBranch(`${base}${path}`, branch);
  const tabs = [
    { id: "overview", label: "Overview", href: tab("") },
    { id: "contracts", label: "Contracts", href: tab("/contracts") },
    { id: "blocks", label: "Blocks", href: tab("/blocks") },
    { id: "editor", label: "Editor", href: tab("/editor") },
    { id: "branches", label: "Branches", href: tab("/branches") },
    // A comparison names its branches in its path, so the tab opens the pickers without ?branch=.
    { id: "compare", label: "Compare", href: `${base}/compare` },
    { id: "graph", label: "Graph", href: tab("/graph") },
    ...(data.access.admin
      ? [
          { id: "settings", label: "Settings", href: tab("/settings") },
          { id: "admin", label: "Admin dashboard", href: tab("/admin") },
        ]
      : []),
  ];
  // Main's height is the repository's; another branch's is its own head.
  const height = branch === MAIN_BRANCH ? data.height : (branches?.find((b) => b.name === branch)?.head.height ?? null);

  return (
    <div className="mb-5 space-y-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-xl text-zinc-900" data-testid="repo-title">
          <span className="text-zinc-600">{data.owner}</span>
          <span className="px-1 text-zinc-400">/</span>
          <Link href={tab("")} className="font-semibold hover:underline">
            {data.name}
          </Link>
        </h1>
        <VisibilityBadge visibility={data.visibility} testId="repo-visibility" />
        {data.access.role ? (
          <Badge tone="blue" title="Your role in this repository." testId="repo-role">
            {data.access.role}
          </Badge>
        ) : (
          <Badge title="You are not a member: you read it because it is public." testId="repo-role">
            not a member
          </Badge>
        )}
        <span className="text-xs text-zinc-500">
          {data.consensus === "poa" ? "PoA" : "DPoS"} · height{" "}
          <span className="tabular-nums" data-testid="repo-height-now">
            {height === null ? "…" : formatInteger(height)}
          </span>{" "}
          · {data.memberCount} member{data.memberCount === 1 ? "" : "s"}
        </span>
        <div className="ml-auto flex items-center gap-2">
          <Link
            href={`/new?fork=${encodeURIComponent(data.fullName)}&branch=${encodeURIComponent(branch)}`}
            className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 text-xs text-zinc-700 shadow-xs hover:bg-zinc-50"
            title="A repository of yours whose chain starts from this branch's head (copy-on-write)."
            data-testid="repo-fork"
          >
            Fork
          </Link>
          <BranchSelector repo={data.fullName} branches={branches} />
        </div>
      </div>
      <UnknownBranchNotice repo={data.fullName} />
      {data.forkOf ? (
        <p className="text-xs text-zinc-500" data-testid="repo-fork-of">
          forked from{" "}
          <Link href={withBranch(`/${data.forkOf.repo}/block/${data.forkOf.height}`, data.forkOf.branch)} className="text-blue-700 hover:underline">
            {data.forkOf.repo}@{data.forkOf.branch} block {data.forkOf.height}
          </Link>
        </p>
      ) : null}
      {data.description ? (
        <p className="text-sm text-zinc-600" data-testid="repo-description">
          {data.description}
        </p>
      ) : null}
      <TabLinks tabs={tabs} active={activeTab(pathname, data.fullName)} label="Repository" testIdPrefix="repo-tab" />
    </div>
  );
}
