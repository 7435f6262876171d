"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "@/components/providers/trpc";
import { chainHref, withRepo } from "@/components/repo/repoPaths";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { ContractValue } from "./ContractValue";

type RowHistoryAnswer = RouterOutputs["contracts"]["rowHistory"];
type RowVersion = RowHistoryAnswer["versions"][number];
import type { RowKeyValue } from "./rowParam";

export const ROW_HISTORY_PAGE = 20;

const KIND_TONE: Record<RowVersion["kind"], string> = {
  created: "bg-green-50 text-green-800 ring-green-200",
  updated: "bg-blue-50 text-blue-800 ring-blue-200",
  deleted: "bg-red-50 text-red-800 ring-red-200",
};

/**
 * A row's history ("blame") under the table browser: its versions on the branch, newest first,
 * each with its block, the transaction that wrote it (or the merge, when no transaction did), the
 * cells as they became with the changed ones highlighted, and per cell of the newest version the
 * transaction that last wrote it. Older versions load a page at a time (`before`).
 */
export function RowHistory({ address, table, rowKey, closeHref, repo, branch }: { address: string; table: string; rowKey: RowKeyValue[]; closeHref: string; repo?: string; branch?: string }) {
  const trpc = useTRPC();
  // Each "older" step remembers where it started, so "newer" can go back.
  const [pages, setPages] = useState<number[]>([]);
  const before = pages.at(-1);
  const input = withRepo(repo, { address, table, key: rowKey, limit: ROW_HISTORY_PAGE, ...(before === undefined ? {} : { before }) }, branch);
  const history = useQuery({ ...trpc.contracts.rowHistory.queryOptions(input), retry: false });
  const data = history.data;
  const columns = data?.columns ?? [];
  const txHref = (hash: string) => chainHref(repo, `/tx/${hash}`, branch);

  return (
    <Panel
      title={
        <span>
          History of <span className="mono">{table}</span> <span className="mono text-zinc-600">{JSON.stringify(rowKey)}</span>
        </span>
      }
      actions={
        <span className="flex items-center gap-3">
          {pages.length > 0 ? (
            <button type="button" className="text-blue-700 hover:underline" onClick={() => setPages(pages.slice(0, -1))} data-testid="row-history-newer">
              ← Newer
            </button>
          ) : null}
          {data?.nextBefore != null ? (
            <button type="button" className="text-blue-700 hover:underline" onClick={() => setPages([...pages, data.nextBefore!])} data-testid="row-history-older">
              Older →
            </button>
          ) : null}
          <Link href={closeHref} className="text-blue-700 hover:underline" data-testid="row-history-close">
            Close
          </Link>
        </span>
      }
      testId="row-history"
    >
      {history.error ? (
        <p className="px-4 py-6 text-center text-sm text-red-700" data-testid="row-history-error">
          {history.error.message}
        </p>
      ) : (
        <>
          {data && Object.keys(data.cells).length > 0 ? (
            <div className="border-b border-zinc-200 px-4 py-3 text-sm" data-testid="row-history-cells">
              <p className="mb-1.5 text-xs font-medium uppercase tracking-wide text-zinc-500">Each cell last written by</p>
              <ul className="flex flex-wrap gap-x-6 gap-y-1">
                {Object.entries(data.cells).map(([column, writer]) => (
                  <li key={column} data-testid={`row-history-cell-${column}`}>
                    <span className="mono text-zinc-700">{column}</span>
                    <span className="px-1.5 text-zinc-400">←</span>
                    {writer === null ? (
                      <span className="text-zinc-500">an older version (see older pages)</span>
                    ) : writer.txHash === null ? (
                      <span className="text-zinc-600">a merge at block {writer.height}</span>
                    ) : (
                      <span>
                        tx <HashLink value={writer.txHash} href={txHref(writer.txHash)} copy={false} /> <span className="text-zinc-500">at block {writer.height}</span>
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <Table testId="row-history-versions">
            <thead>
              <tr>
                <Th>Block</Th>
                <Th>Written by</Th>
                <Th>Change</Th>
                {columns.map((c) => (
                  <Th key={c}>
                    <span className="normal-case">{c}</span>
                  </Th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data?.versions.map((v) => (
                <tr key={v.height} data-testid="row-history-version">
                  <Td>
                    <Link href={chainHref(repo, `/block/${v.height}`, branch)} className="mono text-blue-700 hover:underline">
                      #{v.height}
                    </Link>
                  </Td>
                  <Td>
                    {v.txHash ? (
                      <HashLink value={v.txHash} href={txHref(v.txHash)} copy={false} testId="row-history-tx" />
                    ) : (
                      <span className="text-zinc-600" title="A merge wrote this row without a transaction (its rows were merged, not re-run).">
                        merge{v.merge ? ` from ${v.merge.source}` : ""}
                      </span>
                    )}
                  </Td>
                  <Td>
                    <span className={`rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${KIND_TONE[v.kind]}`} data-testid="row-history-kind">
                      {v.kind}
                    </span>
                  </Td>
                  {columns.map((c) => {
                    const changed = v.changed.includes(c);
                    return (
                      <Td key={c} className={changed ? "bg-amber-50" : ""}>
                        {v.values === null ? (
                          <span className="text-zinc-400">—</span>
                        ) : (
                          <span data-changed={changed ? "true" : undefined} title={changed && v.previous ? `was ${JSON.stringify(v.previous[c])}` : undefined}>
                            <ContractValue value={v.values[c]} repo={repo} branch={branch} />
                          </span>
                        )}
                      </Td>
                    );
                  })}
                </tr>
              ))}
              {data && data.versions.length === 0 ? <EmptyRow colSpan={columns.length + 3}>No version of this row on this branch{before === undefined ? "" : ` below block #${before}`}.</EmptyRow> : null}
              {history.isPending ? <EmptyRow colSpan={Math.max(columns.length + 3, 3)}>Loading…</EmptyRow> : null}
            </tbody>
          </Table>
          {data && !data.scan.complete ? (
            <p className="px-4 py-2 text-xs text-zinc-500" data-testid="row-history-scan">
              Read blocks #{data.scan.fromHeight} down to #{data.scan.toHeight}; older versions may exist (Older →).
            </p>
          ) : null}
        </>
      )}
    </Panel>
  );
}
