import Link from "next/link";
import { formatInteger, shortHash } from "@/components/ui/format";
import type { MarketReview } from "./marketTypes";
import { Rating } from "./Rating";

/** Buyers' reviews, newest first: each is a signed transaction of someone who bought the version. */
export function ReviewsList({ reviews }: { reviews: readonly MarketReview[] }) {
  if (reviews.length === 0) return <p className="px-4 py-6 text-center text-sm text-zinc-500" data-testid="listing-reviews-empty">No reviews yet. Only buyers can review, once per purchase.</p>;
  return (
    <ul className="divide-y divide-zinc-100" data-testid="listing-reviews">
      {reviews.map((r) => (
        <li key={`${r.version}:${r.buyer}`} className="space-y-1 px-4 py-3" data-testid="listing-review" data-buyer={r.buyer}>
          <div className="flex flex-wrap items-center gap-3 text-xs text-zinc-500">
            <Rating value={r.rating} />
            <Link href={`/address/${r.buyer}`} title={r.buyer} className="mono text-blue-700 hover:underline">
              {shortHash(r.buyer)}
            </Link>
            <span className="mono">v{r.version}</span>
            <span>
              block{" "}
              <Link href={`/block/${r.height}`} className="mono text-blue-700 hover:underline">
                #{formatInteger(r.height)}
              </Link>
            </span>
            {r.edited ? <span>edited</span> : null}
          </div>
          {r.text ? <p className="text-sm whitespace-pre-wrap text-zinc-800">{r.text}</p> : null}
        </li>
      ))}
    </ul>
  );
}
