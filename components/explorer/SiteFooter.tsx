import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="border-t border-zinc-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-2 px-4 py-4 text-xs text-zinc-500">
        <span>AERGO Hub · an explorer of the AERGO Chain served by this hub&apos;s own engine and index</span>
        <span className="flex gap-4">
          <Link href="/blocks" className="hover:text-zinc-800">
            Blocks
          </Link>
          <a href="/v1/getChainInfo" className="hover:text-zinc-800">
            REST API
          </a>
        </span>
      </div>
    </footer>
  );
}
