"use client";
import Link from "next/link";

/** What a visitor sees when the hub fails to answer (never a stack trace). */
export function ErrorView({ reset, digest }: { reset: () => void; digest?: string }) {
  return (
    <div className="mx-auto max-w-2xl py-10" role="alert">
      <p className="text-sm font-semibold text-red-700">Error</p>
      <h1 className="mt-1 text-2xl font-semibold text-zinc-900">The hub could not answer this page</h1>
      <p className="mt-3 text-zinc-600">
        The chain engine or its index did not respond. It may be starting or restarting; try again in a moment.
        {digest ? <span className="mono ml-1 text-xs text-zinc-400">(ref {digest})</span> : null}
      </p>
      <div className="mt-6 flex gap-3 text-sm">
        <button type="button" onClick={reset} className="rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white hover:bg-zinc-700">
          Try again
        </button>
        <Link href="/" className="rounded-md border border-zinc-300 px-3 py-1.5 text-zinc-700 hover:bg-zinc-50">
          Back to the explorer
        </Link>
      </div>
    </div>
  );
}
