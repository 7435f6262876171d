"use client";
import { useRouter } from "next/navigation";
import type { BranchRow } from "../branchHistory";
import { FIELD } from "../NewRepoForm";
import { compareHref } from "../repoPaths";

/** Two branch pickers, base ← compare; choosing one opens that comparison (three-dot). */
export function ComparePickers({ repo, branches, base, head }: { repo: string; branches: readonly BranchRow[]; base: string; head: string }) {
  const router = useRouter();
  const open = (b: string, h: string) => router.push(compareHref(repo, b, h));
  const select = (id: string, label: string, value: string, onChange: (v: string) => void) => (
    <label htmlFor={id} className="flex items-center gap-2 text-sm">
      <span className="text-zinc-600">{label}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${FIELD} mono w-auto py-1`} data-testid={id}>
        {value === "" ? <option value="">choose…</option> : null}
        {branches.map((b) => (
          <option key={b.name} value={b.name}>
            {b.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="flex flex-wrap items-center gap-3" data-testid="compare-pickers">
      {select("compare-base", "base", base, (v) => open(v, head || v))}
      <span className="text-zinc-400">←</span>
      {select("compare-head", "compare", head, (v) => open(base || v, v))}
    </div>
  );
}
