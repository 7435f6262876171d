"use client";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Badge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";
import { errorMessage } from "../errors";
import { BUTTON } from "../MyReposView";
import { withRepo } from "../repoPaths";
import { useDirectoryAction } from "../useDirectoryAction";
import type { MergeMode, MergePreview, MergeResolution } from "./compareTypes";
import { ConflictResolver } from "./ConflictResolver";
import { mergeResolutions, resolutionsFrom, type ConflictChoice } from "./conflictResolutions";
import { MergeRowsTable } from "./MergeRowsTable";
import { MergeTxList } from "./MergeTxList";

type Outcome = { readonly ok: boolean; readonly text: string } | null;

/** Automated (replay the source's transactions) or consistent (merge rows three-way). */
function ModeSwitch({ mode, onChange }: { mode: MergeMode; onChange: (m: MergeMode) => void }) {
  return (
    <span className="inline-flex overflow-hidden rounded-md border border-zinc-300 text-xs" role="radiogroup" aria-label="Merge mode" data-testid="merge-mode">
      {(["automated", "consistent"] as const).map((m) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={mode === m}
          onClick={() => onChange(m)}
          className={`px-2.5 py-1 ${mode === m ? "bg-zinc-900 text-white" : "bg-white text-zinc-700 hover:bg-zinc-50"}`}
          data-testid={`merge-mode-${m}`}
        >
          {m}
        </button>
      ))}
    </span>
  );
}

/** What stops the merge, or why it is ready; one line. */
function MergeState({ preview }: { preview: MergePreview }) {
  if (preview.blockers.length) {
    return (
      <ul className="space-y-1 text-sm text-red-800" data-testid="merge-blockers">
        {preview.blockers.map((b, i) => (
          <li key={i}>
            <Badge tone="red">{b.code}</Badge> {b.message}
          </li>
        ))}
      </ul>
    );
  }
  if (preview.conflicts.length) {
    return (
      <Badge tone="amber" testId="merge-state">
        {preview.conflicts.length} conflict{preview.conflicts.length === 1 ? "" : "s"} to resolve
      </Badge>
    );
  }
  if (preview.applied.length === 0 && preview.rows.length === 0) return <Badge testId="merge-state">nothing to merge</Badge>;
  return (
    <Badge tone="green" testId="merge-state">
      ready to merge
    </Badge>
  );
}

/**
 * The merge preview of `source` into `target` and (writers) the Merge button: the preview's digest
 * goes into a `merge` directory entry signed by the wallet, so the hub merges exactly what was
 * shown or refuses (STALE_PREVIEW) when a branch moved meanwhile.
 */
