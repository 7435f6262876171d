/**
 * The shelf's filters as they live in the URL (`/market?q=&tag=&price=&sort=&page=`): parsed with
 * zod where the URL comes in (a bad value falls back to its default instead of failing the page),
 * and written back by `browseHref` so every filter link keeps the others.
 */
import type { inferRouterInputs } from "@trpc/server";
import { z } from "zod";
import type { AppRouter } from "@/server/api/root";

type BrowseInput = inferRouterInputs<AppRouter>["market"]["list"];
export type MarketSort = NonNullable<BrowseInput["sort"]>;

export const SORTS = [
  { value: "new", label: "Newest" },
  { value: "installs", label: "Most installed" },
  { value: "rating", label: "Best rated" },
  { value: "sales", label: "Best selling" },
  { value: "price", label: "Cheapest" },
] as const satisfies readonly { value: MarketSort; label: string }[];

export const PAGE_SIZE = 24;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
const text = (max: number) => z.preprocess(first, z.string().trim().max(max).optional()).catch(undefined);

export const ZBrowseParams = z.object({
  q: text(100),
  tag: z.preprocess(first, z.string().regex(/^[a-z0-9][a-z0-9-]{0,23}$/).optional()).catch(undefined),
  price: z.preprocess(first, z.enum(["free", "paid"]).optional()).catch(undefined),
  sort: z.preprocess(first, z.enum(SORTS.map((s) => s.value) as [MarketSort, ...MarketSort[]]).default("new")).catch("new"),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(1000).default(1)).catch(1),
});
export type BrowseParams = z.infer<typeof ZBrowseParams>;

export function parseBrowseParams(search: Record<string, string | string[] | undefined>): BrowseParams {
  return ZBrowseParams.parse(search);
}

/** The router's input for one page of the shelf. */
export function browseInput(p: BrowseParams) {
  return { ...(p.q ? { q: p.q } : {}), ...(p.tag ? { tag: p.tag } : {}), ...(p.price ? { price: p.price } : {}), sort: p.sort, limit: PAGE_SIZE, offset: (p.page - 1) * PAGE_SIZE };
}

/** `/market` with these filters; a changed filter starts again at page 1 unless a page is given. */
export function browseHref(p: BrowseParams, change: Partial<BrowseParams>): string {
  const next = { ...p, page: 1, ...change };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.tag) params.set("tag", next.tag);
  if (next.price) params.set("price", next.price);
  if (next.sort !== "new") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  const s = params.toString();
  return s ? `/market?${s}` : "/market";
}
