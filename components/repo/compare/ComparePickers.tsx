"use client";
import { useRouter } from "next/navigation";
import type { BranchRow } from "../branchHistory";
import type { RelatedRepo } from "./compareTypes";
import { FIELD } from "../NewRepoForm";
import { compareHref } from "../repoPaths";

/**
 * Two branch pickers, base ← compare; choosing one opens that comparison (three-dot). When the
 * repository has forks or is a fork (`related`), the compare side's repository is a third picker.
 */
export function ComparePickers({ repo, branches, base, head, headRepo, related }: { repo: string; branches: readonly BranchRow[]; base: string; head: string; headRepo: string; related: readonly RelatedRepo[] }) {
  const router = useRouter();
  const open = (b: string, h: string, r: string = headRepo) => router.push(compareHref(repo, b, h, r));
  const headNames = headRepo === repo ? branches.map((b) => b.name) : (related.find((r) => r.fullName === headRepo)?.branches ?? [head]);
  const select = (id: string, label: string, value: string, names: readonly string[], onChange: (v: string) => void) => (
    <label htmlFor={id} className="flex items-center gap-2 text-sm">
      <span className="text-zinc-600">{label}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${FIELD} mono w-auto py-1`} data-testid={id}>
        {value === "" ? <option value="">choose…</option> : null}
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
  const repoNames = [repo, ...related.map((r) => r.fullName)];
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="compare-pickers">
      {select("compare-base", "base", base, branches.map((b) => b.name), (v) => open(v, head || v))}
      <span className="text-zinc-400">←</span>
      {related.length ? select("compare-head-repo", "repository", headRepo, repoNames, (r) => open(base || "main", "main", r)) : null}
      {select("compare-head", "compare", head, headNames, (v) => open(base || v, v))}
    </div>
  );
}
