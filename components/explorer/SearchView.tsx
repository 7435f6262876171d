import Link from "next/link";
import { redirect } from "next/navigation";
import type { RouterOutputs } from "@/components/providers/trpc";
import { chainHref } from "@/components/repo/repoPaths";
import { SearchBox } from "./SearchBox";
import { orNull, serverCaller } from "./serverData";

type SearchHit = NonNullable<RouterOutputs["accounts"]["search"]>;

const PAGE_OF: Record<SearchHit["kind"], string> = { block: "/block/", tx: "/tx/", address: "/address/" };

/**
 * Where a search string leads. The index answers first; the chain store covers what the index
 * cannot know yet: a transaction answered but not sealed, a block not indexed yet.
 */
async function resolve(q: string): Promise<string | null> {
  const caller = serverCaller();
  const hit = await orNull(caller.accounts.search({ q }));
  // The hit may be on any chain the viewer may read, and on any of its branches: its page is there.
  if (hit) return chainHref(hit.repo, PAGE_OF[hit.kind] + encodeURIComponent(hit.id), hit.branch);
  if (/^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(q)) {
    const tx = await orNull(caller.transactions.get({ hash: q }));
    if (tx) return `/tx/${encodeURIComponent(tx.tx.hash)}`;
  }
  if (/^\d{1,15}$/.test(q) || /^[1-9A-HJ-NP-Za-km-z]{32,44}$/.test(q)) {
    const block = await orNull(caller.blocks.header({ id: q }));
    if (block) return `/block/${block.height}`;
  }
  return null;
}

/** Redirects to the page of what `q` names, or says that nothing matched. */
export async function SearchView({ q }: { q: string }) {
  const text = q.trim().slice(0, 100);
  const target = text ? await resolve(text) : null;
  if (target) redirect(target);
  return (
    <div className="mx-auto max-w-2xl py-10">
      <h1 className="text-2xl font-semibold text-zinc-900">Search</h1>
      {text ? (
        <div className="mt-3 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900" data-testid="search-nothing-found">
          Nothing found for <span className="mono break-all font-medium">“{text}”</span>. Try a block height, a block or transaction hash, or an Aergo address.
        </div>
      ) : (
        <p className="mt-3 text-zinc-600">Type a block height, a block or transaction hash, or an Aergo address.</p>
      )}
      <div className="mt-6">
        <SearchBox defaultValue={text} autoFocus />
      </div>
      <p className="mt-6 text-sm">
        <Link href="/" className="text-blue-700 hover:underline">
          ← Back to the explorer
        </Link>
      </p>
    </div>
  );
}
