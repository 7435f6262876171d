/**
 * The editor's state without React: open tabs with their unsaved edits, the file tree, names for
 * new files. Pure functions over immutable values, so the page's behaviour is tested here.
 */

/** An open file: what the editor holds now, and what the hub holds (the version a save edits). */
export type OpenTab = { readonly path: string; readonly content: string; readonly saved: string; readonly version: number };

export function isDirty(tab: OpenTab): boolean {
  return tab.content !== tab.saved;
}

/** Opens a file as loaded from the hub; an already open tab keeps its unsaved edits. */
export function openTab(tabs: readonly OpenTab[], file: { path: string; content: string; version: number }): OpenTab[] {
  if (tabs.some((t) => t.path === file.path)) return [...tabs];
  return [...tabs, { path: file.path, content: file.content, saved: file.content, version: file.version }];
}

export function editTab(tabs: readonly OpenTab[], path: string, content: string): OpenTab[] {
  return tabs.map((t) => (t.path === path ? { ...t, content } : t));
}

/** After a save of `content` as `version`: edits typed while the save was on its way stay unsaved. */
export function markSaved(tabs: readonly OpenTab[], path: string, content: string, version: number): OpenTab[] {
  return tabs.map((t) => (t.path === path ? { ...t, saved: content, version } : t));
}

/** Replaces the tab with the hub's copy (after a conflict, when the person chooses theirs to go). */
export function reloadTab(tabs: readonly OpenTab[], file: { path: string; content: string; version: number }): OpenTab[] {
  return tabs.map((t) => (t.path === file.path ? { path: file.path, content: file.content, saved: file.content, version: file.version } : t));
}

/** Closes a tab; the active one becomes its right neighbour, else its left one, else none. */
export function closeTab(tabs: readonly OpenTab[], path: string, active: string | null): { tabs: OpenTab[]; active: string | null } {
  const i = tabs.findIndex((t) => t.path === path);
  if (i < 0) return { tabs: [...tabs], active };
  const rest = tabs.filter((t) => t.path !== path);
  if (active !== path) return { tabs: rest, active };
  return { tabs: rest, active: (rest[i] ?? rest[i - 1])?.path ?? null };
}

export type TreeNode = { readonly kind: "folder"; readonly name: string; readonly path: string; readonly children: TreeNode[] } | { readonly kind: "file"; readonly name: string; readonly path: string };

/** Folders first, then files, each by name: the tree of `a/b.sql`, `a/c/d.sql`, `e.sql`. */
export function buildFileTree(paths: readonly string[]): TreeNode[] {
  type Folder = { folders: Map<string, Folder>; files: string[] };
  const root: Folder = { folders: new Map(), files: [] };
  for (const p of paths) {
    const parts = p.split("/");
    let at = root;
    for (const part of parts.slice(0, -1)) {
      let next = at.folders.get(part);
      if (!next) at.folders.set(part, (next = { folders: new Map(), files: [] }));
      at = next;
    }
    at.files.push(p);
  }
  const toNodes = (f: Folder, prefix: string): TreeNode[] => [
    ...[...f.folders.keys()].sort().map((name): TreeNode => ({ kind: "folder", name, path: `${prefix}${name}`, children: toNodes(f.folders.get(name)!, `${prefix}${name}/`) })),
    ...[...f.files].sort().map((p): TreeNode => ({ kind: "file", name: p.slice(prefix.length), path: p })),
  ];
  return toNodes(root, "");
}

/** The path typed, or `NAME.sql`, made unique against the branch's files (`token-2.sql`, …). */
export function newFilePath(typed: string, fallbackName: string, existing: readonly string[], folder = ""): string {
  const plain = typed.trim().toLowerCase().replace(/^\/+/, "");
  // On a shared repository a person writes in their own folder: put the file there.
  const wanted = plain ? (plain.startsWith(folder) ? plain : `${folder}${plain}`) : `${folder}${fallbackName}.sql`;
  const withExt = wanted.endsWith(".sql") ? wanted : `${wanted}.sql`;
  if (typed.trim() !== "" || !existing.includes(withExt)) return withExt;
  const stem = withExt.slice(0, -".sql".length);
  for (let i = 2; ; i++) if (!existing.includes(`${stem}-${i}.sql`)) return `${stem}-${i}.sql`;
}

/** A snapshot as contracts.simulationState sends it (base64) back to bytes, in the browser or Node. */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The text of a 1-based source line, for showing where an error points. */
export function sourceLine(source: string, line: number): string {
  return source.split("\n")[line - 1] ?? "";
}
