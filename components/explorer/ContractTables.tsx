"use client";
import { useQuery } from "@tanstack/react-query";
import Form from "next/form";
import Link from "next/link";
import type { TableAbi } from "@/chain/sql/types";
import { useTRPC } from "@/components/providers/trpc";
import { BranchField } from "@/components/repo/BranchField";
import { chainHref } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { formatInteger } from "@/components/ui/format";
import { contractHref, contractPath, contractTableInput, TABLE_PAGE_SIZE } from "./ContractQueries";
import { INPUT_CLASS } from "./ContractParamInputs";
import { ContractCell, rowKey } from "./ContractCell";
import { RowHistory } from "./RowHistory";
import type { RowKeyValue } from "./rowParam";

/**
 * The Tables tab: one table's rows, up to 50 a page (fewer when the hub's 4 MiB page budget ends
 * it early), on the latest state or as of any block (the engine reads the contract's snapshot at
 * that block's state root). Cells over 4 KiB come as previews with a control that loads them
 * whole. The table, the offset and the height are in the URL, so every view of the data is a link.
 */
export function ContractTables({
  address,
  tables,
  table,
  offset,
  at,
  row: historyRow,
  repo,
}: {
  address: string;
  tables: readonly TableAbi[];
  table: string;
  offset: number;
  at: number | undefined;
  /** The row whose history is open under the table (its primary key). */
  row?: RowKeyValue[];
  repo?: string;
}) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const rows = useQuery({ ...trpc.contracts.table.queryOptions(contractTableInput(address, table, offset, at, repo, branch)), retry: false });
  const schema = tables.find((t) => t.name === table);
  const columns = rows.data?.columns ?? schema?.columns.map((c) => c.name) ?? [];
  const total = rows.data?.total ?? 0;
  const shown = rows.data?.rows.length ?? 0;
  const nextOffset = rows.data?.nextOffset ?? null;
  const href = (p: { table?: string; offset?: number; at?: number; row?: unknown[] }) =>
    contractHref(address, "tables", { table: p.table ?? table, offset: p.offset !== undefined && p.offset > 0 ? p.offset : undefined, at: "at" in p ? p.at : at, row: p.row ? JSON.stringify(p.row) : undefined }, repo, branch);
  const hasKey = (rows.data?.primaryKey.length ?? 0) > 0;

  return (
    <div className="space-y-4" data-testid="contract-tables">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Tables" className="flex flex-wrap gap-1.5">
          {tables.map((t) => (
            <Link
              key={t.name}
              href={href({ table: t.name, offset: 0 })}
              aria-current={t.name === table ? "page" : undefined}
              className={`mono rounded-md px-2.5 py-1 text-sm ring-1 ring-inset ${t.name === table ? "bg-zinc-900 text-white ring-zinc-900" : "bg-white text-zinc-700 ring-zinc-300 hover:bg-zinc-50"}`}
              data-testid={`table-pick-${t.name}`}
            >
              {t.name}
            </Link>
          ))}
        </nav>
        {/* A GET form: works without JavaScript; next/form keeps it a client-side navigation. */}
        <Form action={contractPath(address, repo)} className="flex items-end gap-2" data-testid="table-height-form">
          <input type="hidden" name="tab" value="tables" />
          <input type="hidden" name="table" value={table} />
          <BranchField branch={branch} />
          <label className="block text-sm">
            <span className="text-zinc-600">As of block</span>
            <input
              name="at"
              type="number"
              min={0}
              step={1}
              defaultValue={at ?? ""}
              key={at ?? "latest"}
              placeholder="latest"
              className={`${INPUT_CLASS} mt-1 w-36`}
              data-testid="table-height"
            />
          </label>
          <button type="submit" className="h-9 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700" data-testid="table-height-submit">
            Show
          </button>
          {at !== undefined ? (
            <Link href={href({ at: undefined, offset: 0 })} className="h-9 px-1 text-sm leading-9 text-blue-700 hover:underline">
              Latest
            </Link>
          ) : null}
        </Form>
      </div>

      <Panel
        title={
          <span>
            <span className="mono">{table}</span>{" "}
            <span className="font-normal text-zinc-500" data-testid="table-as-of">
              {at === undefined ? (
                "· latest state"
              ) : (
                <>
                  · as of block{" "}
                  <Link href={chainHref(repo, `/block/${at}`, branch)} className="mono text-blue-700 hover:underline">
                    #{at}
                  </Link>
                </>
              )}
            </span>
          </span>
        }
        actions={
          rows.data ? (
            <span className="flex items-center gap-3">
              <span data-testid="table-total">
                {total <= TABLE_PAGE_SIZE && offset === 0 && nextOffset === null
                  ? `${formatInteger(total)} row${total === 1 ? "" : "s"}`
                  : `rows ${formatInteger(Math.min(offset + 1, total))}–${formatInteger(offset + shown)} of ${formatInteger(total)}`}
              </span>
              {rows.data?.truncated ? (
                <span className="text-zinc-500" title="A page holds at most 4 MiB; the next page goes on from here." data-testid="table-page-cut">
                  (page cut at 4 MiB)
                </span>
              ) : null}
              {offset > 0 ? (
                <Link href={href({ offset: Math.max(0, offset - TABLE_PAGE_SIZE) })} className="text-blue-700 hover:underline">
                  ← Previous
                </Link>
              ) : null}
              {nextOffset !== null ? (
                <Link href={href({ offset: nextOffset })} className="text-blue-700 hover:underline" data-testid="table-next">
                  Next →
                </Link>
              ) : null}
            </span>
          ) : null
        }
        testId="table-rows-panel"
      >
        {rows.error ? (
          <p className="px-4 py-6 text-center text-sm text-red-700" data-testid="table-error">
            {rows.error.message}
          </p>
        ) : (
          <Table testId="table-rows">
            <thead>
              <tr>
                {columns.map((c) => {
                  const col = schema?.columns.find((x) => x.name === c);
                  return (
                    <Th key={c}>
                      <span className="normal-case">{c}</span>
                      {col ? <span className="ml-1.5 font-normal text-zinc-400">{col.type}</span> : null}
                      {col && col.pk > 0 ? <span className="ml-1.5 text-blue-600">PK</span> : null}
                    </Th>
                  );
                })}
                {hasKey ? <Th>{null}</Th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.data?.rows.map((row, i) => (
                <tr key={i} className="hover:bg-zinc-50">
                  {row.map((v, j) => (
                    <Td key={j}>
                      <ContractCell value={v} address={address} table={table} column={rows.data.columns[j] ?? ""} rowKey={rowKey(rows.data, row)} at={at} repo={repo} branch={branch} />
                    </Td>
                  ))}
                  {hasKey ? (
                    <Td align="right">
                      <Link href={href({ offset, row: rowKey(rows.data, row) })} scroll={false} className="text-xs text-blue-700 hover:underline" data-testid="row-history-open">
                        History
                      </Link>
                    </Td>
                  ) : null}
                </tr>
              ))}
              {rows.data && rows.data.rows.length === 0 ? (
                <EmptyRow colSpan={Math.max(columns.length, 1)}>{total > 0 ? "No rows on this page." : at === undefined ? "This table has no rows." : `This table had no rows after block #${at}.`}</EmptyRow>
              ) : null}
              {rows.isPending ? <EmptyRow colSpan={Math.max(columns.length, 1)}>Loading…</EmptyRow> : null}
            </tbody>
          </Table>
        )}
      </Panel>
      {historyRow ? <RowHistory key={JSON.stringify(historyRow)} address={address} table={table} rowKey={historyRow} closeHref={href({ offset })} repo={repo} branch={branch} /> : null}
    </div>
  );
}
