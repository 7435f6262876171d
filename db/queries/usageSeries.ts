import { sql } from "drizzle-orm";
import { z } from "zod";
import type { IndexDatabase } from "../client.ts";
import { parseInput, ZRepo } from "./inputs.ts";

export const ZUsageSeriesInput = z.object({
  repo: ZRepo,
  /** The window ends now and reaches this far back. */
  windowMs: z.number().int().min(60_000).max(366 * 24 * 3_600_000),
  buckets: z.number().int().min(1).max(200),
  now: z.number().int().min(0),
});
export type TUsageSeriesInput = z.input<typeof ZUsageSeriesInput>;

export type UsagePointJSON = {
  readonly from: number;
  readonly to: number;
  readonly blocks: number;
  readonly txCount: number;
  readonly gasUsed: number;
  /** Bytes of transactions stored in this bucket. */
  readonly bytes: number;
  /** Bytes of all transactions stored up to the end of this bucket: the chain's growth. */
  readonly totalBytes: number;
};

/**
 * A repository's usage over time for its admins: blocks, transactions, gas and stored bytes per
 * equal time bucket, oldest first, every bucket present (zeros where nothing happened).
 */
export async function usageSeries(db: IndexDatabase, input: TUsageSeriesInput): Promise<UsagePointJSON[]> {
  const q = parseInput(ZUsageSeriesInput, input);
  if (q === null) return [];
  const from = q.now - q.windowMs;
  const width = Math.ceil(q.windowMs / q.buckets);
  const rows = (await db.execute(sql`
    with b as (
      select branch, height, "timestamp", tx_count, gas_used from blocks
      where repo = ${q.repo} and "timestamp" >= ${from} and "timestamp" < ${q.now}
    ), t as (
      select branch, block_height, sum(size)::bigint as bytes from txs
      where repo = ${q.repo} and block_height >= (select coalesce(min(height), 0) from b)
      group by branch, block_height
    )
    select floor((b."timestamp" - ${from}) / ${width})::int as bucket, count(*)::int as blocks,
      sum(b.tx_count)::bigint as tx_count, sum(b.gas_used)::bigint as gas_used, coalesce(sum(t.bytes), 0)::bigint as bytes
    from b left join t on t.branch = b.branch and t.block_height = b.height
    group by bucket order by bucket`)) as unknown as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  const before = (await db.execute(sql`
    select coalesce(sum(t.size), 0)::bigint as bytes from txs t join blocks b on b.repo = t.repo and b.branch = t.branch and b.height = t.block_height
    where t.repo = ${q.repo} and b."timestamp" < ${from}`)) as unknown as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
  const list = (r: typeof rows) => (Array.isArray(r) ? r : (r.rows ?? []));
  const byBucket = new Map(list(rows).map((r) => [Number(r.bucket), r]));
  let total = Number(list(before)[0]?.bytes ?? 0);
  return Array.from({ length: q.buckets }, (_, i) => {
    const r = byBucket.get(i);
    const bytes = Number(r?.bytes ?? 0);
    total += bytes;
    return { from: from + i * width, to: Math.min(q.now, from + (i + 1) * width), blocks: Number(r?.blocks ?? 0), txCount: Number(r?.tx_count ?? 0), gasUsed: Number(r?.gas_used ?? 0), bytes, totalBytes: total };
  });
}
