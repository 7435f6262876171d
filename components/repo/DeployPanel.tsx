"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { deployPayloadBytes } from "@/chain/exec/contractPayload";
import { useTRPC } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { useSendTx } from "@/components/wallet/useSendTx";
import { errorMessage } from "./errors";
import { EXAMPLE_CONTRACT } from "./exampleContract";
import { TxReceipt, type SentReceipt } from "./TxReceipt";
import { MAIN_BRANCH } from "./repoPaths";
import { useRepoBranch } from "./useRepoBranch";

const FIELD = "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";

/** Constructor arguments: a JSON array (by position) or object (by name); empty means none. */
export function parseConstructorArgs(text: string): { ok: true; args: unknown[] | Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === "") return { ok: true, args: [] };
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return { ok: true, args: value };
    if (typeof value === "object" && value !== null) return { ok: true, args: value as Record<string, unknown> };
  } catch {
    return { ok: false, error: "The constructor arguments are not valid JSON: write an array like [\"name\", 10] or an object like {\"supply\": 10}." };
  }
  return { ok: false, error: "The constructor arguments must be a JSON array or object." };
}

/**
 * Deploys an AergoSQL contract to the repository, on the page's branch, from the browser wallet:
 * compile first (the chain's own compiler, so what compiles here deploys there), then sign and send.
 */
export function DeployPanel({ repo }: { repo: string }) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const queryClient = useQueryClient();
  const send = useSendTx();
  const [source, setSource] = useState(EXAMPLE_CONTRACT);
  const [argsText, setArgsText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<SentReceipt | null>(null);
  const [sending, setSending] = useState(false);
  const compile = useMutation(trpc.contracts.compile.mutationOptions());

  async function deploy(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setReceipt(null);
    const args = parseConstructorArgs(argsText);
    if (!args.ok) return setError(args.error);
    if (source.trim() === "") return setError("Write the contract's source first.");
    setSending(true);
    try {
      const r = await send({ repo, branch, type: "deploy", payload: deployPayloadBytes(source, args.args) });
      setReceipt(r);
      void queryClient.invalidateQueries({ queryKey: trpc.contracts.recent.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.contracts.list.pathKey() });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  const result = compile.data;
  return (
    <Panel title={branch === MAIN_BRANCH ? "Deploy a contract" : `Deploy a contract on ${branch}`} testId="deploy-panel">
      <form onSubmit={(e) => void deploy(e)} className="space-y-3 px-4 py-3" noValidate>
        <label htmlFor="deploy-source" className="block text-sm">
          <span className="text-zinc-600">AergoSQL source</span>
          <textarea
            id="deploy-source"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            rows={14}
            spellCheck={false}
            className={`${FIELD} mono mt-1 text-[13px] leading-5`}
            data-testid="deploy-source"
          />
        </label>
        <label htmlFor="deploy-args" className="block text-sm">
          <span className="text-zinc-600">Constructor arguments (JSON array or object; empty for none)</span>
          <input id="deploy-args" type="text" value={argsText} onChange={(e) => setArgsText(e.target.value)} placeholder='e.g. ["Token", 1000]' spellCheck={false} autoComplete="off" className={`${FIELD} mono mt-1`} data-testid="deploy-args" />
        </label>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => compile.mutate({ source })}
            disabled={compile.isPending}
            className="h-9 rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:opacity-60"
            data-testid="deploy-compile"
          >
            {compile.isPending ? "Compiling…" : "Compile"}
          </button>
          <button type="submit" disabled={sending} className="h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60" data-testid="deploy-submit">
            {sending ? "Deploying…" : "Deploy with wallet"}
          </button>
        </div>
      </form>
      {compile.error ? (
        <p role="alert" className="border-t border-zinc-100 px-4 py-3 text-sm text-red-700" data-testid="compile-error">
          {compile.error.message}
        </p>
      ) : null}
      {result ? (
        <div className="border-t border-zinc-100 px-4 py-3 text-sm" data-testid="compile-result" data-ok={result.ok}>
          {result.ok ? (
            <p className="text-emerald-700">
              Compiles: <span className="mono font-semibold">{result.abi.name}</span> with {result.abi.tables.length} table{result.abi.tables.length === 1 ? "" : "s"}, {result.abi.procedures.length} procedure
              {result.abi.procedures.length === 1 ? "" : "s"} and {result.abi.views.length} view{result.abi.views.length === 1 ? "" : "s"}.
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
      {error ? (
        <p role="alert" className="border-t border-zinc-100 px-4 py-3 text-sm text-red-700" data-testid="deploy-error">
          {error}
        </p>
      ) : null}
      {receipt ? (
        <div className="border-t border-zinc-100 px-4 py-3">
          <TxReceipt receipt={receipt} repo={repo} branch={branch} testId="deploy-result" />
        </div>
      ) : null}
    </Panel>
  );
}
