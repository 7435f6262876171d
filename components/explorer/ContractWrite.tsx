"use client";
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { isWholeGaer, parseAmount } from "@/chain/amount";
import { callPayloadBytes } from "@/chain/exec/contractPayload";
import { MAIN_BRANCH, ROOT_REPO } from "@/chain/repo/names";
import type { ContractAbi, RoutineAbi } from "@/chain/sql/types";
import { errorMessage } from "@/components/repo/errors";
import { useRepoBranch } from "@/components/repo/useRepoBranch";
import { TxReceipt, type SentReceipt } from "@/components/repo/TxReceipt";
import { resolveAccountInput, type NameLookups } from "@/components/names/accountInput";
import { ResolvedAccountNote } from "@/components/names/ResolvedAccountNote";
import { useNameLookups } from "@/components/names/useNameLookups";
import { CopyButton } from "@/components/ui/CopyButton";
import { Panel } from "@/components/ui/Panel";
import { useSendTx } from "@/components/wallet/useSendTx";
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

/** `npx aergo call CONTRACT PROC --from NAME [--repo OWNER/NAME] [--branch NAME] --args '[…]' [--amount …] [--hub …]`: what the CLI signs and sends. */
export function callCommand(opts: { address: string; procedure: string; from: string; args: unknown[]; amount: string; hub: string | null; repo?: string; branch?: string }): string {
  const parts = ["npx", "aergo", "call", opts.address, shellWord(opts.procedure), "--from", shellWord(opts.from || "NAME")];
  if (opts.repo && opts.repo !== ROOT_REPO) parts.push("--repo", shellWord(opts.repo));
  if (opts.branch && opts.branch !== MAIN_BRANCH) parts.push("--branch", shellWord(opts.branch));
  if (opts.args.length > 0) parts.push("--args", shellWord(JSON.stringify(opts.args)));
  if (opts.amount) parts.push("--amount", shellWord(opts.amount));
  if (opts.hub && opts.hub !== CLI_DEFAULT_HUB) parts.push("--hub", shellWord(opts.hub));
  return parts.join(" ");
}

/** Where a name typed in an ADDRESS field leads, or that it is being looked up; refusals show as the field's error. */
function NameNote({ text, names, testId }: { text: string; names: NameLookups; testId: string }) {
  const account = resolveAccountInput(text, names);
  return account.status === "pending" || account.status === "ready" ? <ResolvedAccountNote account={account} testId={testId} /> : null;
}

/**
 * One procedure: a form generated from its parameters that signs and sends the call with the
 * browser wallet, or builds the exact CLI command that does the same with a CLI key.
 */
function ProcedureForm({ address, procedure, repo }: { address: string; procedure: RoutineAbi; repo?: string }) {
  const origin = useOrigin();
  const branch = useRepoBranch();
  const send = useSendTx();
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<SentReceipt | null>(null);
  const [values, setValues] = useState<ParamValues>(() => initialParamValues(procedure.params));
  const [from, setFrom] = useState("");
  const [amount, setAmount] = useState("");
  const [built, setBuilt] = useState(false);
  const idPrefix = `write-${procedure.name}`;

  // Names in ADDRESS parameters are looked up on the chain and branch the call goes to; the
  // address shown under the field is the one signed for (and put in the CLI command).
  const names = useNameLookups(
    procedure.params.filter((p) => p.type === "ADDRESS").map((p) => String(values[p.name] ?? "")),
    repo,
    branch,
  );
  // Once built, the command follows every edit; errors show only after the first attempt.
  const parsed = parseParamValues(procedure.params, values, names);
  let amountError: string | undefined;
  if (amount.trim() !== "") {
    try {
      // The CLI refuses what the chain would (isWholeGaer): say so before the command is copied.
      if (!isWholeGaer(parseAmount(amount.trim()))) amountError = "a whole number of gaer (10^9 aer), e.g. 1.5aergo";
    } catch (e) {
      amountError = e instanceof Error ? e.message : "not an amount";
    }
  }
  const fromError = from.trim() !== "" && !/^[\w.@-]{1,64}$/.test(from.trim()) ? "a key name from your key store, e.g. dev-1" : undefined;
  const ok = parsed.ok && !amountError && !fromError;
  const command = ok ? callCommand({ address, procedure: procedure.name, from: from.trim(), args: parsed.args, amount: amount.trim().replace(/\s+/g, ""), hub: origin, repo, branch }) : null;
  const errors = built && !parsed.ok ? parsed.errors : {};

  function submit(e: FormEvent) {
    e.preventDefault();
    setBuilt(true);
  }

  async function sendWithWallet() {
    setSendError(null);
    setReceipt(null);
    if (!parsed.ok || amountError) {
      setBuilt(true);
      setSendError("Fix the fields marked above first.");
      return;
    }
    setSending(true);
    try {
      const value = amount.trim() === "" ? undefined : parseAmount(amount.trim().replace(/\s+/g, ""));
      const payload = callPayloadBytes(procedure.name, parsed.args);
      setReceipt(await send({ repo, branch, type: "call", to: address, amount: value, payload }));
    } catch (err) {
      setSendError(errorMessage(err));
    } finally {
      setSending(false);
    }
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
              <ParamField
                key={p.name}
                param={p}
                value={values[p.name]}
                error={errors[p.name]}
                idPrefix={idPrefix}
                onChange={(v) => setValues((old) => ({ ...old, [p.name]: v }))}
                placeholder={p.type === "ADDRESS" ? "Am… or a name" : undefined}
                note={p.type === "ADDRESS" ? <NameNote text={String(values[p.name] ?? "")} names={names} testId={`param-resolved-${p.name}`} /> : null}
              />
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
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => void sendWithWallet()}
            disabled={sending}
            className="h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60"
            data-testid="write-send"
          >
            {sending ? "Sending…" : "Sign & send with wallet"}
          </button>
          <button type="submit" className="h-9 rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-800 hover:bg-zinc-50" data-testid="write-submit">
            Build the CLI command
          </button>
        </div>
      </form>
      {sendError ? (
        <p role="alert" className="border-t border-zinc-100 px-4 py-3 text-sm text-red-700" data-testid={`write-error-${procedure.name}`}>
          {sendError}
        </p>
      ) : null}
      {receipt ? (
        <div className="border-t border-zinc-100 px-4 py-3">
          <TxReceipt receipt={receipt} repo={repo} branch={branch} testId={`write-result-${procedure.name}`} />
        </div>
      ) : null}
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

/** The Write tab: every procedure a transaction can call, as a form that sends it from the wallet or builds the CLI command. */
export function ContractWrite({ address, abi, repo }: { address: string; abi: ContractAbi; repo?: string }) {
  const callable = abi.procedures.filter((p) => !p.resolver);
  return (
    <div className="space-y-4" data-testid="contract-write">
      <div className="rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900" data-testid="write-signing-note">
        Procedures change state, so each call is a transaction signed by its sender&apos;s key. Signing in the browser comes with the wallet: <strong>Sign &amp; send with wallet</strong> asks for
        your password when it is locked. Or build the exact{" "}
        <span className="mono">aergo call</span> command, which signs with a key from your CLI key store (<span className="mono">npx aergo keys import-dev</span> imports the dev accounts).
      </div>
      {callable.length === 0 ? <p className="rounded-lg border border-zinc-200 bg-white px-4 py-6 text-center text-sm text-zinc-500">This contract declares no procedures a transaction can call.</p> : null}
      {callable.map((p) => (
        <ProcedureForm key={p.name} address={address} procedure={p} repo={repo} />
      ))}
    </div>
  );
}
