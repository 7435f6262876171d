"use client";
import { useState } from "react";
import { parseAmount } from "@/chain/amount";
import { isAddress } from "@/chain/crypto/address";
import type { SimulationRequest, SimulationResult } from "@/chain/sql/simulate";
import type { ContractAbi, RoutineAbi } from "@/chain/sql/types";
import { initialParamValues, INPUT_CLASS, parseParamValues, type ParamValues } from "@/components/explorer/ContractParamInputs";
import { ContractValue, EventArgs } from "@/components/explorer/ContractValue";
import { useTRPCClient } from "@/components/providers/trpc";
import { TxStatusBadge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { useWallet } from "@/components/wallet/WalletProvider";
import { errorMessage } from "../errors";
import { useRepoBranch } from "../useRepoBranch";
import { ErrorLine } from "./ErrorLine";
import { ParamForm } from "./ParamForm";
import { LABEL, PRIMARY_BUTTON, SELECT, parseRoutineKey, routineKey, type DeployedContract } from "./panelStyle";
import { RowDiffTable } from "./RowDiffTable";
import { base64ToBytes } from "./workspace";

type Engine = { ready: boolean; state?: { status: string; message: string | null }; simulate(req: SimulationRequest): Promise<SimulationResult> };

function routinesOf(abi: ContractAbi | null): { kind: "procedure" | "view"; routine: RoutineAbi }[] {
  if (!abi) return [];
  return [...abi.procedures.filter((p) => !p.resolver).map((routine) => ({ kind: "procedure" as const, routine })), ...abi.views.map((routine) => ({ kind: "view" as const, routine }))];
}

/**
 * Runs a procedure or view in the browser, on the same engine build as the chain: against a
 * fresh deploy of the open source, or against a copy of a deployed contract's state as of the
 * branch head. Shows what the chain would answer: result, events, gas and the changed rows.
 */
export function SimulatePanel({
  repo,
  source,
  abi,
  deployed,
  engine,
  onReveal,
}: {
  repo: string;
  source: string;
  /** The open file's ABI; null while it does not compile. */
  abi: ContractAbi | null;
  deployed: readonly DeployedContract[];
  engine: Engine;
  /** Shows a line of the open file in the editor. */
  onReveal: (line: number) => void;
}) {
  const client = useTRPCClient();
  const wallet = useWallet();
  const branch = useRepoBranch();
  const [targetKind, setTargetKind] = useState<"fresh" | "deployed">("fresh");
  const [address, setAddress] = useState("");
  const [selected, setSelected] = useState("");
  const [values, setValues] = useState<ParamValues>({});
  const [ctorValues, setCtorValues] = useState<ParamValues>({});
  const [sender, setSender] = useState("");
  const [amount, setAmount] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [ctorErrors, setCtorErrors] = useState<Record<string, string>>({});
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<{ value: SimulationResult; source: string } | null>(null);

  const contract = deployed.find((c) => c.address === address) ?? null;
  const formAbi = targetKind === "fresh" ? abi : (contract?.abi ?? null);
  const routines = routinesOf(formAbi);
  const chosen = routines.find((r) => routineKey({ kind: r.kind, name: r.routine.name }) === selected) ?? null;
  const ctorParams = abi?.constructor?.params ?? [];
  const from = sender.trim() || wallet.address || "";

  function choose(key: string) {
    setSelected(key);
    const ref = parseRoutineKey(key);
    const r = routines.find((x) => x.kind === ref?.kind && x.routine.name === ref?.name);
    setValues(r ? initialParamValues(r.routine.params) : {});
    setErrors({});
  }

  async function run() {
    setFailure(null);
    setResult(null);
    if (!formAbi) return setFailure(targetKind === "fresh" ? "Fix the problems first: the file must compile to simulate it." : "Pick a deployed contract first.");
    if (!isAddress(from)) return setFailure("Give the sender's address (or unlock your wallet): procedures see it as SENDER().");
    const args = chosen ? parseParamValues(chosen.routine.params, values) : ({ ok: true, args: [] } as const);
    setErrors(args.ok ? {} : args.errors);
    const ctor = targetKind === "fresh" ? parseParamValues(ctorParams, ctorValues) : ({ ok: true, args: [] } as const);
    setCtorErrors(ctor.ok ? {} : ctor.errors);
    if (!args.ok || !ctor.ok) return setFailure("Fix the fields marked above first.");
    if (!chosen && targetKind === "deployed") return setFailure("Pick a procedure or view to run on the deployed contract.");
    let amountAer: string | undefined;
    try {
      amountAer = amount.trim() === "" ? undefined : parseAmount(amount.trim().replace(/\s+/g, "")).toString();
    } catch (e) {
      return setFailure(`The amount is not valid: ${errorMessage(e)}`);
    }
    setRunning(true);
    try {
      const call = chosen ? { kind: chosen.kind, name: chosen.routine.name, args: args.args } : null;
      let req: SimulationRequest;
      if (targetKind === "fresh") {
        // The deploy's nonce decides the contract's address: use the one the sender would sign next.
        const [info, account] = await Promise.all([client.chain.info.query({ repo, branch }), client.accounts.get.query({ repo, branch, address: from })]);
        req = { source, target: { kind: "fresh", constructorArgs: ctor.args, nonce: account.nonce + 1 }, sender: from, amountAer, call, block: { height: info.height + 1, timestamp: Date.now(), branch } };
      } else {
        const state = await client.contracts.simulationState.query({ repo, branch, address: contract!.address });
        req = {
          source: state.source,
          target: { kind: "deployed", address: state.address, snapshot: base64ToBytes(state.snapshot), balanceAer: state.balanceAer },
          sender: from,
          amountAer,
          call,
          block: { height: state.nextHeight, timestamp: Math.max(Date.now(), state.timestamp), branch },
        };
      }
      const value = await engine.simulate(req);
      setResult({ value, source: req.source });
      if (value.error?.line && req.source === source) onReveal(value.error.line);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setRunning(false);
    }
  }

  const r = result?.value;
  return (
    <Panel title="Simulate" testId="simulate-panel">
      <div className="space-y-3 px-3 py-3">
        <fieldset className="flex gap-3 text-xs">
          <legend className="sr-only">Run against</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="simulate-target" checked={targetKind === "fresh"} onChange={() => setTargetKind("fresh")} data-testid="simulate-target-fresh" />
            Fresh deploy of this file
          </label>
          <label className="flex items-center gap-1">
            <input type="radio" name="simulate-target" checked={targetKind === "deployed"} onChange={() => setTargetKind("deployed")} disabled={deployed.length === 0} data-testid="simulate-target-deployed" />
            Deployed contract
          </label>
        </fieldset>
        {targetKind === "deployed" ? (
          <label className={LABEL}>
            Contract (its state as of the branch head)
            <select value={address} onChange={(e) => {
                setAddress(e.target.value);
                setSelected("");
              }} className={`${SELECT} mt-1`} data-testid="simulate-contract">
              <option value="">Choose…</option>
              {deployed.map((c) => (
                <option key={c.address} value={c.address}>
                  {c.name} · {c.address.slice(0, 10)}…
                </option>
              ))}
            </select>
          </label>
        ) : ctorParams.length > 0 ? (
          <div className="space-y-1">
            <p className="text-xs font-medium text-zinc-600">Constructor</p>
            <ParamForm params={ctorParams} values={ctorValues} errors={ctorErrors} idPrefix="simulate-ctor" onChange={setCtorValues} />
          </div>
        ) : null}
        <label className={LABEL}>
          Procedure or view
          <select value={selected} onChange={(e) => choose(e.target.value)} className={`${SELECT} mono mt-1`} disabled={!formAbi} data-testid="simulate-proc">
            <option value="">{targetKind === "fresh" ? "(the deploy alone)" : "Choose…"}</option>
            {routines.map(({ kind, routine }) => (
              <option key={routineKey({ kind, name: routine.name })} value={routineKey({ kind, name: routine.name })}>
                {kind === "view" ? "view " : ""}
                {routine.name}({routine.params.map((p) => p.name).join(", ")})
              </option>
            ))}
          </select>
        </label>
        {chosen ? <ParamForm params={chosen.routine.params} values={values} errors={errors} idPrefix="simulate-param" onChange={setValues} /> : null}
        <div className="grid grid-cols-2 gap-2">
          <label className={LABEL}>
            Sender
            <input type="text" value={sender} onChange={(e) => setSender(e.target.value)} placeholder={wallet.address ?? "Am…"} spellCheck={false} autoComplete="off" className={`${INPUT_CLASS} mono mt-1 h-8 text-xs`} data-testid="simulate-sender" />
          </label>
          <label className={LABEL}>
            AERGO sent (optional)
            <input type="text" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder="e.g. 1.5aergo" spellCheck={false} autoComplete="off" className={`${INPUT_CLASS} mt-1 h-8 text-xs`} data-testid="simulate-amount" />
          </label>
        </div>
        <button type="button" onClick={() => void run()} disabled={running || !engine.ready} className={PRIMARY_BUTTON} data-testid="simulate-run">
          {!engine.ready ? "Loading the engine…" : running ? "Simulating…" : "Simulate"}
        </button>
        {engine.state?.status === "unavailable" ? (
          <p role="alert" className="text-xs text-red-700" data-testid="simulate-engine-unavailable">
            The in-browser engine could not start{engine.state.message ? `: ${engine.state.message}` : "."} Deploy and call still work.
          </p>
        ) : null}
        {failure ? (
          <p role="alert" className="text-xs text-red-700" data-testid="simulate-error">
            {failure}
          </p>
        ) : null}
        {r ? (
          <div className="space-y-2 border-t border-zinc-100 pt-2 text-xs" data-testid="simulate-result" data-status={r.status}>
            <div className="flex flex-wrap items-center gap-2">
              <TxStatusBadge status={r.status} />
              <span className="text-zinc-600">
                gas <span className="tabular-nums font-medium text-zinc-900" data-testid="simulate-gas">{formatInteger(r.gasUsed)}</span>
              </span>
              {r.contractAddress ? <span className="mono truncate text-zinc-500" title={r.contractAddress}>→ {r.contractAddress.slice(0, 12)}…</span> : null}
            </div>
            {r.error ? (
              <div>
                <p className="text-red-700" data-testid="simulate-error-message">
                  {r.error.code}: {r.error.message}
                </p>
                {r.error.line ? <ErrorLine source={result.source} line={r.error.line} column={r.error.column} onReveal={result.source === source ? onReveal : () => {}} /> : null}
              </div>
            ) : null}
            {r.status === "success" && r.returnValue !== null && r.returnValue !== undefined ? (
              <p data-testid="simulate-return">
                <span className="text-zinc-500">Returned </span>
                <ContractValue value={r.returnValue} repo={repo} branch={branch} />
              </p>
            ) : null}
            {r.events.length > 0 ? (
              <ul className="space-y-0.5" data-testid="simulate-events">
                {r.events.map((e, i) => (
                  <li key={i}>
                    <span className="mono font-medium">{e.name}</span> <EventArgs args={e.args} repo={repo} branch={branch} />
                  </li>
                ))}
              </ul>
            ) : null}
            <RowDiffTable diff={r.diff} />
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
