"use client";
import { isDirty, type OpenTab } from "./workspace";

/** The open files; ● marks unsaved changes. */
export function EditorTabs({ tabs, active, onSelect, onClose }: { tabs: readonly OpenTab[]; active: string | null; onSelect: (path: string) => void; onClose: (path: string) => void }) {
  if (tabs.length === 0) return null;
  return (
    <div role="tablist" aria-label="Open files" className="flex overflow-x-auto border-b border-zinc-200 bg-zinc-50">
      {tabs.map((t) => {
        const on = t.path === active;
        const dirty = isDirty(t);
        return (
          <div
            key={t.path}
            role="tab"
            aria-selected={on}
            className={`group flex shrink-0 items-center border-r border-zinc-200 text-[13px] ${on ? "bg-white text-zinc-900" : "text-zinc-600 hover:bg-zinc-100"}`}
            data-testid="tab"
            data-path={t.path}
            data-dirty={dirty ? "true" : "false"}
          >
            <button type="button" onClick={() => onSelect(t.path)} className="mono py-1.5 pr-1 pl-3" title={t.path}>
              {t.path.split("/").pop()}
              {dirty ? (
                <span className="ml-1 text-amber-600" title="Unsaved changes">
                  ●
                </span>
              ) : null}
            </button>
            <button
              type="button"
              onClick={() => onClose(t.path)}
              className="mr-1 rounded px-1 text-zinc-400 hover:bg-zinc-200 hover:text-zinc-700"
              aria-label={`Close ${t.path}`}
              title={dirty ? "Close (unsaved changes are lost)" : "Close"}
            >
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
