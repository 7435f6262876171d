"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { CompareSpec } from "@/chain/repo/compareSpec";
import { formatDiffEnd } from "@/chain/repo/compareSpec";
import { useTRPC } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { chainHref, MAIN_BRANCH } from "../repoPaths";
import { useBranches } from "../useBranches";
import { AccountChanges } from "./AccountChanges";
import { compareDiffInput } from "./compareInputs";
import { ComparePickers } from "./ComparePickers";
import type { DiffReport } from "./compareTypes";
import { DiffTables } from "./DiffTables";
import { MergePanel } from "./MergePanel";

// The query's input while no comparison is chosen (it is not run then).
const NO_SPEC: CompareSpec = { from: { branch: MAIN_BRANCH }, to: { branch: MAIN_BRANCH }, threeDot: true };

/** The two points and where they parted, like a pull request's header. */
function CompareHeader({ repo, headRepo, baseRepo, spec, diff }: { repo: string; headRepo: string; baseRepo: string; spec: CompareSpec; diff: DiffReport | undefined }) {
  const block = (branch: string, height: number, on: string = repo) => (
    <Link href={chainHref(on, `/block/${height}`, branch)} className="mono text-blue-700 hover:underline">
      #{height}
    </Link>
  );
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-700" data-testid="compare-header">
      <span>
        <span className="mono font-semibold" data-testid="compare-base-name">{formatDiffEnd(spec.from)}</span> ←{" "}
        <span className="mono font-semibold" data-testid="compare-head-name">{formatDiffEnd(spec.to)}</span>
      </span>
      {diff ? (
        <>
          <span>
            {diff.from.branch} at {block(diff.from.branch, diff.from.height)}, {formatDiffEnd({ ...spec.to, height: undefined })} at {block(diff.to.branch, diff.to.height, headRepo)}
          </span>
          {diff.base ? (
            <span data-testid="compare-merge-base">
              merge base {block(diff.from.branch, diff.base.height, baseRepo)}
            </span>
          ) : (
            <span className="text-zinc-500">two-dot: the two states against each other</span>
          )}
        </>
      ) : null}
    </div>
  );
}

/**
 * `/OWNER/NAME/compare/BASE...HEAD`: what HEAD changed since it left BASE, row by row (three-dot;
 * `BASE..HEAD` compares the two states), the accounts that changed, and the merge of HEAD into
 * BASE: its preview and, for writers, the Merge button. Without a spec: two branch pickers.
 */
export function CompareView({ repo, spec, specText }: { repo: string; spec: CompareSpec | null; specText: string | null }) {
  const trpc = useTRPC();
  const summary = useQuery(trpc.repos.get.queryOptions({ repo })).data;
  const branches = useBranches(repo).data ?? [];
  const diff = useQuery({
    ...trpc.branches.diff.queryOptions(compareDiffInput(repo, spec ?? NO_SPEC)),
    enabled: spec !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const related = useQuery({ ...trpc.repos.related.queryOptions({ repo }), retry: false }).data ?? [];
  const source = spec?.to.branch;
  const target = spec?.from.branch;
  // The compare side may be a branch of the fork or the origin; its links go to that repository.
  const sourceRepo = spec?.to.repo !== undefined && spec.to.repo !== repo ? spec.to.repo : undefined;
  const headRepo = sourceRepo ?? repo;
  // Across repositories the merge base is a block of the origin's chain.
  const baseRepo = sourceRepo && related.find((r) => r.fullName === sourceRepo)?.kind === "origin" ? sourceRepo : repo;
  const sourceRow = branches.find((b) => b.name === source);

  return (
    <div className="space-y-5" data-testid="compare-page">
      <Panel title="Compare" testId="compare-panel">
        <div className="space-y-3 px-4 py-3">
          <ComparePickers repo={repo} branches={branches} base={target ?? ""} head={source ?? ""} headRepo={headRepo} related={related} />
          {spec ? <CompareHeader repo={repo} headRepo={headRepo} baseRepo={baseRepo} spec={spec} diff={diff.data} /> : null}
          {specText !== null && spec === null ? (
            <p role="alert" className="text-sm text-red-700" data-testid="compare-bad-spec">
              “{specText}” is not two branches to compare: write BASE...HEAD (what HEAD changed since it left BASE) or BASE..HEAD, each a branch or BRANCH@HEIGHT; HEAD may be OWNER/NAME:BRANCH of a fork or the origin.
            </p>
          ) : null}
          {spec === null && specText === null ? <p className="text-sm text-zinc-500">Choose a base and a branch to compare with it.</p> : null}
        </div>
      </Panel>
      {diff.error ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="compare-error">
          {diff.error.message}
        </p>
      ) : null}
      {spec && diff.data ? (
        <section className="space-y-4" data-testid="compare-diff">
          <h2 className="text-sm font-semibold text-zinc-800">
            {diff.data.base ? `What ${formatDiffEnd({ ...spec.to, height: undefined })} changed since it left ${spec.from.branch}` : `${formatDiffEnd(spec.from)} against ${formatDiffEnd(spec.to)}`}
          </h2>
          <DiffTables repo={headRepo} branch={spec.to.branch} tables={diff.data.tables} />
          <AccountChanges repo={headRepo} branch={spec.to.branch} accounts={diff.data.accounts} />
          {diff.data.truncated ? <p className="text-sm text-amber-800">The diff stopped at 1,000 rows; the CLI (aergo diff --table T --limit N) shows more.</p> : null}
        </section>
      ) : null}
      {spec && source && target && sourceRepo ? (
        <MergePanel key={`${sourceRepo}:${source}>${target}`} repo={repo} source={source} sourceRepo={sourceRepo} target={target} defaultMode="consistent" canWrite={summary?.access.write === true} />
      ) : spec && source && target && source !== target && sourceRow ? (
        <MergePanel key={`${source}>${target}`} repo={repo} source={source} target={target} defaultMode={sourceRow.mergeMode} canWrite={summary?.access.write === true} />
      ) : null}
    </div>
  );
}
