"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { TabLinks } from "@/components/ui/TabLinks";
import { formatInteger } from "@/components/ui/format";

type RepoTab = "overview" | "contracts" | "blocks" | "editor" | "settings" | "admin";

function activeTab(pathname: string, repo: string): RepoTab {
  const rest = pathname.slice(repo.length + 1);
  if (rest.startsWith("/settings")) return "settings";
  if (rest.startsWith("/admin")) return "admin";
  if (rest.startsWith("/editor")) return "editor";
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

/** The head of every repository page: its name, visibility, the viewer's role, and its tabs. */
export function RepoHeader({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const pathname = usePathname() ?? "";
  // Refreshed while open: the height moves, and members' changes show up for everyone.
  const { data } = useQuery(trpc.repos.get.queryOptions({ repo }));
  if (!data) return null;
  const base = `/${data.fullName}`;
  const tabs = [
    { id: "overview", label: "Overview", href: base },
    { id: "contracts", label: "Contracts", href: `${base}/contracts` },
    { id: "blocks", label: "Blocks", href: `${base}/blocks` },
    { id: "editor", label: "Editor", href: `${base}/editor` },
    ...(data.access.admin
      ? [
          { id: "settings", label: "Settings", href: `${base}/settings` },
          { id: "admin", label: "Admin dashboard", href: `${base}/admin` },
        ]
      : []),
  ];

  return (
    <div className="mb-5 space-y-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h1 className="text-xl text-zinc-900" data-testid="repo-title">
          <span className="text-zinc-600">{data.owner}</span>
          <span className="px-1 text-zinc-400">/</span>
          <Link href={base} className="font-semibold hover:underline">
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
          {data.consensus === "poa" ? "PoA" : "DPoS"} · height <span className="tabular-nums">{formatInteger(data.height)}</span> · {data.memberCount} member{data.memberCount === 1 ? "" : "s"}
        </span>
      </div>
      {data.description ? (
        <p className="text-sm text-zinc-600" data-testid="repo-description">
          {data.description}
        </p>
      ) : null}
      <TabLinks tabs={tabs} active={activeTab(pathname, data.fullName)} label="Repository" testIdPrefix="repo-tab" />
    </div>
  );
}
