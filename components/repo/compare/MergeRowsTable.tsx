import { Badge } from "@/components/ui/Badge";
import { Table, Td, Th } from "@/components/ui/Table";
import { cellText, keyText } from "./cellText";
import type { MergeRow } from "./compareTypes";

const HOW: Record<MergeRow["how"], string> = {
  theirs: "only the source changed it",
  additive: "ADDITIVE: both sides' changes added",
  "last-writer": "LAST WRITER wins",
  "first-writer": "FIRST WRITER wins",
  resolve: "RESOLVE WITH the contract's rule",
  person: "your resolution",
};

/** A row's cells after the merge (null: deleted), changed cells highlighted against the target's. */
function MergedCells({ row }: { row: MergeRow }) {
  if (row.merged === null) return <span className="text-red-700">deleted</span>;
  return (
    <span className="flex flex-wrap gap-x-3 gap-y-1">
      {row.columns.map((c) => {
        const changed = cellText(row.ours?.[c]) !== cellText(row.merged?.[c]);
        return (
          <span key={c} className={changed ? "rounded bg-amber-100 px-1 ring-1 ring-amber-300" : "text-zinc-500"} data-testid={changed ? "merge-row-cell-changed" : undefined}>
            {c}={changed && row.ours ? <span className="text-red-700 line-through">{cellText(row.ours[c])}</span> : null}
            {changed && row.ours ? " → " : null}
            <span className={changed ? "font-medium text-emerald-800" : ""}>{cellText(row.merged?.[c])}</span>
          </span>
        );
      })}
    </span>
  );
}

/** Consistent mode: every row the merge writes on the target, and how it was settled. */
export function MergeRowsTable({ rows, pending }: { rows: readonly MergeRow[]; pending: number }) {
  if (rows.length === 0) return <p className="px-4 py-3 text-sm text-zinc-500">{pending ? "No rows settled yet: the conflicts below come first." : "The merge writes no rows."}</p>;
  return (
    <Table testId="merge-rows">
      <thead>
        <tr>
          <Th>Table</Th>
          <Th>Key</Th>
          <Th>Row on the target after the merge</Th>
          <Th>How</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.contract}/${r.table}/${JSON.stringify(r.key)}`} data-testid="merge-row" data-how={r.how} data-key={keyText(r.key)}>
            <Td>
              <span className="mono">{r.contractName ? `${r.contractName}.` : ""}{r.table}</span>
            </Td>
            <Td className="mono text-xs break-all">{keyText(r.key)}</Td>
            <Td className="mono text-xs break-all">
              <MergedCells row={r} />
            </Td>
            <Td>
              <Badge tone={r.how === "person" ? "blue" : r.how === "theirs" ? "gray" : "green"} title={HOW[r.how]}>
                {r.how}
              </Badge>
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
