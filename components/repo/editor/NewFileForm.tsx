"use client";
import { useState } from "react";
import { INPUT_CLASS } from "@/components/explorer/ContractParamInputs";
import { newFilePath } from "./workspace";

export type TemplateChoice = { readonly name: string; readonly title: string; readonly description: string };

/** "New file": a path (optional: the template's name otherwise) and a template to start from, or empty. */
/** `folder`: where the viewer writes on a shared repository ("alice/"), "" for anywhere. */
export function NewFileForm({ templates, existing, disabled, folder = "", onCreate }: { templates: readonly TemplateChoice[]; existing: readonly string[]; disabled: boolean; folder?: string; onCreate: (path: string, template: string | null) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);

  async function create(template: string | null) {
    setBusy(true);
    try {
      await onCreate(newFilePath(typed, template ?? "contract", existing, folder), template);
      setTyped("");
      setOpen(false);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="border-b border-zinc-200 p-2">
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        disabled={disabled}
        title={disabled ? "Only writers of this repository can add files." : "Add a source file"}
        className="h-8 w-full rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50"
        data-testid="new-file"
        aria-expanded={open}
      >
        + New file
      </button>
      {open && !disabled ? (
        <div className="mt-2 space-y-2" data-testid="new-file-form">
          <label htmlFor="new-file-path" className="block text-xs text-zinc-600">
            Path (optional)
            <input id="new-file-path" type="text" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder={`${folder}contracts/token.sql`} spellCheck={false} autoComplete="off" className={`${INPUT_CLASS} mono mt-1 h-8 text-xs`} data-testid="new-file-path" />
          </label>
          {folder ? (
            <p className="text-xs text-zinc-500" data-testid="new-file-folder">
              Everyone writes here; your files live in your folder <span className="mono">{folder}</span>.
            </p>
          ) : null}
          <p className="text-xs text-zinc-500">Start from:</p>
          <div className="grid gap-1">
            {templates.map((t) => (
              <button
                key={t.name}
                type="button"
                disabled={busy}
                onClick={() => void create(t.name)}
                title={t.description}
                className="rounded-md border border-zinc-200 px-2 py-1 text-left text-xs hover:border-blue-300 hover:bg-blue-50 disabled:opacity-60"
                data-testid={`template-${t.name}`}
              >
                <span className="font-medium text-zinc-800">{t.title}</span>
                <span className="block truncate text-zinc-500">{t.description}</span>
              </button>
            ))}
            <button type="button" disabled={busy} onClick={() => void create(null)} className="rounded-md border border-dashed border-zinc-300 px-2 py-1 text-left text-xs text-zinc-700 hover:bg-zinc-50 disabled:opacity-60" data-testid="template-empty">
              Empty file
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
