"use client";
/**
 * Producers and candidates with the stake voted for them, and the vote form: pick up to the
 * chain's limit of candidates, sign a `vote` transaction with the browser wallet. A vote weighs
 * the voter's whole stake for each candidate it names and replaces the voter's earlier vote.
 */
import { useState, type FormEvent } from "react";
import { useSendTx } from "@/components/wallet/useSendTx";
import { Badge } from "@/components/ui/Badge";
import { Panel } from "@/components/ui/Panel";
import { Table, Td, Th } from "@/components/ui/Table";
import { BUTTON, errorText } from "./formStyles";
import { ProducerName, ProducerStatCells } from "@/components/explorer/ProducerName";
import type { GovernanceOverview, Staking } from "./types";

export function ProducersPanel({ overview, staking, canSign, onSent }: { overview: GovernanceOverview; staking: Staking | undefined; canSign: boolean; onSent: () => void }) {
  const send = useSendTx();
  const elected = new Set(overview.producers.map((p) => p.address));
  const [picked, setPicked] = useState<ReadonlySet<string> | null>(null);
  const chosen = picked ?? new Set(staking?.votes ?? []);
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  const hasStake = staking !== undefined && staking.staked.aer !== "0";

  function toggle(address: string) {
    const next = new Set(chosen);
    if (next.has(address)) next.delete(address);
    else next.add(address);
    setPicked(next);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true });
    try {
      // The vote's payload: the UTF-8 JSON array of candidate addresses (chain/exec/applyTx.ts).
      const receipt = await send({ type: "vote", payload: new TextEncoder().encode(JSON.stringify([...chosen])) });
      setState({ busy: false, done: `Voted · tx ${receipt.txHash}` });
      setPicked(null);
      onSent();
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }

  return (
    <Panel title="Producers and candidates" testId="gov-producers" actions={<span>{overview.producers.length} elected · ranked by voted stake</span>}>
      <form onSubmit={submit}>
        <Table testId="gov-candidates-table">
          <thead>
            <tr>
              {overview.governed ? <Th>Vote</Th> : null}
              <Th>Candidate</Th>
              <Th>Role</Th>
              <Th align="right">Produced</Th>
              <Th align="right">Missed</Th>
              <Th align="right">Votes</Th>
            </tr>
          </thead>
          <tbody>
            {overview.candidates.map((c) => (
              <tr key={c.address} data-testid={`gov-candidate-${c.address}`}>
                {overview.governed ? (
                  <Td>
                    <input type="checkbox" aria-label={`Vote for ${c.label ?? c.address}`} checked={chosen.has(c.address)} onChange={() => toggle(c.address)} disabled={!canSign} data-testid={`gov-vote-${c.address}`} />
                  </Td>
                ) : null}
                <Td>
                  <ProducerName p={c} />
                </Td>
                <Td>
                  {elected.has(c.address) ? (
                    <Badge tone="green" testId="gov-role-producer">
                      producer
                    </Badge>
                  ) : (
                    <Badge tone="gray" testId="gov-role-standby">
                      standby
                    </Badge>
                  )}
                </Td>
                <ProducerStatCells p={c} />
              </tr>
            ))}
          </tbody>
        </Table>
        {overview.governed ? (
          <div className="flex flex-wrap items-center gap-3 border-t border-zinc-100 p-4 text-sm">
            <button className={BUTTON} disabled={!canSign || !hasStake || chosen.size === 0 || state.busy} data-testid="gov-vote-submit">
              {state.busy ? "Signing…" : `Vote for ${chosen.size} candidate${chosen.size === 1 ? "" : "s"}`}
            </button>
            <span className="text-zinc-500">{!canSign ? "Create a key in your wallet to vote." : hasStake ? "Your whole stake counts for each candidate you pick." : "Stake AERGO first: votes weigh by stake."}</span>
            {state.error ? <p role="alert" className="w-full text-red-700">{state.error}</p> : null}
            {state.done ? <p className="w-full text-green-700" data-testid="gov-vote-result">{state.done}</p> : null}
          </div>
        ) : null}
      </form>
    </Panel>
  );
}
