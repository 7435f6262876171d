/**
 * The marketplace's index reads: browse (search, tag, price, sort), a package's versions with
 * their counts, reviews, a buyer's purchases, a publisher's sales, and the hub's install records.
 * The marketplace lives on the root chain's main branch (docs/market.md): every read is of
 * `repo`'s main rows. Malformed input answers [] / null, like every index read.
 */
import { and, asc, avg, count, desc, eq, gte, ilike, inArray, or, sql, sum, type SQL } from "drizzle-orm";
import { z } from "zod";
import { MAIN_BRANCH_ID } from "../../chain/store/types.ts";
import type { IndexDatabase } from "../client.ts";
import { marketInstalls, marketListings, marketPurchases, marketReviews } from "../schema.ts";
import { parseInput, ZAddress, ZRepo } from "./inputs.ts";

const ZPackage = z.string().regex(/^[a-z][a-z0-9_-]{2,39}$/);
const ZVersion = z.string().min(5).max(64);

export const MARKET_SORTS = ["installs", "rating", "new", "sales", "price"] as const;
export const ZMarketQuery = z.object({
  repo: ZRepo,
  q: z.string().max(100).optional(),
  tag: z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/).optional(),
  price: z.enum(["free", "paid"]).optional(),
  sort: z.enum(MARKET_SORTS).default("new"),
  limit: z.number().int().min(1).max(100).default(24),
  offset: z.number().int().min(0).max(100_000).default(0),
});
export type TMarketQuery = z.input<typeof ZMarketQuery>;

/** A package on the shelf: its latest version's listing and the package's counts over all versions. */
export type MarketCardJSON = {
  readonly package: string;
  readonly version: string;
  readonly publisher: string;
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  readonly license: string;
  readonly tags: readonly string[];
  readonly priceAer: string;
  readonly sourceRepo: string;
  readonly height: number;
  readonly unsafeReason: string | null;
  readonly sales: number;
  readonly installs: number;
  readonly rating: number | null;
  readonly reviews: number;
};

const main = (repo: string) => and(eq(marketListings.repo, repo), eq(marketListings.branch, MAIN_BRANCH_ID));
// `%` and `_` in a search are literal characters, not patterns.
const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function stats(db: IndexDatabase, repo: string) {
  const sales = db
    .select({ package: marketPurchases.package, sales: count().as("sales") })
    .from(marketPurchases)
    .where(and(eq(marketPurchases.repo, repo), eq(marketPurchases.branch, MAIN_BRANCH_ID)))
    .groupBy(marketPurchases.package)
    .as("s");
  const reviews = db
    .select({ package: marketReviews.package, rating: avg(marketReviews.rating).as("rating"), reviews: count().as("reviews") })
    .from(marketReviews)
    .where(and(eq(marketReviews.repo, repo), eq(marketReviews.branch, MAIN_BRANCH_ID)))
    .groupBy(marketReviews.package)
    .as("r");
  const installs = db.select({ package: marketInstalls.package, installs: count().as("installs") }).from(marketInstalls).groupBy(marketInstalls.package).as("i");
  return { sales, reviews, installs };
}

