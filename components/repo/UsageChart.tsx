import { formatUtc } from "@/components/ui/format";
import { niceCeiling } from "@/components/ui/chartScale";

const W = 640;
const H = 170;
const PAD = { top: 10, right: 8, bottom: 22, left: 48 } as const;


/** 1234567 → "1.2M": axis labels stay short. */
export function compactNumber(n: number): string {
  return new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

function clock(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return spanMs > 36 * 3_600_000 ? `${d.getUTCMonth() + 1}/${d.getUTCDate()} ${hm}` : hm;
}

export type UsageBar = { readonly from: number; readonly to: number; readonly value: number };

/**
 * One measure of a repository's usage per time bucket, oldest on the left, as plain SVG bars (no
 * chart library, like the explorer's throughput chart). Each bar's tooltip says its bucket and value.
 */
export function UsageChart({ title, bars, unit, color, testId }: { title: string; bars: readonly UsageBar[]; unit: string; color: string; testId: string }) {
  const max = bars.reduce((m, b) => Math.max(m, b.value), 0);
  const total = bars.reduce((s, b) => s + b.value, 0);
  const yMax = niceCeiling(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slotW = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, slotW * 0.72);
  const y = (v: number) => PAD.top + plotH - (v / yMax) * plotH;
  const first = bars[0];
  const last = bars[bars.length - 1];
  const span = first && last ? last.to - first.from : 0;

  return (
    <figure data-testid={testId} data-total={total}>
      <figcaption className="mb-1 flex items-baseline justify-between gap-3 text-xs text-zinc-500">
        <span className="font-medium text-zinc-800">{title}</span>
        <span>
          total <strong className="font-semibold text-zinc-800 tabular-nums">{compactNumber(total)}</strong> {unit} · peak <span className="tabular-nums">{compactNumber(max)}</span>
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`${title}: ${total} ${unit} in ${bars.length} intervals`}>
        {[0, yMax / 2, yMax].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#a1a1aa" : "#e4e4e7"} strokeDasharray={v === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 6} y={y(v) + 3.5} textAnchor="end" fontSize="10" fill="#71717a">
              {compactNumber(v)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = PAD.left + i * slotW + (slotW - barW) / 2;
          const top = b.value === 0 ? y(0) - 1 : y(b.value);
          return (
            <g key={b.from}>
              <title>{`${formatUtc(b.from)} – ${clock(b.to, 0)}: ${b.value.toLocaleString("en")} ${unit}`}</title>
              <rect x={PAD.left + i * slotW} y={PAD.top} width={slotW} height={plotH} fill="transparent" />
              <rect x={x} y={top} width={barW} height={Math.max(1, y(0) - top)} rx={1} fill={b.value === 0 ? "#d4d4d8" : color} />
            </g>
          );
        })}
        {first ? (
          <text x={PAD.left} y={H - 6} fontSize="10" fill="#71717a">
            {clock(first.from, span)} UTC
          </text>
        ) : null}
        {last ? (
          <text x={W - PAD.right} y={H - 6} fontSize="10" fill="#71717a" textAnchor="end">
            {clock(last.to, span)} UTC
          </text>
        ) : null}
      </svg>
    </figure>
  );
}
