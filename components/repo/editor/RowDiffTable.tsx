"use client";
import type { RowDiff } from "@/chain/sql/simulate";
import { ContractValue } from "@/components/explorer/ContractValue";

const OP_STYLE: Record<RowDiff["op"], string> = { insert: "text-emerald-700", update: "text-blue-700", delete: "text-red-700" };

function Row({ row }: { row: Record<string, unknown> | null }) {
  if (!row) return <span className="text-zinc-400">—</span>;
  return (
    <span className="flex flex-wrap gap-x-2">
      {Object.entries(row).map(([k, v]) => (
        <span key={k} className="whitespace-nowrap">
          <span className="text-zinc-500">{k}=</span>
          <ContractValue value={v} />
        </span>
      ))}
    </span>
  );
}

/** The rows a simulated call inserts, updates and deletes: before and after, per table. */
export function RowDiffTable({ diff }: { diff: readonly RowDiff[] }) {
  return (
    <div className="overflow-x-auto" data-testid="simulate-diff" data-rows={diff.length}>
      {diff.length === 0 ? (
        <p className="text-xs text-zinc-500">No rows changed.</p>
      ) : (
        <table className="w-full border-collapse text-xs">
          <thead>
            <tr className="text-left text-zinc-500">
              <th className="border-b border-zinc-200 py-1 pr-2 font-medium">Table</th>
              <th className="border-b border-zinc-200 py-1 pr-2 font-medium">Change</th>
              <th className="border-b border-zinc-200 py-1 pr-2 font-medium">Before</th>
              <th className="border-b border-zinc-200 py-1 font-medium">After</th>
            </tr>
          </thead>
          <tbody>
            {diff.map((d, i) => (
              <tr key={i} className="align-top" data-testid="simulate-diff-row" data-table={d.table} data-op={d.op}>
                <td className="mono border-b border-zinc-100 py-1 pr-2">{d.table}</td>
                <td className={`border-b border-zinc-100 py-1 pr-2 font-medium ${OP_STYLE[d.op]}`}>{d.op}</td>
                <td className="mono border-b border-zinc-100 py-1 pr-2">
                  <Row row={d.before} />
                </td>
                <td className="mono border-b border-zinc-100 py-1">
                  <Row row={d.after} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
