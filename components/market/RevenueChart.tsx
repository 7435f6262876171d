import { formatAergo } from "@/chain/amount";
import { compactNumber } from "@/components/repo/UsageChart";
import { niceCeiling } from "@/components/ui/chartScale";
import { groupDecimal } from "@/components/ui/format";

const W = 640;
const H = 170;
const PAD = { top: 10, right: 8, bottom: 22, left: 48 } as const;
const DAY_MS = 86_400_000;
/** The chart's window: the last days with sales, gaps filled with empty days. */
const MAX_DAYS = 30;

export type RevenueDay = { readonly day: string; readonly sales: number; readonly revenueAer: string };

/** Every UTC day from the first to the last with sales (at most the last MAX_DAYS), days without sales as zero. */
export function revenueDays(rows: readonly RevenueDay[]): { day: string; sales: number; aergo: number; aer: string }[] {
  const last = rows[rows.length - 1];
  if (!last) return [];
  const end = Date.parse(`${last.day}T00:00:00Z`);
  const start = Math.max(Date.parse(`${rows[0]!.day}T00:00:00Z`), end - (MAX_DAYS - 1) * DAY_MS);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const out = [];
  for (let t = start; t <= end; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    const r = byDay.get(day);
    // A chart's bar height only: the exact amounts stay decimal strings in the tooltip and tables.
    out.push({ day, sales: r?.sales ?? 0, aer: r?.revenueAer ?? "0", aergo: Number(formatAergo(BigInt(r?.revenueAer ?? "0"))) });
  }
  return out;
}

/** The publisher's revenue (after the hub fee) per UTC day, as plain SVG bars like the repository usage charts. */
export function RevenueChart({ rows }: { rows: readonly RevenueDay[] }) {
  const days = revenueDays(rows);
  const max = days.reduce((m, d) => Math.max(m, d.aergo), 0);
  const yMax = niceCeiling(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slotW = plotW / Math.max(1, days.length);
  const barW = Math.max(1, Math.min(48, slotW * 0.72));
  const y = (v: number) => PAD.top + plotH - (v / yMax) * plotH;
  if (days.length === 0) return <p className="px-4 py-6 text-center text-sm text-zinc-500" data-testid="revenue-chart-empty">No sales yet.</p>;
  return (
    <figure className="px-4 py-3" data-testid="revenue-chart" data-days={days.length}>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`Revenue per day over ${days.length} days`}>
        {[0, yMax / 2, yMax].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#a1a1aa" : "#e4e4e7"} strokeDasharray={v === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 6} y={y(v) + 3.5} textAnchor="end" fontSize="10" fill="#71717a">
              {compactNumber(v)}
            </text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * slotW + (slotW - barW) / 2;
          const top = d.aergo === 0 ? y(0) - 1 : y(d.aergo);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${groupDecimal(formatAergo(BigInt(d.aer)))} AERGO from ${d.sales} sale${d.sales === 1 ? "" : "s"}`}</title>
              <rect x={PAD.left + i * slotW} y={PAD.top} width={slotW} height={plotH} fill="transparent" />
              <rect x={x} y={top} width={barW} height={Math.max(1, y(0) - top)} rx={1} fill={d.aergo === 0 ? "#d4d4d8" : "#059669"} />
            </g>
          );
        })}
        <text x={PAD.left} y={H - 6} fontSize="10" fill="#71717a">
          {days[0]!.day}
        </text>
        {days.length > 1 ? (
          <text x={W - PAD.right} y={H - 6} fontSize="10" fill="#71717a" textAnchor="end">
            {days[days.length - 1]!.day}
          </text>
        ) : null}
      </svg>
    </figure>
  );
}
