"use client";
import { useState } from "react";
import { ContractSource } from "@/components/explorer/ContractSource";
import { Badge } from "@/components/ui/Badge";

type File = { readonly path: string; readonly content: string };

/** Every file of a version, one at a time, read-only (the explorer's source viewer); the main file first. */
export function SourceFiles({ files, mainFile, sourceHash }: { files: readonly File[]; mainFile: string; sourceHash: string }) {
  const ordered = [...files].sort((a, b) => Number(b.path === mainFile) - Number(a.path === mainFile) || a.path.localeCompare(b.path));
  const [open, setOpen] = useState(ordered[0]?.path ?? "");
  const file = ordered.find((f) => f.path === open) ?? ordered[0];
  return (
    <div className="space-y-2" data-testid="listing-sources">
      <p className="text-xs text-zinc-500">
        Pinned by source hash <span className="mono break-all text-zinc-700" data-testid="listing-source-hash">{sourceHash}</span>: an install copies exactly these bytes.
      </p>
      <div className="flex flex-wrap gap-1">
        {ordered.map((f) => (
          <button
            key={f.path}
            type="button"
            onClick={() => setOpen(f.path)}
            className={`mono rounded-md px-2 py-1 text-xs ${f.path === file?.path ? "bg-zinc-900 text-white" : "bg-white text-zinc-700 ring-1 ring-zinc-300 hover:bg-zinc-50"}`}
            data-testid="listing-source-file"
          >
            {f.path}
            {f.path === mainFile ? <span className="ml-1 opacity-70">(main)</span> : null}
          </button>
        ))}
      </div>
      {file ? <ContractSource source={file.content} name={file.path.replace(/\.sql$/, "")} /> : <Badge tone="red">The sources are missing from the chain&apos;s state.</Badge>}
    </div>
  );
}