/** Browse the marketplace: one card per package (its newest version), filtered and sorted. */
export async function listMarket(db: IndexDatabase, input: TMarketQuery): Promise<{ cards: MarketCardJSON[]; total: number }> {
  const query = parseInput(ZMarketQuery, input);
  if (query === null) return { cards: [], total: 0 };
  const latest = db
    .selectDistinctOn([marketListings.package])
    .from(marketListings)
    .where(main(query.repo))
    .orderBy(marketListings.package, desc(marketListings.height), desc(marketListings.version))
    .as("l");
  const { sales, reviews, installs } = stats(db, query.repo);
  const filters: (SQL | undefined)[] = [];
  if (query.q?.trim()) {
    const like = likeText(query.q.trim());
    filters.push(or(ilike(latest.package, like), ilike(latest.title, like), ilike(latest.description, like)));
  }
  if (query.tag) filters.push(sql`${latest.tags} @> ${JSON.stringify([query.tag])}::jsonb`);
  if (query.price === "free") filters.push(eq(latest.priceAer, "0"));
  if (query.price === "paid") filters.push(gte(latest.priceAer, "1"));
  const where = and(...filters);
  const salesN = sql<number>`coalesce(${sales.sales}, 0)`.mapWith(Number);
  const installsN = sql<number>`coalesce(${installs.installs}, 0)`.mapWith(Number);
  const rating = sql<number | null>`${reviews.rating}`.mapWith((v) => (v === null ? null : Math.round(Number(v) * 10) / 10));
  const order =
    query.sort === "installs"
      ? [desc(installsN), desc(latest.height)]
      : query.sort === "rating"
        ? [sql`${reviews.rating} desc nulls last`, desc(latest.height)]
        : query.sort === "sales"
          ? [desc(salesN), desc(latest.height)]
          : query.sort === "price"
            ? [asc(latest.priceAer), desc(latest.height)]
            : [desc(latest.height), asc(latest.package)];
  const rows = await db
    .select({
      package: latest.package,
      version: latest.version,
      publisher: latest.publisher,
      kind: latest.kind,
      title: latest.title,
      description: latest.description,
      license: latest.license,
      tags: latest.tags,
      priceAer: latest.priceAer,
      sourceRepo: latest.sourceRepo,
      height: latest.height,
      unsafeReason: latest.unsafeReason,
      sales: salesN,
      installs: installsN,
      rating,
      reviews: sql<number>`coalesce(${reviews.reviews}, 0)`.mapWith(Number),
    })
    .from(latest)
    .leftJoin(sales, eq(sales.package, latest.package))
    .leftJoin(reviews, eq(reviews.package, latest.package))
    .leftJoin(installs, eq(installs.package, latest.package))
    .where(where)
    .orderBy(...order)
    .limit(query.limit)
    .offset(query.offset);
  const [total] = await db.select({ n: count() }).from(latest).where(where);
  return { cards: rows, total: total?.n ?? 0 };
}

/** The tags in use, most used first (the browse page's filter). */
export async function listMarketTags(db: IndexDatabase, repo: string): Promise<{ tag: string; packages: number }[]> {
  if (parseInput(ZRepo, repo) === null) return [];
  const rows = await db.execute<{ tag: string; packages: number | string }>(
    sql`select t.tag, count(distinct l.package) as packages from ${marketListings} l, jsonb_array_elements_text(l.tags) as t(tag) where l.repo = ${repo} and l.branch = ${MAIN_BRANCH_ID} group by t.tag order by packages desc, t.tag limit 50`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as { rows: { tag: string; packages: number | string }[] }).rows) as { tag: string; packages: number | string }[];
  return list.map((r) => ({ tag: r.tag, packages: Number(r.packages) }));
}

export type VersionStatsJSON = {
  readonly version: string;
  readonly priceAer: string;
  readonly height: number;
  readonly sourceHash: string;
  readonly unsafeReason: string | null;
  readonly sales: number;
  readonly installs: number;
  readonly rating: number | null;
  readonly reviews: number;
};

