import Link from "next/link";
import { Badge } from "@/components/ui/Badge";
import { formatInteger } from "@/components/ui/format";
import { listingHref } from "./marketFormat";
import type { MarketCard } from "./marketTypes";
import { PriceTag } from "./PriceTag";
import { Rating } from "./Rating";

/** One package on the shelf: its newest version, price, rating and counts over all its versions. */
export function ListingCard({ card }: { card: MarketCard }) {
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs" data-testid="market-card" data-package={card.package}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <Link href={listingHref(card.package)} className="font-semibold text-blue-700 hover:underline" data-testid="market-card-link">
            {card.title}
          </Link>
          <p className="mono text-xs text-zinc-500">
            {card.package}@{card.version}
          </p>
        </div>
        <PriceTag aer={card.priceAer} testId="market-card-price" />
      </div>
      {card.description ? <p className="line-clamp-2 text-sm text-zinc-600">{card.description}</p> : null}
      <div className="flex flex-wrap items-center gap-1.5">
        {card.unsafeReason !== null ? (
          <Badge tone="red" title={card.unsafeReason} testId="market-card-unsafe">
            unsafe
          </Badge>
        ) : null}
        <Badge tone="blue">{card.kind}</Badge>
        {card.tags.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </div>
      <div className="mt-auto flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-500">
        <Rating value={card.rating} reviews={card.reviews} />
        <span data-testid="market-card-sales">
          <span className="tabular-nums text-zinc-800">{formatInteger(card.sales)}</span> sales
        </span>
        <span data-testid="market-card-installs">
          <span className="tabular-nums text-zinc-800">{formatInteger(card.installs)}</span> installs
        </span>
      </div>
    </li>
  );
}
