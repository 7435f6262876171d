/**
 * A person's decisions for a consistent merge's conflicts, kept in the page until they preview
 * again: per conflicting row, a side (ours: the target's row, theirs: the source's, or the base)
 * or a row they edited cell by cell. Turned into the resolutions the preview and the signed
 * `merge` entry take (chain/repo/mergeRequest.ts).
 */
import type { MergeConflict, MergeResolution } from "./compareTypes";

export type ConflictChoice = { readonly take: "ours" | "theirs" | "base" } | { readonly take: "row"; readonly cells: Readonly<Record<string, string>> };

/** One conflict's identity: its contract, table and primary key. */
export function conflictId(c: Pick<MergeConflict, "contract" | "table" | "key">): string {
  return `${c.contract}\u0000${c.table.toLowerCase()}\u0000${JSON.stringify(c.key)}`;
}

type Cell = MergeResolution["key"][number];

/**
 * Text typed into an edited cell as a value like the row's own: a number where the column held a
 * number (when the text is one), true/false for booleans, NULL for null; text otherwise.
 */
export function cellFromText(text: string, like: unknown): Cell {
  const t = text.trim();
  if (t.toUpperCase() === "NULL") return null;
  if (typeof like === "number" && /^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (typeof like === "boolean" && (t === "true" || t === "false")) return t === "true";
  return text;
}

/** The cells an edited row starts from: the target's row (ours), else the source's, as text. */
export function editableCells(c: MergeConflict): Record<string, string> {
  const start = c.ours ?? c.theirs ?? c.base ?? {};
  return Object.fromEntries(c.columns.map((col) => [col, start[col] === null || start[col] === undefined ? "NULL" : typeof start[col] === "string" ? (start[col] as string) : JSON.stringify(start[col])]));
}

/** The resolutions for every conflict that has a choice, in the preview's order. */
export function resolutionsFrom(conflicts: readonly MergeConflict[], choices: ReadonlyMap<string, ConflictChoice>): MergeResolution[] {
  const out: MergeResolution[] = [];
  for (const c of conflicts) {
    const choice = choices.get(conflictId(c));
    if (!choice) continue;
    const base = { contract: c.contract, table: c.table, key: c.key as Cell[] };
    if (choice.take !== "row") {
      out.push({ ...base, take: choice.take });
      continue;
    }
    const like = c.ours ?? c.theirs ?? c.base ?? {};
    out.push({ ...base, take: "row", row: Object.fromEntries(c.columns.map((col) => [col, cellFromText(choice.cells[col] ?? "NULL", like[col])])) });
  }
  return out;
}

/**
 * Keeps the decisions already sent with earlier previews for rows that are no longer in conflict
 * (the preview settled them with those decisions), and adds the new ones: a merge names them all.
 */
export function mergeResolutions(previous: readonly MergeResolution[], next: readonly MergeResolution[]): MergeResolution[] {
  const byId = new Map(previous.map((r) => [conflictId(r), r] as const));
  for (const r of next) byId.set(conflictId(r), r);
  return [...byId.values()];
}