/** Every version of a package, newest first, with its own counts. */
export async function listPackageVersions(db: IndexDatabase, repo: string, pkg: string): Promise<VersionStatsJSON[]> {
  if (parseInput(ZRepo, repo) === null || parseInput(ZPackage, pkg) === null) return [];
  const listed = await db
    .select({ version: marketListings.version, priceAer: marketListings.priceAer, height: marketListings.height, sourceHash: marketListings.sourceHash, unsafeReason: marketListings.unsafeReason })
    .from(marketListings)
    .where(and(main(repo), eq(marketListings.package, pkg)))
    .orderBy(desc(marketListings.height))
    .limit(200);
  if (listed.length === 0) return [];
  const [sales, reviews, installs] = await Promise.all([
    db.select({ version: marketPurchases.version, n: count() }).from(marketPurchases).where(and(eq(marketPurchases.repo, repo), eq(marketPurchases.branch, MAIN_BRANCH_ID), eq(marketPurchases.package, pkg))).groupBy(marketPurchases.version),
    db.select({ version: marketReviews.version, n: count(), rating: avg(marketReviews.rating) }).from(marketReviews).where(and(eq(marketReviews.repo, repo), eq(marketReviews.branch, MAIN_BRANCH_ID), eq(marketReviews.package, pkg))).groupBy(marketReviews.version),
    db.select({ version: marketInstalls.version, n: count() }).from(marketInstalls).where(eq(marketInstalls.package, pkg)).groupBy(marketInstalls.version),
  ]);
  return listed.map((l) => {
    const r = reviews.find((x) => x.version === l.version);
    return {
      ...l,
      sales: sales.find((x) => x.version === l.version)?.n ?? 0,
      installs: installs.find((x) => x.version === l.version)?.n ?? 0,
      rating: r?.rating == null ? null : Math.round(Number(r.rating) * 10) / 10,
      reviews: r?.n ?? 0,
    };
  });
}

export type MarketReviewJSON = { readonly package: string; readonly version: string; readonly buyer: string; readonly rating: number; readonly text: string; readonly height: number; readonly edited: boolean };

/** A package's reviews (of one version when given), newest first. */
export async function listMarketReviews(db: IndexDatabase, repo: string, pkg: string, version?: string, limit = 50): Promise<MarketReviewJSON[]> {
  if (parseInput(ZRepo, repo) === null || parseInput(ZPackage, pkg) === null || (version !== undefined && parseInput(ZVersion, version) === null)) return [];
  const rows = await db
    .select()
    .from(marketReviews)
    .where(and(eq(marketReviews.repo, repo), eq(marketReviews.branch, MAIN_BRANCH_ID), eq(marketReviews.package, pkg), version === undefined ? undefined : eq(marketReviews.version, version)))
    .orderBy(desc(marketReviews.height))
    .limit(Math.min(Math.max(1, limit), 200));
  return rows.map((r) => ({ package: r.package, version: r.version, buyer: r.buyer, rating: r.rating, text: r.text, height: r.height, edited: r.edited === 1 }));
}

export type MarketSaleJSON = { readonly package: string; readonly version: string; readonly buyer: string; readonly publisher: string; readonly priceAer: string; readonly feeAer: string; readonly height: number; readonly timestamp: number; readonly txHash: string };

const saleColumns = {
  package: marketPurchases.package,
  version: marketPurchases.version,
  buyer: marketPurchases.buyer,
  publisher: marketPurchases.publisher,
  priceAer: marketPurchases.priceAer,
  feeAer: marketPurchases.feeAer,
  height: marketPurchases.height,
  timestamp: marketPurchases.timestamp,
  txHash: marketPurchases.txHash,
};

/** What `buyer` bought, newest first. */
export async function listPurchasesOf(db: IndexDatabase, repo: string, buyer: string, limit = 100): Promise<MarketSaleJSON[]> {
  if (parseInput(ZRepo, repo) === null || parseInput(ZAddress, buyer) === null) return [];
  return db
    .select(saleColumns)
    .from(marketPurchases)
    .where(and(eq(marketPurchases.repo, repo), eq(marketPurchases.branch, MAIN_BRANCH_ID), eq(marketPurchases.buyer, buyer)))
    .orderBy(desc(marketPurchases.height))
    .limit(Math.min(Math.max(1, limit), 500));
}

export type PublisherDashboardJSON = {
  readonly listings: readonly (MarketCardJSON & { readonly versions: number })[];
  readonly sales: readonly MarketSaleJSON[];
  /** Revenue per UTC day (the publisher's share, after the hub fee), oldest first. */
  readonly revenueByDay: readonly { readonly day: string; readonly sales: number; readonly revenueAer: string; readonly feesAer: string }[];
  readonly totals: { readonly sales: number; readonly grossAer: string; readonly feesAer: string; readonly revenueAer: string };
};

