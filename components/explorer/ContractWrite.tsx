"use client";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { AER_PER_GAER, parseAmount } from "@/chain/amount";
import type { ContractAbi, RoutineAbi } from "@/chain/sql/types";
import { CopyButton } from "@/components/ui/CopyButton";
import { Panel } from "@/components/ui/Panel";
import { ParamList, routineReturns } from "./ContractAbi";
import { INPUT_CLASS, initialParamValues, ParamField, parseParamValues, type ParamValues } from "./ContractParamInputs";

/** The CLI's default hub (cli/main.ts DEFAULT_HUB): other origins need `--hub`. */
const CLI_DEFAULT_HUB = "http://localhost:3000";

/** A word the shell passes through as is, or the text in single quotes. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

const noSubscribe = () => () => {};
/** The page's own origin, known only in the browser (null while rendering on the server). */
function useOrigin(): string | null {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => null,
  );
}

/** `npx aergo call CONTRACT PROC --from NAME --args '[…]' [--amount …] [--hub …]`: what the CLI signs and sends. */
export function callCommand(opts: { address: string; procedure: string; from: string; args: unknown[]; amount: string; hub: string | null }): string {
  const parts = ["npx", "aergo", "call", opts.address, shellWord(opts.procedure), "--from", shellWord(opts.from || "NAME")];
  if (opts.args.length > 0) parts.push("--args", shellWord(JSON.stringify(opts.args)));
  if (opts.amount) parts.push("--amount", shellWord(opts.amount));
  if (opts.hub && opts.hub !== CLI_DEFAULT_HUB) parts.push("--hub", shellWord(opts.hub));
  return parts.join(" ");
}

/** One procedure: a form generated from its parameters that builds the exact CLI command to sign and send the call. */
function ProcedureForm({ address, procedure }: { address: string; procedure: RoutineAbi }) {
  const origin = useOrigin();
  const [values, setValues] = useState<ParamValues>(() => initialParamValues(procedure.params));
  const [from, setFrom] = useState("");
  const [amount, setAmount] = useState("");
  const [built, setBuilt] = useState(false);
  const idPrefix = `write-${procedure.name}`;

  // Once built, the command follows every edit; errors show only after the first attempt.
  const parsed = parseParamValues(procedure.params, values);
  let amountError: string | undefined;
  if (amount.trim() !== "") {
    try {
      // Contracts see native amounts in gaer (chain/exec/contracts.ts), so the CLI refuses finer ones.
      if (parseAmount(amount.trim()) % AER_PER_GAER !== 0n) amountError = "a whole number of gaer (10^9 aer), e.g. 1.5aergo";
    } catch (e) {
      amountError = e instanceof Error ? e.message : "not an amount";
    }
  }
  const fromError = from.trim() !== "" && !/^[\w.@-]{1,64}$/.test(from.trim()) ? "a key name from your key store, e.g. dev-1" : undefined;
  const ok = parsed.ok && !amountError && !fromError;
  const command = ok ? callCommand({ address, procedure: procedure.name, from: from.trim(), args: parsed.args, amount: amount.trim().replace(/\s+/g, ""), hub: origin }) : null;
  const errors = built && !parsed.ok ? parsed.errors : {};

  function submit(e: FormEvent) {
    e.preventDefault();
    setBuilt(true);
  }

  return (
    <Panel
      title={
        <span className="mono">
          {procedure.name}
          <ParamList params={procedure.params} /> <span className="font-normal text-zinc-500">→ {routineReturns(procedure)}</span>
        </span>
      }
      testId={`write-procedure-${procedure.name}`}
    >
      <form onSubmit={submit} className="space-y-3 px-4 py-3" noValidate>
        {procedure.params.length > 0 ? (
          <div className="grid gap-3 sm:grid-cols-2">
            {procedure.params.map((p) => (
              <ParamField key={p.name} param={p} value={values[p.name]} error={errors[p.name]} idPrefix={idPrefix} onChange={(v) => setValues((old) => ({ ...old, [p.name]: v }))} />
            ))}
          </div>
        ) : (
          <p className="text-sm text-zinc-500">No parameters.</p>
        )}
        <div className="grid gap-3 sm:grid-cols-2">
          <label htmlFor={`${idPrefix}-from`} className="block text-sm">
            <span className="text-zinc-600">Signed by (key name in your CLI key store)</span>
            <input id={`${idPrefix}-from`} type="text" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="NAME, e.g. dev-1" spellCheck={false} autoComplete="off" className={`${INPUT_CLASS} mt-1`} data-testid="write-from" />
            {built && fromError ? <span className="mt-1 block text-xs text-red-700">{fromError}</span> : null}
          </label>
          <label htmlFor={`${idPrefix}-amount`} className="block text-sm">
            <span className="text-zinc-600">AERGO sent with the call (optional)</span>
            <input id={`${idPrefix}-amount`} type="text" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 1.5aergo" spellCheck={false} autoComplete="off" className={`${INPUT_CLASS} mt-1`} data-testid="write-amount" />
            {built && amountError ? <span className="mt-1 block text-xs text-red-700">{amountError}</span> : null}
          </label>
        </div>
        <button type="submit" className="h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700" data-testid="write-submit">
          Build the command
        </button>
      </form>
      {built ? (
        <div className="border-t border-zinc-100 px-4 py-3">
          {command ? (
            <div className="space-y-1.5">
              <p className="text-xs text-zinc-500">Run this where your keys are; the CLI signs the call and prints the receipt (return value, events, gas):</p>
              <div className="flex items-start gap-1 rounded-md bg-zinc-900 px-3 py-2">
                <code className="mono min-w-0 flex-1 text-[13px] break-all whitespace-pre-wrap text-zinc-100" data-testid={`write-command-${procedure.name}`}>
                  {command}
                </code>
                <CopyButton value={command} label="Copy the command" />
              </div>
            </div>
          ) : (
            <p className="text-sm text-red-700">Fix the fields marked above to get the command.</p>
          )}
        </div>
      ) : null}
    </Panel>
  );
}

/** The Write tab: every procedure a transaction can call, as a form that builds the CLI command. */
export function ContractWrite({ address, abi }: { address: string; abi: ContractAbi }) {
  const callable = abi.procedures.filter((p) => !p.resolver);
  return (
    <div className="space-y-4" data-testid="contract-write">
      <div className="rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900" data-testid="write-signing-note">
        Procedures change state, so each call is a transaction signed by its sender&apos;s key. Signing in the browser comes with the wallet; until then these forms build the exact{" "}
        <span className="mono">aergo call</span> command, which signs with a key from your CLI key store (<span className="mono">npx aergo keys import-dev</span> imports the dev accounts).
      </div>
      {callable.length === 0 ? <p className="rounded-lg border border-zinc-200 bg-white px-4 py-6 text-center text-sm text-zinc-500">This contract declares no procedures a transaction can call.</p> : null}
      {callable.map((p) => (
        <ProcedureForm key={p.name} address={address} procedure={p} />
      ))}
    </div>
  );
}
