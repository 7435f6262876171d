"use client";
import { useState } from "react";

/** Copies `value` to the clipboard; a check mark confirms for a moment. */
export function CopyButton({ value, label = "Copy" }: { value: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Pages served over plain http on a LAN address have no Clipboard API.
      const area = document.createElement("textarea");
      area.value = value;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1200);
  }
  return (
    <button
      type="button"
      onClick={() => void copy()}
      title={copied ? "Copied" : `${label} ${value}`}
      aria-label={`${label} ${value}`}
      className="ml-1 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded text-zinc-400 align-middle hover:bg-zinc-100 hover:text-zinc-700"
    >
      {copied ? (
        <svg viewBox="0 0 16 16" className="h-3.5 w-3.5 text-emerald-600" aria-hidden="true">
          <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      ) : (
        <svg viewBox="0 0 16 16" className="h-3.5 w-3.5" aria-hidden="true">
          <rect x="5" y="5" width="8.5" height="8.5" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
          <path d="M3 10.5V3.5A1 1 0 0 1 4 2.5h6.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
        </svg>
      )}
    </button>
  );
}