/** A publisher's listings, sales (each one a payout in its own transaction), revenue by day and totals. */
export async function publisherDashboard(db: IndexDatabase, repo: string, publisher: string): Promise<PublisherDashboardJSON> {
  const empty = { listings: [], sales: [], revenueByDay: [], totals: { sales: 0, grossAer: "0", feesAer: "0", revenueAer: "0" } };
  if (parseInput(ZRepo, repo) === null || parseInput(ZAddress, publisher) === null) return empty;
  const byPublisher = and(eq(marketPurchases.repo, repo), eq(marketPurchases.branch, MAIN_BRANCH_ID), eq(marketPurchases.publisher, publisher));
  const [packages, sales, days, totals] = await Promise.all([
    db.select({ package: marketListings.package, versions: count() }).from(marketListings).where(and(main(repo), eq(marketListings.publisher, publisher))).groupBy(marketListings.package),
    db.select(saleColumns).from(marketPurchases).where(byPublisher).orderBy(desc(marketPurchases.height)).limit(200),
    db
      .select({
        day: sql<string>`to_char(to_timestamp(${marketPurchases.timestamp} / 1000.0) at time zone 'UTC', 'YYYY-MM-DD')`.as("day"),
        sales: count(),
        gross: sum(marketPurchases.priceAer),
        fees: sum(marketPurchases.feeAer),
      })
      .from(marketPurchases)
      .where(byPublisher)
      .groupBy(sql`1`)
      .orderBy(sql`1`),
    db.select({ sales: count(), gross: sum(marketPurchases.priceAer), fees: sum(marketPurchases.feeAer) }).from(marketPurchases).where(byPublisher),
  ]);
  const names = packages.map((p) => p.package);
  const cards = names.length ? (await listMarket(db, { repo, limit: 100, sort: "new" })).cards : [];
  // Shelf cards of this publisher's packages; a package with more than 100 newer neighbours is fetched on its own.
  const listings = await Promise.all(
    packages.map(async (p) => {
      const card = cards.find((c) => c.package === p.package) ?? (await cardOf(db, repo, p.package));
      return card ? { ...card, versions: p.versions } : null;
    }),
  );
  const net = (gross: string | null, fees: string | null) => (BigInt(gross ?? "0") - BigInt(fees ?? "0")).toString();
  const t = totals[0];
  return {
    listings: listings.filter((l): l is NonNullable<typeof l> => l !== null),
    sales,
    revenueByDay: days.map((d) => ({ day: d.day, sales: d.sales, revenueAer: net(d.gross, d.fees), feesAer: d.fees ?? "0" })),
    totals: { sales: t?.sales ?? 0, grossAer: t?.gross ?? "0", feesAer: t?.fees ?? "0", revenueAer: net(t?.gross ?? null, t?.fees ?? null) },
  };
}

async function cardOf(db: IndexDatabase, repo: string, pkg: string): Promise<MarketCardJSON | null> {
  const { cards } = await listMarket(db, { repo, q: pkg, limit: 100 });
  return cards.find((c) => c.package === pkg) ?? null;
}

/** Records that a version's sources were copied into a repository's branch (one row per target). */
export async function recordInstall(db: IndexDatabase, row: typeof marketInstalls.$inferInsert): Promise<void> {
  await db
    .insert(marketInstalls)
    .values(row)
    .onConflictDoUpdate({ target: [marketInstalls.package, marketInstalls.version, marketInstalls.targetRepo, marketInstalls.targetBranch], set: { folder: row.folder, installedAt: row.installedAt, buyer: row.buyer } });
}

/** The installs of `packages` into `repos` (a person's own view of where they installed what). */
export async function listInstallsInto(db: IndexDatabase, repos: readonly string[], packages?: readonly string[]) {
  if (repos.length === 0) return [];
  return db
    .select()
    .from(marketInstalls)
    .where(and(inArray(marketInstalls.targetRepo, [...repos]), packages?.length ? inArray(marketInstalls.package, [...packages]) : undefined))
    .orderBy(desc(marketInstalls.installedAt))
    .limit(200);
}
