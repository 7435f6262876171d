import type { RouterOutputs } from "@/components/providers/trpc";
import { niceCeiling } from "@/components/ui/chartScale";
import { formatInteger } from "@/components/ui/format";

type ThroughputPoint = RouterOutputs["chain"]["throughput"][number];

const W = 640;
const H = 230;
const PAD = { top: 10, right: 8, bottom: 22, left: 34 } as const;


/**
 * Transactions per block over the last `slots` blocks, newest on the right, drawn as plain SVG
 * bars (no chart library). Each bar links to its block.
 */
export function ThroughputChart({ points, slots }: { points: readonly ThroughputPoint[]; slots: number }) {
  const shown = points.slice(-slots);
  const max = shown.reduce((m, p) => Math.max(m, p.txCount), 0);
  const total = shown.reduce((s, p) => s + p.txCount, 0);
  const first = shown[0];
  const last = shown[shown.length - 1];
  // The rate counts the blocks after the window's first (whose txs took the time before it), and never genesis's made-up timestamp.
  const timed = shown.filter((p) => p.height > 0);
  const since = timed[0];
  const timedTxs = timed.slice(1).reduce((s, p) => s + p.txCount, 0);
  const spanSeconds = since && last && last.timestamp > since.timestamp ? (last.timestamp - since.timestamp) / 1000 : 0;
  const yMax = niceCeiling(max);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slotW = plotW / slots;
  const barW = Math.max(1, slotW * 0.72);
  const y = (v: number) => PAD.top + plotH - (v / yMax) * plotH;
  // Right-aligned: while the chain is young the bars grow in from the right edge.
  const offset = slots - shown.length;

  return (
    <figure data-testid="throughput-chart">
      <figcaption className="mb-2 flex flex-wrap gap-x-5 gap-y-1 text-xs text-zinc-500">
        <span>
          avg <strong className="font-semibold text-zinc-800 tabular-nums">{shown.length ? (total / shown.length).toFixed(1) : "0"}</strong> tx/block
        </span>
        <span>
          peak <strong className="font-semibold text-zinc-800 tabular-nums">{formatInteger(max)}</strong>
        </span>
        <span>
          <strong className="font-semibold text-zinc-800 tabular-nums">{spanSeconds ? (timedTxs / spanSeconds).toFixed(1) : "0"}</strong> tx/s
        </span>
        <span>
          <strong className="font-semibold text-zinc-800 tabular-nums">{formatInteger(total)}</strong> txs in {shown.length} blocks
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label={`Transactions per block over the last ${shown.length} blocks`}>
        {[0, yMax / 2, yMax].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={v === 0 ? "#a1a1aa" : "#e4e4e7"} strokeDasharray={v === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 6} y={y(v) + 3.5} textAnchor="end" fontSize="10" fill="#71717a">
              {formatInteger(v)}
            </text>
          </g>
        ))}
        {shown.map((p, i) => {
          const x = PAD.left + (offset + i) * slotW + (slotW - barW) / 2;
          const top = p.txCount === 0 ? y(0) - 1 : y(p.txCount);
          return (
            <a key={p.height} href={`/block/${p.height}`}>
              <title>{`Block #${p.height}: ${p.txCount} tx${p.txCount === 1 ? "" : "s"}`}</title>
              {/* A full-height hit area keeps thin bars easy to point at. */}
              <rect x={PAD.left + (offset + i) * slotW} y={PAD.top} width={slotW} height={plotH} fill="transparent" />
              <rect x={x} y={top} width={barW} height={Math.max(1, y(0) - top)} rx={1} fill={p.txCount === 0 ? "#d4d4d8" : "#7c3aed"} />
            </a>
          );
        })}
        {first && shown.length > 8 ? (
          <text x={PAD.left + offset * slotW} y={H - 6} fontSize="10" fill="#71717a">
            #{first.height}
          </text>
        ) : null}
        {last ? (
          <text x={W - PAD.right} y={H - 6} fontSize="10" fill="#71717a" textAnchor="end">
            #{last.height}
          </text>
        ) : null}
      </svg>
    </figure>
  );
}
