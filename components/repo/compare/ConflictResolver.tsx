"use client";
import { FIELD } from "../NewRepoForm";
import { cellText, keyText } from "./cellText";
import type { MergeConflict } from "./compareTypes";
import { conflictId, editableCells, type ConflictChoice } from "./conflictResolutions";

const SIDES = [
  { take: "ours", label: "Ours (target)" },
  { take: "theirs", label: "Theirs (source)" },
  { take: "base", label: "Base" },
  { take: "row", label: "Edit the row" },
] as const;

/** The conflicting row cell by cell: base, ours, theirs; the conflicting cells highlighted. */
function ConflictCells({ conflict }: { conflict: MergeConflict }) {
  const side = (row: MergeConflict["base"], column: string) => (row === null ? <span className="text-zinc-400 italic">no row</span> : cellText(row[column]));
  return (
    <table className="w-full text-xs">
      <thead>
        <tr className="text-left text-zinc-500">
          <th className="px-2 py-1 font-medium">Column</th>
          <th className="px-2 py-1 font-medium">Base</th>
          <th className="px-2 py-1 font-medium">Ours (target)</th>
          <th className="px-2 py-1 font-medium">Theirs (source)</th>
        </tr>
      </thead>
      <tbody>
        {conflict.columns.map((c) => {
          const hot = conflict.cells.includes(c);
          return (
            <tr key={c} className={hot ? "bg-amber-50" : ""} data-testid="conflict-cell" data-column={c} data-conflicting={hot ? "true" : "false"}>
              <td className="mono px-2 py-1">{c}</td>
              <td className="mono px-2 py-1 break-all" data-testid="conflict-base">
                {side(conflict.base, c)}
              </td>
              <td className={`mono px-2 py-1 break-all ${hot ? "font-medium text-blue-800" : ""}`} data-testid="conflict-ours">
                {side(conflict.ours, c)}
              </td>
              <td className={`mono px-2 py-1 break-all ${hot ? "font-medium text-purple-800" : ""}`} data-testid="conflict-theirs">
                {side(conflict.theirs, c)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One conflict: its cells and a choice (a side, the base, or the row edited). */
function ConflictCard({ conflict, choice, onChoose }: { conflict: MergeConflict; choice: ConflictChoice | undefined; onChoose: (c: ConflictChoice) => void }) {
  const id = conflictId(conflict);
  const name = `conflict-${id}`;
  return (
    <li className="space-y-2 px-4 py-3" data-testid="merge-conflict" data-key={keyText(conflict.key)} data-table={conflict.table}>
      <p className="text-sm">
        <span className="mono font-medium">
          {conflict.contractName ? `${conflict.contractName}.` : ""}
          {conflict.table}
        </span>{" "}
        row <span className="mono">{keyText(conflict.key)}</span>: <span className="text-zinc-600">{conflict.message}</span>
      </p>
      <ConflictCells conflict={conflict} />
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">Resolution for {keyText(conflict.key)}</legend>
        {SIDES.map((s) => (
          <label key={s.take} className="inline-flex items-center gap-1.5">
            <input
              type="radio"
              name={name}
              checked={choice?.take === s.take}
              onChange={() => onChoose(s.take === "row" ? { take: "row", cells: editableCells(conflict) } : { take: s.take })}
              data-testid={`conflict-take-${s.take}`}
            />
            {s.label}
          </label>
        ))}
      </fieldset>
      {choice?.take === "row" ? (
        <div className="grid gap-2 sm:grid-cols-3" data-testid="conflict-edit">
          {conflict.columns.map((c) => (
            <label key={c} className="block text-xs">
              <span className="mono text-zinc-600">{c}</span>
              <input
                type="text"
                value={choice.cells[c] ?? ""}
                onChange={(e) => onChoose({ take: "row", cells: { ...choice.cells, [c]: e.target.value } })}
                className={`${FIELD} mono mt-0.5`}
                data-testid={`conflict-edit-${c}`}
              />
            </label>
          ))}
        </div>
      ) : null}
    </li>
  );
}

/**
 * Consistent mode: the rows both sides changed that no merge policy settles, each waiting for a
 * decision; "Preview with these resolutions" asks the hub again with them.
 */
export function ConflictResolver({
  conflicts,
  choices,
  onChoose,
  onPreview,
  busy,
}: {
  conflicts: readonly MergeConflict[];
  choices: ReadonlyMap<string, ConflictChoice>;
  onChoose: (id: string, choice: ConflictChoice) => void;
  onPreview: () => void;
  busy: boolean;
}) {
  const decided = conflicts.filter((c) => choices.has(conflictId(c))).length;
  return (
    <div data-testid="merge-conflicts">
      <p className="border-b border-zinc-100 bg-amber-50 px-4 py-2 text-sm text-amber-900">
        {conflicts.length} row{conflicts.length === 1 ? "" : "s"} changed on both sides with no merge policy to settle {conflicts.length === 1 ? "it" : "them"}: choose
        what the target keeps.
      </p>
      <ul className="divide-y divide-zinc-100">
        {conflicts.map((c) => (
          <ConflictCard key={conflictId(c)} conflict={c} choice={choices.get(conflictId(c))} onChoose={(choice) => onChoose(conflictId(c), choice)} />
        ))}
      </ul>
      <div className="flex items-center gap-3 border-t border-zinc-100 px-4 py-3">
        <button
          type="button"
          disabled={busy || decided === 0}
          onClick={onPreview}
          className="inline-flex h-9 items-center rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium hover:bg-zinc-50 disabled:opacity-60"
          data-testid="merge-resolve-preview"
        >
          Preview with these resolutions
        </button>
        <span className="text-xs text-zinc-500">
          {decided} of {conflicts.length} decided
        </span>
      </div>
    </div>
  );
}
