import Link from "next/link";
import { Suspense } from "react";
import { UserMenu } from "@/components/auth/UserMenu";
import { LiveChainUpdates } from "./LiveChainUpdates";
import { SearchBox } from "./SearchBox";
import { SiteNav } from "./SiteNav";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/95 backdrop-blur">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5">
        <Link href="/" className="flex items-center gap-2 font-semibold text-zinc-900">
          <svg viewBox="0 0 24 24" className="h-6 w-6" aria-hidden="true">
            <rect width="24" height="24" rx="6" fill="#c026d3" />
            <path d="M7 17l5-10 5 10M9.2 13h5.6" fill="none" stroke="white" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>AERGO Hub</span>
          <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-600">dev network</span>
        </Link>
        <SiteNav />
        <div className="flex w-full min-w-0 items-center justify-end gap-4 sm:ml-auto sm:w-auto">
          <div className="min-w-0 flex-1 sm:w-96 sm:flex-none">
            <SearchBox placeholder="Height, hash or address" />
          </div>
          <Suspense fallback={<span className="inline-block w-16" aria-hidden="true" />}>
            <LiveChainUpdates />
          </Suspense>
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
