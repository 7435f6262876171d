/**
 * Marketplace index rows from a batch of blocks: built from the market account's receipt events
 * (chain/exec/marketTx.ts), which say exactly what each included market transaction did (the
 * fee split included), so the index never re-derives a rule of the chain.
 */
import { and, eq, sql } from "drizzle-orm";
import { MARKET_ACCOUNT } from "../chain/market/records.ts";
import type { EventJSON } from "../chain/types.ts";
import type { IndexDatabase } from "./client.ts";
import { insertRowsAsJson } from "./bulkInsert.ts";
import { marketListings, marketPurchases, marketReviews } from "./schema.ts";

type Listing = typeof marketListings.$inferInsert;
type Purchase = typeof marketPurchases.$inferInsert;
type Review = typeof marketReviews.$inferInsert;
type Unsafe = { readonly package: string; readonly version: string; readonly reason: string; readonly height: number };

const str = (v: unknown) => String(v ?? "").replaceAll("\u0000", "");

/** Collects one batch's market rows in chain order; `write` stores them in the batch's transaction. */
export function createMarketRows(repo: string, branch: string) {
  const listings = new Map<string, Listing>();
  const purchases: Purchase[] = [];
  const reviews = new Map<string, Review>();
  const unsafe: Unsafe[] = [];

  return {
    add(events: readonly EventJSON[] | undefined, at: { readonly height: number; readonly timestamp: number; readonly txHash: string }): void {
      for (const e of events ?? []) {
        if (e.contract !== MARKET_ACCOUNT) continue;
        const a = e.args;
        const pkg = str(a.package);
        const version = str(a.version);
        const key = `${pkg}@${version}`;
        switch (e.name) {
          case "Published":
            listings.set(key, {
              repo,
              branch,
              package: pkg,
              version,
              publisher: str(a.publisher),
              kind: str(a.kind),
              title: str(a.title),
              description: str(a.description),
              license: str(a.license),
              tags: Array.isArray(a.tags) ? a.tags.map(str) : [],
              priceAer: str(a.price),
              sourceRepo: str(a.repo),
              sourceHash: str(a.sourceHash),
              mainFile: str(a.mainFile),
              height: at.height,
              txHash: at.txHash,
              unsafeReason: null,
              unsafeHeight: null,
            });
            break;
          case "Purchased":
            purchases.push({ repo, branch, package: pkg, version, buyer: str(a.buyer), publisher: str(a.publisher), priceAer: str(a.price), feeAer: str(a.fee), height: at.height, timestamp: at.timestamp, txHash: at.txHash });
            break;
          case "Reviewed":
            reviews.set(`${key}:${str(a.buyer)}`, { repo, branch, package: pkg, version, buyer: str(a.buyer), rating: Number(a.rating), text: str(a.text), height: at.height, edited: a.edit === true ? 1 : 0 });
            break;
          case "MarkedUnsafe": {
            const listed = listings.get(key);
            if (listed) listings.set(key, { ...listed, unsafeReason: str(a.reason), unsafeHeight: at.height });
            else unsafe.push({ package: pkg, version, reason: str(a.reason), height: at.height });
            break;
          }
        }
      }
    },

    async write(db: IndexDatabase): Promise<void> {
      if (listings.size) await db.execute(insertRowsAsJson(marketListings, [...listings.values()]));
      if (purchases.length) await db.execute(insertRowsAsJson(marketPurchases, purchases));
      if (reviews.size) {
        const column = (c: { name: string }) => sql.identifier(c.name);
        const t = marketReviews;
        // A review edited again replaces its row; `edited` stays set once it was ever edited.
        await db.execute(
          sql`${insertRowsAsJson(t, [...reviews.values()])} on conflict (${column(t.repo)}, ${column(t.branch)}, ${column(t.package)}, ${column(t.version)}, ${column(t.buyer)}) do update set ${column(t.rating)} = excluded.${column(t.rating)}, ${column(t.text)} = excluded.${column(t.text)}, ${column(t.height)} = excluded.${column(t.height)}, ${column(t.edited)} = 1`,
        );
      }
      for (const u of unsafe) {
        await db
          .update(marketListings)
          .set({ unsafeReason: u.reason, unsafeHeight: u.height })
          // The branch's own row: the marketplace is read on the root chain's main (docs/market.md).
          .where(and(eq(marketListings.repo, repo), eq(marketListings.branch, branch), eq(marketListings.package, u.package), eq(marketListings.version, u.version)));
      }
    },
  };
}