export function MergePanel({ repo, source, sourceRepo, target, defaultMode, canWrite }: { repo: string; source: string; sourceRepo?: string; target: string; defaultMode: MergeMode; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const apply = useDirectoryAction(repo);
  const [mode, setMode] = useState<MergeMode>(defaultMode);
  // Decisions sent with the preview shown (settled rows leave the conflict list: keep them all).
  const [resolutions, setResolutions] = useState<MergeResolution[]>([]);
  const [choices, setChoices] = useState<ReadonlyMap<string, ConflictChoice>>(new Map());
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  // From a fork or the origin: consistent only (its transactions are signed for its own chain id).
  const input = withRepo(repo, { source, ...(sourceRepo ? { sourceRepo } : {}), target, mode, ...(resolutions.length ? { resolutions } : {}) });
  const sourceName = sourceRepo ? `${sourceRepo}:${source}` : source;
  const preview = useQuery({ ...trpc.branches.previewMerge.queryOptions(input), placeholderData: keepPreviousData, retry: false });
  const p = preview.data;

  function switchMode(m: MergeMode) {
    setMode(m);
    setResolutions([]);
    setChoices(new Map());
    setOutcome(null);
  }

  async function merge(shown: MergePreview) {
    setBusy(true);
    setOutcome(null);
    try {
      await apply({ kind: "merge", source, ...(sourceRepo ? { sourceRepo } : {}), target, digest: shown.digest, mode, ...(resolutions.length ? { resolutions } : {}) });
      const what = shown.mode === "consistent" ? `${shown.rows.length} row${shown.rows.length === 1 ? "" : "s"} written` : `${shown.applied.length} transaction${shown.applied.length === 1 ? "" : "s"} applied`;
      setOutcome({ ok: true, text: `Merged ${sourceName} into ${target}: ${what}, in ${target}'s next block.` });
      setResolutions([]);
      setChoices(new Map());
    } catch (e) {
      setOutcome({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
      // The heads, the diff and the preview all moved.
      await queryClient.invalidateQueries({ queryKey: trpc.branches.pathKey() });
    }
  }

  const mergeable = p !== undefined && p.mergeable && (p.applied.length > 0 || p.rows.length > 0) && !preview.isPlaceholderData;
  return (
    <Panel title={`Merge ${sourceName} into ${target}`} actions={sourceRepo ? <span className="text-xs text-zinc-500" data-testid="merge-mode-fixed">consistent (another repository)</span> : <ModeSwitch mode={mode} onChange={switchMode} />} testId="merge-panel">
      {preview.error ? (
        <p role="alert" className="px-4 py-3 text-sm text-red-700" data-testid="merge-preview-error">
          {preview.error.message}
        </p>
      ) : null}
      {!p ? preview.isPending ? <p className="px-4 py-3 text-sm text-zinc-500">Previewing…</p> : null : (
        <div data-testid="merge-preview" data-mode={p.mode} data-mergeable={String(p.mergeable)}>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-100 px-4 py-3 text-sm">
            <span>
              Mode <span className="mono font-medium" data-testid="merge-preview-mode">{p.mode}</span>
            </span>
            <span className="text-zinc-600">
              base <span className="mono">#{p.base.height}</span> · {sourceName} head <span className="mono">#{p.sourceHead.height}</span>
            </span>
            <span className="text-zinc-600" data-testid="merge-counts">
              {p.applied.filter((a) => a.status !== "state").length} applied, {p.excluded.length} excluded
            </span>
            <MergeState preview={p} />
            <span className="text-zinc-600" title={`The state root ${target} will hold with this merge (its answered transactions included), before the fees of the block that seals it.`}>
              resulting state root <span className="mono text-xs break-all" data-testid="merge-state-root">{p.stateRoot}</span>
            </span>
          </div>
          <MergeTxList repo={sourceRepo ?? repo} source={sourceName} applied={p.applied} excluded={p.excluded} />
          {p.mode === "consistent" ? (
            <>
              <h3 className="border-t border-zinc-200 px-4 pt-3 text-sm font-semibold text-zinc-800">Rows written on {target}</h3>
              <MergeRowsTable rows={p.rows} pending={p.conflicts.length} />
              {p.conflicts.length ? (
                <ConflictResolver
                  conflicts={p.conflicts}
                  choices={choices}
                  // Not while the preview refetches: it does at every new block of a live
                  // branch, and a button disabled then swallowed clicks (the choices go into
                  // the next preview's input either way).
                  busy={busy}
                  onChoose={(id, c) => setChoices((m) => new Map(m).set(id, c))}
                  onPreview={() => setResolutions(mergeResolutions(resolutions, resolutionsFrom(p.conflicts, choices)))}
                />
              ) : null}
            </>
          ) : null}
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-200 px-4 py-3">
            {canWrite ? (
              <button type="button" className={BUTTON} disabled={!mergeable || busy} onClick={() => void merge(p)} data-testid="merge-submit">
                {busy ? "Signing…" : `Sign & merge into ${target}`}
              </button>
            ) : (
              <span className="text-sm text-zinc-500" data-testid="merge-readonly">
                Only writers of {repo} can merge.
              </span>
            )}
            {resolutions.length ? <span className="text-xs text-zinc-500">{resolutions.length} resolution{resolutions.length === 1 ? "" : "s"} included</span> : null}
          </div>
        </div>
      )}
      {outcome ? (
        <p role={outcome.ok ? "status" : "alert"} className={`border-t border-zinc-100 px-4 py-3 text-sm ${outcome.ok ? "text-emerald-700" : "text-red-700"}`} data-testid={outcome.ok ? "merge-ok" : "merge-error"}>
          {outcome.text}
        </p>
      ) : null}
    </Panel>
  );
}
