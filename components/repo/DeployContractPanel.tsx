"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { deployPayloadBytes } from "@/chain/exec/contractPayload";
import type { ParamAbi } from "@/chain/sql/types";
import { parseParamValues, type ParamValues } from "@/components/explorer/ContractParamInputs";
import { useTRPC } from "@/components/providers/trpc";
import { Panel } from "@/components/ui/Panel";
import { useSendTx } from "@/components/wallet/useSendTx";
import { parseConstructorArgs } from "./constructorArgs";
import { ParamForm } from "./editor/ParamForm";
import { PRIMARY_BUTTON } from "./editor/panelStyle";
import { errorMessage } from "./errors";
import { SealingBlock, useSealing } from "./sealing";
import { TxReceipt, type SentReceipt } from "./TxReceipt";
import { useRepoBranch } from "./useRepoBranch";

/** How the constructor's arguments are typed in. */
export type ConstructorInput =
  /** A JSON array or object by hand: the source may not have been compiled yet (the repository's tab). */
  | { readonly kind: "json" }
  /** Typed fields from the compiled constructor's parameters (the editor). */
  | { readonly kind: "fields"; readonly params: readonly ParamAbi[] };

// The repository's tab is a wide page panel; the editor's is a narrow side column.
const DENSITY = {
  page: {
    form: "space-y-3 px-4 py-3",
    section: "border-t border-zinc-100 px-4 py-3 text-sm",
    button: "h-9 rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-60",
  },
  side: { form: "space-y-3 px-3 py-3", section: "border-t border-zinc-100 px-3 py-2 text-xs", button: PRIMARY_BUTTON },
} as const;

const FIELD = "w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";

export type DeployContractPanelProps = {
  readonly repo: string;
  readonly title: string;
  readonly testId: string;
  readonly density: keyof typeof DENSITY;
  /** Test ids of the deploy button and of the receipt (each page's e2e specs use its own). */
  readonly ids: { readonly run: string; readonly receipt: string };
  /** The contract text a deploy sends, as it is when the button is pressed. */
  readonly source: string;
  readonly constructorInput: ConstructorInput;
  /** Why the source cannot be deployed as it is (said when the button is pressed); null when it can. */
  readonly notReady: string | null;
  /** Why this person may not deploy here: the button is disabled with it as its title. */
  readonly readOnlyReason?: string | null;
  /** Above the constructor: where the source is written (the repository's tab). */
  readonly sourceField?: ReactNode;
  /** Beside the deploy button (the repository's Compile). */
  readonly actions?: ReactNode;
  /** Under the form (the compile result). */
  readonly belowForm?: ReactNode;
  /** Follows the transaction until a block seals it, and shows that block. */
  readonly followSealing?: boolean;
  /** Runs when the hub answered, before the receipt shows (locating a failure, opening the new contract). */
  readonly onReceipt?: (receipt: SentReceipt, deployedSource: string) => Promise<void> | void;
  /** Shown under the receipt. */
  readonly receiptDetail?: (receipt: SentReceipt) => ReactNode;
};

/**
 * The one deploy panel: the constructor's arguments, the deploy signed by the browser wallet,
 * then its receipt. The repository's Contracts tab and the editor differ only by their props.
 */
export function DeployContractPanel(props: DeployContractPanelProps) {
  const { repo, constructorInput, ids } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useSendTx();
  const branch = useRepoBranch();
  const [argsText, setArgsText] = useState("");
  const [values, setValues] = useState<ParamValues>({});
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<SentReceipt | null>(null);
  const sealing = useSealing(repo, props.followSealing ? (receipt?.txHash ?? null) : null);
  const style = DENSITY[props.density];

  function constructorArgs(): { ok: true; args: unknown } | { ok: false; error: string } {
    if (constructorInput.kind === "json") return parseConstructorArgs(argsText);
    const parsed = parseParamValues(constructorInput.params, values);
    setFieldErrors(parsed.ok ? {} : parsed.errors);
    return parsed.ok ? parsed : { ok: false, error: "Fix the constructor fields marked above first." };
  }

  async function deploy(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setReceipt(null);
    const args = constructorArgs();
    if (!args.ok) return setFailure(args.error);
    if (props.notReady) return setFailure(props.notReady);
    const deployedSource = props.source;
    const { onReceipt } = props;
    setSending(true);
    try {
      const sent = await send({ repo, branch, type: "deploy", payload: deployPayloadBytes(deployedSource, args.args) });
      await onReceipt?.(sent, deployedSource);
      setReceipt(sent);
      void queryClient.invalidateQueries({ queryKey: trpc.contracts.recent.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.contracts.list.pathKey() });
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setSending(false);
    }
  }

  return (
    <Panel title={props.title} testId={props.testId}>
      <form onSubmit={(e) => void deploy(e)} className={style.form} noValidate>
        {props.sourceField}
        {constructorInput.kind === "json" ? (
          <label htmlFor="deploy-args" className="block text-sm">
            <span className="text-zinc-600">Constructor arguments (JSON array or object; empty for none)</span>
            <input id="deploy-args" type="text" value={argsText} onChange={(e) => setArgsText(e.target.value)} placeholder='e.g. ["Token", 1000]' spellCheck={false} autoComplete="off" className={`${FIELD} mono mt-1`} data-testid="deploy-args" />
          </label>
        ) : constructorInput.params.length > 0 ? (
          <div className="space-y-1">
            <p className="text-xs font-medium text-zinc-600">Constructor</p>
            <ParamForm params={constructorInput.params} values={values} errors={fieldErrors} idPrefix="deploy-ctor" onChange={setValues} />
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {props.actions}
          <button type="submit" disabled={sending || Boolean(props.readOnlyReason)} title={props.readOnlyReason || "Sign the deploy with your browser wallet"} className={style.button} data-testid={ids.run}>
            {sending ? "Deploying…" : "Deploy with wallet"}
          </button>
        </div>
      </form>
      {props.belowForm}
      {failure ? (
        <p role="alert" className={`${style.section} text-red-700`} data-testid="deploy-error">
          {failure}
        </p>
      ) : null}
      {receipt ? (
        <div className={`${style.section} space-y-2`}>
          <TxReceipt receipt={sealing?.receipt ?? receipt} repo={repo} branch={branch} testId={ids.receipt} />
          {props.receiptDetail?.(receipt)}
          {props.followSealing ? <SealingBlock repo={repo} branch={branch} state={sealing?.state ?? "pending"} height={sealing?.receipt.blockHeight ?? null} /> : null}
        </div>
      ) : null}
    </Panel>
  );
}
