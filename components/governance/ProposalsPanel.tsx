"use client";
/**
 * Chain-parameter proposals (docs/governance.md): the create form, and each proposal with its
 * tally, status and the wallet's ballot, with yes / no buttons while it is open. Both sign a
 * `govern` transaction with the browser wallet.
 */
import { useState, type FormEvent } from "react";
import { formatParamValue, GOVERNED_PARAM_NAMES, parseParamInput, type GovernedParam } from "@/chain/governance/params";
import { useSendTx } from "@/components/wallet/useSendTx";
import { Amount } from "@/components/ui/Amount";
import { Badge, type BadgeTone } from "@/components/ui/Badge";
import { HashLink } from "@/components/ui/HashLink";
import { Panel } from "@/components/ui/Panel";
import { formatInteger } from "@/components/ui/format";
import { BUTTON, errorText, INPUT, SECONDARY_BUTTON } from "./formStyles";
import type { Ballot, GovernanceOverview, Proposal } from "./types";

const PARAM_LABELS: Record<GovernedParam, string> = { namePrice: "Name price (AERGO)", hubFeeBps: "Hub fee (bps, 0–500)" };
const STATUS_TONE: Record<Proposal["status"], BadgeTone> = { open: "blue", enacted: "green", rejected: "red" };
const REASONS: Record<NonNullable<Proposal["reason"]>, string> = { NO_QUORUM: "too little stake voted", MAJORITY_AGAINST: "no did not lose" };

const encodeJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export function ProposalsPanel({ overview, proposals, ballots, canSign, onSent }: { overview: GovernanceOverview; proposals: readonly Proposal[]; ballots: readonly Ballot[]; canSign: boolean; onSent: () => void }) {
  return (
    <Panel title="Chain-parameter proposals" testId="gov-proposals" actions={<span>name price {overview.params.namePrice.aergo} AERGO · hub fee {overview.params.hubFeeBps} bps</span>}>
      {overview.governed ? <CreateProposalForm canSign={canSign} onSent={onSent} /> : null}
      <ul className="divide-y divide-zinc-100 text-sm">
        {proposals.length === 0 ? <li className="px-4 py-6 text-center text-zinc-500">No proposals yet.</li> : null}
        {proposals.map((p) => (
          <ProposalRow key={p.id} proposal={p} ballot={ballots.find((b) => b.proposal === p.id)} canSign={canSign && overview.governed} onSent={onSent} />
        ))}
      </ul>
    </Panel>
  );
}

function CreateProposalForm({ canSign, onSent }: { canSign: boolean; onSent: () => void }) {
  const send = useSendTx();
  const [param, setParam] = useState<GovernedParam>("namePrice");
  const [value, setValue] = useState("");
  const [description, setDescription] = useState("");
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true });
    try {
      const proposed = parseParamInput(param, value);
      const receipt = await send({ type: "govern", payload: encodeJson({ op: "propose", param, value: proposed.toString(), description: description.trim() }) });
      setState({ busy: false, done: `Proposed · tx ${receipt.txHash}` });
      setValue("");
      setDescription("");
      onSent();
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }
  return (
    <form onSubmit={submit} className="grid gap-2 border-b border-zinc-200 p-4 text-sm md:grid-cols-[14rem_10rem_1fr_auto]" data-testid="gov-propose-form">
      <label>
        <span className="text-zinc-600">Parameter</span>
        <select className={INPUT} value={param} onChange={(e) => setParam(e.target.value as GovernedParam)} name="param">
          {GOVERNED_PARAM_NAMES.map((n) => (
            <option key={n} value={n}>
              {PARAM_LABELS[n]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="text-zinc-600">New value</span>
        <input className={INPUT} value={value} onChange={(e) => setValue(e.target.value)} name="value" placeholder={param === "namePrice" ? "2.5" : "150"} />
      </label>
      <label>
        <span className="text-zinc-600">Why (optional)</span>
        <input className={INPUT} value={description} onChange={(e) => setDescription(e.target.value)} name="description" maxLength={280} />
      </label>
      <div className="flex items-end">
        <button className={BUTTON} disabled={!canSign || state.busy || !value.trim()} data-testid="gov-propose-submit">
          {state.busy ? "Signing…" : "Propose"}
        </button>
      </div>
      <p className="text-zinc-500 md:col-span-4">Open for one epoch; enacted at its end block if at least the quorum of stake voted and yes outweighs no. Voting locks your stake until then.</p>
      {state.error ? <p role="alert" className="text-red-700 md:col-span-4">{state.error}</p> : null}
      {state.done ? <p className="text-green-700 md:col-span-4" data-testid="gov-propose-result">{state.done}</p> : null}
    </form>
  );
}

function ProposalRow({ proposal: p, ballot, canSign, onSent }: { proposal: Proposal; ballot: Ballot | undefined; canSign: boolean; onSent: () => void }) {
  const send = useSendTx();
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  async function vote(choice: "yes" | "no") {
    setState({ busy: true });
    try {
      await send({ type: "govern", payload: encodeJson({ op: "vote", proposal: p.id, choice }) });
      setState({ busy: false });
      onSent();
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }
  const total = BigInt(p.yes.aer) + BigInt(p.no.aer);
  const yesShare = total === 0n ? 0 : Number((BigInt(p.yes.aer) * 1000n) / total) / 10;
  return (
    <li className="space-y-2 px-4 py-3" data-testid={`gov-proposal-${p.number}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">#{p.number}</span>
        <span>
          {p.param} → <span className="font-medium">{formatParamValue(p.param, p.value)}</span>
        </span>
        <Badge tone={STATUS_TONE[p.status]} testId="gov-proposal-status">
          {p.status}
        </Badge>
        {p.reason ? <span className="text-zinc-500">({REASONS[p.reason]})</span> : null}
        <span className="ml-auto text-xs text-zinc-500">
          by <HashLink value={p.proposer} href={`/address/${p.proposer}`} copy={false} /> at #{formatInteger(p.createdAt)} · {p.status === "open" ? `open until #${formatInteger(p.endHeight)}` : `closed at #${formatInteger(p.closedAt ?? p.endHeight)}`}
        </span>
      </div>
      {p.description ? <p className="text-zinc-700">{p.description}</p> : null}
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-zinc-600" data-testid="gov-proposal-tally">
        <span>
          yes <Amount value={p.yes} />
        </span>
        <span>
          no <Amount value={p.no} />
        </span>
        <span>{yesShare}% yes</span>
        <span>
          {p.voters} voter{p.voters === 1 ? "" : "s"} · quorum <Amount value={p.quorum} />
        </span>
        {ballot ? (
          <span data-testid="gov-proposal-ballot">
            you voted <span className="font-medium">{ballot.choice}</span> with <Amount value={ballot.weight} />
          </span>
        ) : null}
      </div>
      {p.status === "open" ? (
        <div className="flex items-center gap-2">
          <button type="button" className={SECONDARY_BUTTON} disabled={!canSign || state.busy} onClick={() => vote("yes")} data-testid="gov-proposal-yes">
            Vote yes
          </button>
          <button type="button" className={SECONDARY_BUTTON} disabled={!canSign || state.busy} onClick={() => vote("no")} data-testid="gov-proposal-no">
            Vote no
          </button>
          {state.busy ? <span className="text-zinc-500">Signing…</span> : null}
        </div>
      ) : null}
      {state.error ? <p role="alert" className="text-red-700">{state.error}</p> : null}
    </li>
  );
}
