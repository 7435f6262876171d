"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { isTruncatedCell } from "@/chain/readBounds";
import { useTRPC, type RouterOutputs } from "@/components/providers/trpc";
import { withRepo } from "@/components/repo/repoPaths";
import { formatInteger } from "@/components/ui/format";
import { ContractValue } from "./ContractValue";

/** One page of a contract table as the router answers it. */
export type ContractTablePage = RouterOutputs["contracts"]["table"];

/** The row's primary-key values, in key order: what names it to contracts.cell. */
export function rowKey(page: Pick<ContractTablePage, "columns" | "primaryKey">, row: readonly unknown[]): unknown[] {
  return page.primaryKey.map((k) => row[page.columns.indexOf(k)]);
}

/**
 * A table cell: the value itself, or, when the hub cut it to a preview (longer than 4 KiB), the
 * preview with its full length and a control that loads the whole value (contracts.cell).
 */
export function ContractCell({
  value,
  address,
  table,
  column,
  rowKey: key,
  at,
  repo,
  branch,
}: {
  value: unknown;
  address: string;
  table: string;
  column: string;
  rowKey: unknown[];
  at: number | undefined;
  repo?: string;
  branch?: string;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const truncated = isTruncatedCell(value) ? value : null;
  const input = withRepo(repo, { address, table, column, key: key as (string | number | boolean | null)[], ...(at === undefined ? {} : { height: at }) }, branch);
  const full = useQuery({ ...trpc.contracts.cell.queryOptions(input), enabled: open && truncated !== null, retry: false });
  if (!truncated) return <ContractValue value={value} repo={repo} branch={branch} />;
  if (open && full.data) {
    return (
      <span data-testid="cell-full">
        <span className="mono break-all whitespace-pre-wrap">{String(full.data.value)}</span>{" "}
        <button type="button" onClick={() => setOpen(false)} className="text-xs text-blue-700 hover:underline">
          Show less
        </button>
      </span>
    );
  }
  return (
    <span data-testid="cell-truncated">
      <span className="mono break-all whitespace-pre-wrap">{truncated.preview.slice(0, 120)}…</span>{" "}
      <span className="text-xs text-zinc-500">
        ({formatInteger(truncated.bytes)} {truncated.kind === "blob" ? "bytes" : "bytes of text"})
      </span>{" "}
      <button type="button" onClick={() => setOpen(true)} disabled={open && full.isFetching} className="text-xs text-blue-700 hover:underline" data-testid="cell-load-full">
        {open && full.isFetching ? "Loading…" : "Show all"}
      </button>
      {full.error ? <span className="ml-1 text-xs text-red-700">{full.error.message}</span> : null}
    </span>
  );
}
