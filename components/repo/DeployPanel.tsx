"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC, type RouterOutputs } from "@/components/providers/trpc";
import { DeployContractPanel } from "./DeployContractPanel";
import { EXAMPLE_CONTRACT } from "./exampleContract";
import { MAIN_BRANCH } from "./repoPaths";
import { useRepoBranch } from "./useRepoBranch";

const FIELD = "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";

/**
 * Deploys an AergoSQL contract written here to the repository, on the page's branch, from the
 * browser wallet: compile first (the chain's own compiler, so what compiles here deploys there),
 * then sign and send.
 */
export function DeployPanel({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const [source, setSource] = useState(EXAMPLE_CONTRACT);
  const compile = useMutation(trpc.contracts.compile.mutationOptions());

  return (
    <DeployContractPanel
      repo={repo}
      title={branch === MAIN_BRANCH ? "Deploy a contract" : `Deploy a contract on ${branch}`}
      testId="deploy-panel"
      density="page"
      ids={{ run: "deploy-submit", receipt: "deploy-result" }}
      source={source}
      constructorInput={{ kind: "json" }}
      notReady={source.trim() === "" ? "Write the contract's source first." : null}
      sourceField={
        <label htmlFor="deploy-source" className="block text-sm">
          <span className="text-zinc-600">AergoSQL source</span>
          <textarea id="deploy-source" value={source} onChange={(e) => setSource(e.target.value)} rows={14} spellCheck={false} className={`${FIELD} mono mt-1 text-[13px] leading-5`} data-testid="deploy-source" />
        </label>
      }
      actions={
        <button
          type="button"
          onClick={() => compile.mutate({ source })}
          disabled={compile.isPending}
          className="h-9 rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:opacity-60"
          data-testid="deploy-compile"
        >
          {compile.isPending ? "Compiling…" : "Compile"}
        </button>
      }
      belowForm={<CompileOutcome error={compile.error?.message ?? null} result={compile.data ?? null} />}
    />
  );
}

type CompileAnswer = RouterOutputs["contracts"]["compile"];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the Compile button answered: the contract's shape, or why it does not compile. */
function CompileOutcome({ error, result }: { error: string | null; result: CompileAnswer | null }) {
  return (
    <>
      {error ? (
        <p role="alert" className="border-t border-zinc-100 px-4 py-3 text-sm text-red-700" data-testid="compile-error">
          {error}
        </p>
      ) : null}
      {result ? (
        <div className="border-t border-zinc-100 px-4 py-3 text-sm" data-testid="compile-result" data-ok={result.ok}>
          {result.ok ? (
            <p className="text-emerald-700">
              Compiles: <span className="mono font-semibold">{result.abi.name}</span> with {plural(result.abi.tables.length, "table")}, {plural(result.abi.procedures.length, "procedure")} and {plural(result.abi.views.length, "view")}.
            </p>
          ) : (
            <p className="text-red-700">It does not compile:</p>
          )}
          {result.diagnostics.length > 0 ? (
            <ul className="mt-1 space-y-0.5">
              {result.diagnostics.map((d, i) => (
                <li key={i} className={`mono text-xs ${d.severity === "error" ? "text-red-700" : "text-amber-700"}`} data-testid="compile-diagnostic">
                  {d.line}:{d.column} {d.severity}: {d.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
