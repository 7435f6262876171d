"use client";
import { useState } from "react";
import { parseAmount } from "@/chain/amount";
import { callPayloadBytes } from "@/chain/exec/contractPayload";
import type { ContractAbi } from "@/chain/sql/types";
import { initialParamValues, INPUT_CLASS, parseParamValues, type ParamValues } from "@/components/explorer/ContractParamInputs";
import { useTRPCClient } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { useSendTx } from "@/components/wallet/useSendTx";
import { errorMessage } from "../errors";
import { DeployContractPanel } from "../DeployContractPanel";
import { useSealing } from "../sealing";
import { useRepoBranch } from "../useRepoBranch";
import { TxReceipt, type SentReceipt } from "../TxReceipt";
import { ErrorLine } from "./ErrorLine";
import { ParamForm } from "./ParamForm";
import { LABEL, PRIMARY_BUTTON, SELECT, type DeployedContract } from "./panelStyle";

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
  // Where the last receipt failed, by its transaction: a newer deploy's receipt shows no stale line.
  const [failedAt, setFailedAt] = useState<{ txHash: string; at: ErrorAt | null } | null>(null);

  async function afterReceipt(receipt: SentReceipt, deployedSource: string) {
    const at = await locateReceiptError(deployedSource, receipt.error);
    setFailedAt({ txHash: receipt.txHash, at });
    if (at && at.source === source) onReveal(at.line);
    if (abi && receipt.status === "success" && receipt.contractAddress) onDeployed({ address: receipt.contractAddress, name: abi.name, abi, source: deployedSource });
  }

  return (
    <DeployContractPanel
      repo={repo}
      title="Deploy"
      testId="deploy-panel-editor"
      density="side"
      ids={{ run: "deploy-run", receipt: "deploy-receipt" }}
      source={source}
      constructorInput={{ kind: "fields", params: abi?.constructor?.params ?? [] }}
      notReady={abi ? null : "Fix the problems first: the file must compile to deploy it."}
      readOnlyReason={canWrite ? null : "Only writers of this repository can deploy."}
      followSealing
      onReceipt={afterReceipt}
      receiptDetail={(receipt: SentReceipt) => <ReceiptErrorLine at={failedAt && failedAt.txHash === receipt.txHash ? failedAt.at : null} openSource={source} onReveal={onReveal} />}
    />
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
