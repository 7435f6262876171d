"use client";
import { skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { ContractAbi, RoutineAbi } from "@/chain/sql/types";
import { useTRPC } from "@/components/providers/trpc";
import { chainHref, withRepo } from "@/components/repo/repoPaths";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { Panel } from "@/components/ui/Panel";
import { EmptyRow, Table, Td, Th } from "@/components/ui/Table";
import { formatInteger } from "@/components/ui/format";
import { ParamList, routineReturns } from "./ContractAbi";
import { INPUT_CLASS, initialParamValues, ParamField, parseParamValues, type ParamValues } from "./ContractParamInputs";
import { ContractValue } from "./ContractValue";

type ResultSet = { columns: string[]; rows: unknown[][] };

function isResultSet(v: unknown): v is ResultSet {
  return typeof v === "object" && v !== null && Array.isArray((v as ResultSet).columns) && Array.isArray((v as ResultSet).rows);
}

/** A view's answer: one value, a row (as name/value pairs) or a result set (as a table). */
function ViewResult({ result, testId, repo, branch }: { result: unknown; testId: string; repo?: string; branch: string }) {
  if (isResultSet(result)) {
    return (
      <div className="rounded-md border border-zinc-200" data-testid={testId}>
        <Table>
          <thead>
            <tr>
              {result.columns.map((c) => (
                <Th key={c}>{c}</Th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, i) => (
              <tr key={i} className="hover:bg-zinc-50">
                {row.map((v, j) => (
                  <Td key={j}>
                    <ContractValue value={v} repo={repo} branch={branch} />
                  </Td>
                ))}
              </tr>
            ))}
            {result.rows.length === 0 ? <EmptyRow colSpan={Math.max(result.columns.length, 1)}>No rows.</EmptyRow> : null}
          </tbody>
        </Table>
      </div>
    );
  }
  if (typeof result === "object" && result !== null) {
    return (
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid={testId}>
        {Object.entries(result).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="mono text-zinc-500">{k}</dt>
            <dd className="min-w-0">
              <ContractValue value={v} full repo={repo} branch={branch} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return (
    <div className="text-base" data-testid={testId}>
      <ContractValue value={result} full repo={repo} branch={branch} />
    </div>
  );
}

type ViewRequest = { address: string; view: string; args: unknown[]; height?: number };

/** One view: a form generated from its parameters, run free and read-only on the latest state or as of a block. */
function ViewForm({ address, view, repo }: { address: string; view: RoutineAbi; repo?: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const [values, setValues] = useState<ParamValues>(() => initialParamValues(view.params));
  const [heightText, setHeightText] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [request, setRequest] = useState<ViewRequest | null>(null);
  // No retries: a REQUIRE or a bad argument fails the same way every time.
  // The branch is added here, not kept in the request: switching branches runs the view there.
  const answer = useQuery({ ...trpc.contracts.query.queryOptions(request ? withRepo(repo, request, branch) : skipToken), retry: false });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseParamValues(view.params, values);
    const heightError = heightText.trim() !== "" && !/^\d{1,15}$/.test(heightText.trim()) ? "a block height, e.g. 12" : undefined;
    const nextErrors = { ...(parsed.ok ? {} : parsed.errors), ...(heightError ? { "": heightError } : {}) };
    setErrors(nextErrors);
    if (!parsed.ok || heightError) return;
    const height = heightText.trim() === "" ? undefined : Number(heightText.trim());
    setRequest(height === undefined ? { address, view: view.name, args: parsed.args } : { address, view: view.name, args: parsed.args, height });
  }

  const idPrefix = `read-${view.name}`;
  return (
    <Panel
      title={
        <span className="mono">
          {view.name}
          <ParamList params={view.params} /> <span className="font-normal text-zinc-500">→ {routineReturns(view)}</span>
        </span>
      }
      testId={`read-view-${view.name}`}
    >
      <form onSubmit={submit} className="space-y-3 px-4 py-3" noValidate>
        {view.params.length > 0 ? (
          <div className="grid gap-3 sm:grid-cols-2">
            {view.params.map((p) => (
              <ParamField key={p.name} param={p} value={values[p.name]} error={errors[p.name]} idPrefix={idPrefix} onChange={(v) => setValues((old) => ({ ...old, [p.name]: v }))} />
            ))}
          </div>
        ) : (
          <p className="text-sm text-zinc-500">No parameters.</p>
        )}
        <div className="flex flex-wrap items-end gap-3">
          <label htmlFor={`${idPrefix}-height`} className="block text-sm">
            <span className="text-zinc-600">As of block</span>
            <input
              id={`${idPrefix}-height`}
              type="text"
              inputMode="numeric"
              value={heightText}
              onChange={(e) => setHeightText(e.target.value)}
              placeholder="latest"
              className={`${INPUT_CLASS} mt-1 w-36 ${errors[""] ? "border-red-400" : ""}`}
              data-testid="read-height"
            />
          </label>
          <button type="submit" className="h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700" data-testid="read-submit">
            Query
          </button>
          {errors[""] ? <span className="pb-2 text-xs text-red-700">{errors[""]}</span> : null}
        </div>
      </form>
      {request ? (
        <div className="border-t border-zinc-100 px-4 py-3">
          {answer.error ? (
            <p className="text-sm text-red-700" data-testid={`read-error-${view.name}`}>
              {answer.error.message}
            </p>
          ) : answer.data ? (
            <div className="space-y-2">
              <ViewResult result={answer.data.result} testId={`read-result-${view.name}`} repo={repo} branch={branch} />
              <p className="text-xs text-zinc-500">
                {answer.data.height === null ? (
                  "on the latest state (answered transactions included)"
                ) : (
                  <>
                    as of block{" "}
                    <Link href={chainHref(repo, `/block/${answer.data.height}`, branch)} className="mono text-blue-700 hover:underline">
                      #{answer.data.height}
                    </Link>
                  </>
                )}{" "}
                · {formatInteger(answer.data.gasUsed)} gas, free
              </p>
            </div>
          ) : (
            <p className="text-sm text-zinc-500">Running…</p>
          )}
        </div>
      ) : null}
    </Panel>
  );
}

/** The Read tab: every view of the ABI, as a form. */
export function ContractRead({ address, abi, repo }: { address: string; abi: ContractAbi; repo?: string }) {
  if (abi.views.length === 0) return <p className="rounded-lg border border-zinc-200 bg-white px-4 py-6 text-center text-sm text-zinc-500">This contract declares no views.</p>;
  return (
    <div className="space-y-4" data-testid="contract-read">
      <p className="text-sm text-zinc-600">Views are read-only and free: they run on the hub without a transaction, on the latest state or as of any block.</p>
      {abi.views.map((v) => (
        <ViewForm key={v.name} address={address} view={v} repo={repo} />
      ))}
    </div>
  );
}
