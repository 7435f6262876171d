"use client";
/**
 * The wallet's stake: how much is staked, which candidates it votes for, until when it is locked
 * by proposal votes; stake and unstake forms signed with the browser wallet. Amounts are read by
 * chain/amount.ts parseAmount, the one amount rule.
 */
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { parseAmount } from "@/chain/amount";
import { useSendTx } from "@/components/wallet/useSendTx";
import { Amount } from "@/components/ui/Amount";
import { Panel } from "@/components/ui/Panel";
import { BUTTON, errorText, INPUT } from "./formStyles";
import type { Staking } from "./types";

export function StakePanel({ address, balance, staking, onSent }: { address: string | null; balance: { aer: string; aergo: string } | undefined; staking: Staking | undefined; onSent: () => void }) {
  if (!address) {
    return (
      <Panel title="Your stake" testId="gov-stake">
        <p className="p-4 text-sm text-zinc-600">
          Staking and voting sign with your browser wallet: <Link href="/wallet" className="text-blue-700 hover:underline">create or import a key</Link> first.
        </p>
      </Panel>
    );
  }
  return (
    <Panel title="Your stake" testId="gov-stake">
      <div className="space-y-2 p-4 text-sm">
        <div>
          <span className="text-zinc-500">Balance </span>
          {balance ? <Amount value={balance} /> : "…"}
          <span className="ml-4 text-zinc-500">Staked </span>
          <span data-testid="gov-staked">{staking ? <Amount value={staking.staked} /> : "…"}</span>
        </div>
        <div className="text-zinc-600">
          {staking?.votes.length ? `Voting for ${staking.votes.length} candidate${staking.votes.length === 1 ? "" : "s"}.` : "No producer votes yet."}
          {staking?.lockedUntil ? <span data-testid="gov-locked"> Locked by proposal votes until block {staking.lockedUntil}.</span> : null}
        </div>
        <div className="grid gap-3 border-t border-zinc-100 pt-3 md:grid-cols-2">
          <AmountForm kind="stake" onSent={onSent} />
          <AmountForm kind="unstake" onSent={onSent} />
        </div>
      </div>
    </Panel>
  );
}

function AmountForm({ kind, onSent }: { kind: "stake" | "unstake"; onSent: () => void }) {
  const send = useSendTx();
  const [amount, setAmount] = useState("");
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true });
    try {
      const receipt = await send({ type: kind, amount: parseAmount(amount.trim()) });
      setState({ busy: false, done: `${receipt.status} · tx ${receipt.txHash}` });
      setAmount("");
      onSent();
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }
  return (
    <form onSubmit={submit} className="space-y-1" data-testid={`gov-${kind}-form`}>
      <label className="block">
        <span className="text-zinc-600">{kind === "stake" ? "Stake (e.g. 100 aergo)" : "Unstake"}</span>
        <input className={INPUT} value={amount} onChange={(e) => setAmount(e.target.value)} name={`${kind}-amount`} />
      </label>
      <button className={BUTTON} disabled={state.busy || !amount.trim()}>{state.busy ? "Signing…" : kind === "stake" ? "Sign & stake" : "Sign & unstake"}</button>
      {state.error ? <p role="alert" className="text-red-700">{state.error}</p> : null}
      {state.done ? <p className="text-green-700" data-testid={`gov-${kind}-result`}>{state.done}</p> : null}
    </form>
  );
}
