"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { parseAmount } from "@/chain/amount";
import { callPayloadBytes, deployPayloadBytes } from "@/chain/exec/contractPayload";
import type { ContractAbi } from "@/chain/sql/types";
import { initialParamValues, INPUT_CLASS, parseParamValues, type ParamValues } from "@/components/explorer/ContractParamInputs";
import { useTRPC, useTRPCClient } from "@/components/providers/trpc";
import { FinalityBadge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";
import { useSendTx } from "@/components/wallet/useSendTx";
import { errorMessage } from "../errors";
import { chainHref, withRepo } from "../repoPaths";
import { useRepoBranch } from "../useRepoBranch";
import { TxReceipt, type SentReceipt } from "../TxReceipt";
import { ErrorLine } from "./ErrorLine";
import { ParamForm } from "./ParamForm";
import { LABEL, PRIMARY_BUTTON, SELECT, type DeployedContract } from "./panelStyle";

const POLL_MS = 500;

type ErrorAt = { readonly source: string; readonly line: number; readonly column: number };

/**
 * Where a failed receipt points in the source it ran. chain/sql/simulate is loaded only now: it
 * brings the engine's runtime, which the page's own bundle must not carry.
 */
async function locateReceiptError(source: string | null, error: { code: string; message: string } | null): Promise<ErrorAt | null> {
  if (!error || source === null) return null;
  const { locateError } = await import("@/chain/sql/simulate");
  const at = locateError(source, error);
  return at ? { source, ...at } : null;
}

/** The line a failed receipt points at; clicking reveals it when it is the open file's source. */
function ReceiptErrorLine({ at, openSource, onReveal }: { at: ErrorAt | null; openSource: string; onReveal: (line: number) => void }) {
  if (!at) return null;
  return <ErrorLine source={at.source} line={at.line} column={at.column} onReveal={at.source === openSource ? onReveal : () => {}} />;
}

/** The transaction as the chain has it now (on the page's branch): polled until a block seals it, so its receipt gains the block. */
function useSealing(repo: string, txHash: string | null) {
  const trpc = useTRPC();
  const branch = useRepoBranch();
  const { data } = useQuery({
    ...trpc.transactions.get.queryOptions(withRepo(repo, { hash: txHash ?? "" }, branch)),
    enabled: txHash !== null,
    refetchInterval: (q) => (q.state.data && q.state.data.state !== "pending" ? false : POLL_MS),
  });
  return data && data.receipt.txHash === txHash ? data : null;
}

/** The block that seals a transaction, once there is one. */
function SealingBlock({ repo, branch, state, height }: { repo: string; branch: string; state: "pending" | "sealed" | "final"; height: number | null }) {
  return (
    <p className="flex items-center gap-2 text-xs" data-testid="deploy-block" data-state={state} data-height={height ?? ""}>
      <FinalityBadge state={state} />
      {height === null ? (
        <span className="text-zinc-500">waiting for the block that seals it…</span>
      ) : (
        <span>
          sealed in{" "}
          <Link href={chainHref(repo, `/block/${height}`, branch)} className="mono text-blue-700 hover:underline">
            block #{height}
          </Link>
        </span>
      )}
    </p>
  );
}

/**
 * Deploys the open file with the browser wallet: the receipt as soon as the hub answers, then
 * the block that seals it. A failed deploy points at the line it failed on.
 */
export function EditorDeployPanel({
  repo,
  source,
  abi,
  canWrite,
  onReveal,
  onDeployed,
}: {
  repo: string;
  source: string;
  abi: ContractAbi | null;
  canWrite: boolean;
  onReveal: (line: number) => void;
  onDeployed: (contract: DeployedContract & { source: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useSendTx();
  const branch = useRepoBranch();
  const [values, setValues] = useState<ParamValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState<{ receipt: SentReceipt; at: ErrorAt | null } | null>(null);
  const params = abi?.constructor?.params ?? [];
  const sealing = useSealing(repo, sent?.receipt.txHash ?? null);

  async function deploy() {
    setFailure(null);
    setSent(null);
    if (!abi) return setFailure("Fix the problems first: the file must compile to deploy it.");
    const args = parseParamValues(params, values);
    setErrors(args.ok ? {} : args.errors);
    if (!args.ok) return setFailure("Fix the constructor fields marked above first.");
    const deployedSource = source;
    setSending(true);
    try {
      const receipt = await send({ repo, branch, type: "deploy", payload: deployPayloadBytes(deployedSource, args.args) });
      const at = await locateReceiptError(deployedSource, receipt.error);
      setSent({ receipt, at });
      if (at && at.source === source) onReveal(at.line);
      if (receipt.status === "success" && receipt.contractAddress) onDeployed({ address: receipt.contractAddress, name: abi.name, abi, source: deployedSource });
      void queryClient.invalidateQueries({ queryKey: trpc.contracts.recent.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.contracts.list.pathKey() });
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <Panel title="Deploy" testId="deploy-panel-editor">
      <div className="space-y-3 px-3 py-3">
        {params.length > 0 ? (
          <div className="space-y-1">
            <p className="text-xs font-medium text-zinc-600">Constructor</p>
            <ParamForm params={params} values={values} errors={errors} idPrefix="deploy-ctor" onChange={setValues} />
          </div>
        ) : null}
        <button
          type="button"
          onClick={() => void deploy()}
          disabled={sending || !canWrite}
          title={canWrite ? "Sign the deploy with your browser wallet" : "Only writers of this repository can deploy."}
          className={PRIMARY_BUTTON}
          data-testid="deploy-run"
        >
          {sending ? "Deploying…" : "Deploy with wallet"}
        </button>
        {failure ? (
          <p role="alert" className="text-xs text-red-700" data-testid="deploy-error">
            {failure}
          </p>
        ) : null}
        {sent ? (
          <div className="space-y-2 border-t border-zinc-100 pt-2">
            <TxReceipt receipt={sealing?.receipt ?? sent.receipt} repo={repo} branch={branch} testId="deploy-receipt" />
            <ReceiptErrorLine at={sent.at} openSource={source} onReveal={onReveal} />
            <SealingBlock repo={repo} branch={branch} state={sealing?.state ?? "pending"} height={sealing?.receipt.blockHeight ?? null} />
          </div>
        ) : null}
      </div>
    </Panel>
  );
}

/**
 * Calls a procedure of a contract deployed from here (or picked from the repository's) with the
 * browser wallet, from a form generated from its ABI. A failed call points at its source line.
 */
export function CallPanel({
  repo,
  source,
  canWrite,
  contracts,
  preferred,
  sessionSources,
  onReveal,
}: {
  repo: string;
  source: string;
  canWrite: boolean;
  contracts: readonly DeployedContract[];
  /** The contract deployed last from this page: the default target. */
  preferred: string | null;
  /** Sources of the contracts deployed from this page, by address. */
  sessionSources: ReadonlyMap<string, string>;
  onReveal: (line: number) => void;
}) {
  const client = useTRPCClient();
  const send = useSendTx();
  const branch = useRepoBranch();
  const [picked, setPicked] = useState<string | null>(null);
  const [procedure, setProcedure] = useState("");
  const [values, setValues] = useState<ParamValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState("");
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState<{ receipt: SentReceipt; at: ErrorAt | null } | null>(null);

  const sealing = useSealing(repo, sent?.receipt.txHash ?? null);
  const address = picked ?? preferred ?? "";
  const contract = contracts.find((c) => c.address === address) ?? null;
  const callable = contract?.abi.procedures.filter((p) => !p.resolver) ?? [];
  const chosen = callable.find((p) => p.name === procedure) ?? null;

  function choose(name: string) {
    setProcedure(name);
    const p = callable.find((x) => x.name === name);
    setValues(p ? initialParamValues(p.params) : {});
    setErrors({});
  }

  async function call() {
    setFailure(null);
    setSent(null);
    if (!contract) return setFailure("Deploy the file first, or pick a deployed contract.");
    if (!chosen) return setFailure("Pick the procedure to call.");
    const args = parseParamValues(chosen.params, values);
    setErrors(args.ok ? {} : args.errors);
    if (!args.ok) return setFailure("Fix the fields marked above first.");
    let value: bigint | undefined;
    try {
      value = amount.trim() === "" ? undefined : parseAmount(amount.trim().replace(/\s+/g, ""));
    } catch (e) {
      return setFailure(`The amount is not valid: ${errorMessage(e)}`);
    }
    setSending(true);
    try {
      const receipt = await send({ repo, branch, type: "call", to: contract.address, amount: value, payload: callPayloadBytes(chosen.name, args.args) });
      // The source the call ran: known for contracts deployed from here, else the chain's copy.
      const ran = receipt.error ? (sessionSources.get(contract.address) ?? (await client.contracts.get.query({ repo, branch, address: contract.address })).source) : null;
      const at = await locateReceiptError(ran, receipt.error);
      setSent({ receipt, at });
      if (at && at.source === source) onReveal(at.line);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setSending(false);
    }
  }

  return (
    <Panel title="Call" testId="call-panel">
      <div className="space-y-3 px-3 py-3">
        <label className={LABEL}>
          Contract
          <select
            value={address}
            onChange={(e) => {
              setPicked(e.target.value);
              choose("");
            }}
            className={`${SELECT} mt-1`}
            data-testid="call-contract"
          >
            <option value="">{contracts.length === 0 ? "Deploy the file first" : "Choose…"}</option>
            {contracts.map((c) => (
              <option key={c.address} value={c.address}>
                {c.name} · {c.address.slice(0, 10)}…{c.address === preferred ? " (just deployed)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label className={LABEL}>
          Procedure
          <select value={procedure} onChange={(e) => choose(e.target.value)} disabled={!contract} className={`${SELECT} mono mt-1`} data-testid="call-proc">
            <option value="">Choose…</option>
            {callable.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}({p.params.map((x) => x.name).join(", ")})
              </option>
            ))}
          </select>
        </label>
        {chosen ? <ParamForm params={chosen.params} values={values} errors={errors} idPrefix="call-param" onChange={setValues} /> : null}
        <label className={LABEL}>
          AERGO sent with the call (optional)
          <input type="text" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 1.5aergo" spellCheck={false} autoComplete="off" className={`${INPUT_CLASS} mt-1 h-8 text-xs`} data-testid="call-amount" />
        </label>
        <button type="button" onClick={() => void call()} disabled={sending || !canWrite} title={canWrite ? "Sign the call with your browser wallet" : "Only writers of this repository can call."} className={PRIMARY_BUTTON} data-testid="call-run">
          {sending ? "Calling…" : "Call with wallet"}
        </button>
        {failure ? (
          <p role="alert" className="text-xs text-red-700" data-testid="call-error">
            {failure}
          </p>
        ) : null}
        {sent ? (
          <div className="space-y-2 border-t border-zinc-100 pt-2">
            <TxReceipt receipt={sealing?.receipt ?? sent.receipt} repo={repo} branch={branch} testId="call-receipt" />
            <ReceiptErrorLine at={sent.at} openSource={source} onReveal={onReveal} />
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
