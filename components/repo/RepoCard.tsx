import Link from "next/link";
import { formatInteger } from "@/components/ui/format";
import { VisibilityBadge } from "./RepoHeader";

export type RepoCardData = {
  readonly fullName: string;
  readonly visibility: "public" | "private";
  readonly description: string;
  readonly height: number;
  readonly memberCount: number;
  readonly access?: { readonly role: string | null };
};

/** One repository in a list: its name (a link), visibility, description, height and members. */
export function RepoCard({ repo }: { repo: RepoCardData }) {
  return (
    <li className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs" data-testid="repo-card" data-repo={repo.fullName}>
      <div className="flex flex-wrap items-center gap-2">
        <Link href={`/${repo.fullName}`} className="font-semibold text-blue-700 hover:underline" data-testid="repo-card-link">
          {repo.fullName}
        </Link>
        <VisibilityBadge visibility={repo.visibility} />
        {repo.access?.role ? <span className="text-xs text-zinc-500">you: {repo.access.role}</span> : null}
      </div>
      {repo.description ? <p className="mt-1 text-sm text-zinc-600">{repo.description}</p> : null}
      <p className="mt-1.5 text-xs text-zinc-500">
        height <span className="tabular-nums">{formatInteger(repo.height)}</span> · {repo.memberCount} member{repo.memberCount === 1 ? "" : "s"}
      </p>
    </li>
  );
}
