"use client";
import Link from "next/link";
import { Panel } from "@/components/ui/Panel";
import { Table, Td, Th } from "@/components/ui/Table";
import { chainHref } from "../repoPaths";
import { cellText, keyText } from "./cellText";
import type { RowDiff, TableDiff } from "./compareTypes";
import { RowKindBadge } from "./RowKindBadge";

/** One cell of a row: a changed cell as old → new, highlighted; an added or removed row whole. */
function DiffCell({ row, column }: { row: RowDiff; column: string }) {
  if (row.kind === "added") return <span className="text-emerald-800">{cellText(row.after?.[column])}</span>;
  if (row.kind === "removed") return <span className="text-red-800 line-through">{cellText(row.before?.[column])}</span>;
  if (!row.changed.includes(column)) return <span className="text-zinc-500">{cellText(row.after?.[column])}</span>;
  return (
    <span className="rounded bg-amber-100 px-1 ring-1 ring-amber-300" data-testid="diff-cell-changed" data-column={column}>
      <span className="text-red-700 line-through" data-testid="diff-cell-old">
        {cellText(row.before?.[column])}
      </span>
      <span className="px-1 text-zinc-500">→</span>
      <span className="font-medium text-emerald-800" data-testid="diff-cell-new">
        {cellText(row.after?.[column])}
      </span>
    </span>
  );
}

const ROW_TONE: Record<RowDiff["kind"], string> = { added: "bg-emerald-50/60", removed: "bg-red-50/60", changed: "" };

/** A contract table's changed rows: kind, key, and every column. */
function TableDiffPanel({ repo, branch, table }: { repo: string; branch: string; table: TableDiff }) {
  const title = (
    <span>
      <Link href={chainHref(repo, `/contract/${table.contract}`, branch)} className="text-blue-700 hover:underline">
        {table.contractName ?? table.contract.slice(0, 12)}
      </Link>
      <span className="px-1 text-zinc-400">·</span>
      <span className="mono">{table.table}</span>
    </span>
  );
  const counts = (
    <span data-testid="diff-table-counts">
      <span className="text-emerald-700">+{table.added}</span> <span className="text-red-700">−{table.removed}</span> <span className="text-amber-700">~{table.changed}</span>
    </span>
  );
  return (
    <Panel title={title} actions={counts} testId="diff-table">
      <div data-table={table.table} data-contract={table.contract}>
        <Table>
          <thead>
            <tr>
              <Th />
              {table.columns.map((c) => (
                <Th key={c}>
                  {c}
                  {table.primaryKey.includes(c) ? <span className="pl-1 text-[10px] text-zinc-400 normal-case" title="Primary key">key</span> : null}
                </Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={JSON.stringify(row.key)} className={ROW_TONE[row.kind]} data-testid="diff-row" data-kind={row.kind} data-key={keyText(row.key)}>
                <Td>
                  <RowKindBadge kind={row.kind} />
                </Td>
                {table.columns.map((c) => (
                  <Td key={c} className="mono text-xs break-all">
                    <DiffCell row={row} column={c} />
                  </Td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </Panel>
  );
}

/** Every table that changed, one panel each; `branch` is where links to contracts read. */
export function DiffTables({ repo, branch, tables }: { repo: string; branch: string; tables: readonly TableDiff[] }) {
  if (tables.length === 0) {
    return (
      <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500" data-testid="diff-no-rows">
        No contract rows changed.
      </p>
    );
  }
  return (
    <div className="space-y-4" data-testid="diff-tables">
      {tables.map((t) => (
        <TableDiffPanel key={`${t.contract}/${t.table}`} repo={repo} branch={branch} table={t} />
      ))}
    </div>
  );
}
