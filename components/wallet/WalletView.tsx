"use client";
/**
 * /wallet: the browser wallet's keys, their balances and recent transactions on the AERGO Chain,
 * the faucet (dev network), sending AERGO, and keystore import/export shared with the CLI.
 */
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { parseAmount } from "@/chain/amount";
import { useTRPC } from "@/components/providers/trpc";
import { Amount } from "@/components/ui/Amount";
import { PageTitle } from "@/components/ui/PageTitle";
import { Panel } from "@/components/ui/Panel";
import { TxTable, txColumns } from "@/components/explorer/TxTable";
import { resolveAccountInput } from "@/components/names/accountInput";
import { ResolvedAccountNote } from "@/components/names/ResolvedAccountNote";
import { useNameLookups } from "@/components/names/useNameLookups";
import { useSendTx } from "./useSendTx";
import { useWallet } from "./WalletProvider";

const input = "mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm";
const button = "rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50";

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function WalletView() {
  const wallet = useWallet();
  return (
    <div className="space-y-4">
      <PageTitle kind="Wallet" aside={<span className="text-sm text-zinc-500">Keys stay in this browser, encrypted with your password.</span>} />
      {wallet.keys.length === 0 ? <p className="text-sm text-zinc-600" data-testid="wallet-empty">This browser holds no key yet. Create one, or import a keystore from the CLI (<span className="mono">aergo keys export NAME</span>).</p> : null}
      {wallet.address ? <PrimaryKey address={wallet.address} /> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <CreateKeyForm />
        <ImportKeyForm />
      </div>
      {wallet.keys.length > 0 ? <KeyList /> : null}
    </div>
  );
}

function PrimaryKey({ address }: { address: string }) {
  const trpc = useTRPC();
  const wallet = useWallet();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.accounts.get.queryOptions({ address }, { refetchInterval: 2000 }));
  const txs = useQuery(trpc.accounts.txs.queryOptions({ address, limit: 10 }, { refetchInterval: 2000 }));
  const refresh = () => queryClient.invalidateQueries();
  const faucet = useMutation(trpc.faucet.request.mutationOptions({ onSuccess: refresh }));
  return (
    <Panel
      title="Your account on the AERGO Chain"
      testId="wallet-primary"
      actions={
        <span className={wallet.unlocked ? "text-green-700" : "text-zinc-500"} data-testid="wallet-lock-state">
          {wallet.unlocked ? "unlocked" : "locked"}
        </span>
      }
    >
      <div className="space-y-3 p-4 text-sm">
        <div>
          <span className="text-zinc-500">Address </span>
          <Link href={`/address/${address}`} className="mono break-all text-blue-700 hover:underline" data-testid="wallet-address">
            {address}
          </Link>
        </div>
        <div data-testid="wallet-balance">
          <span className="text-zinc-500">Balance </span>
          {account.data ? <Amount value={account.data.balance} /> : "…"}
          {account.data ? <span className="ml-3 text-zinc-500">nonce {account.data.nonce}</span> : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={button} disabled={faucet.isPending} onClick={() => faucet.mutate({ address })} data-testid="wallet-faucet">
            {faucet.isPending ? "Asking the faucet…" : "Get 1,000 AERGO (dev faucet)"}
          </button>
          {faucet.error ? <span role="alert" className="text-red-700">{faucet.error.message}</span> : null}
          {faucet.data ? <span className="text-green-700">Received in tx {faucet.data.txHash.slice(0, 10)}…</span> : null}
        </div>
        <SendForm onSent={refresh} />
      </div>
      <TxTable txs={txs.data ?? []} columns={[txColumns.hash, txColumns.block, txColumns.age, txColumns.type(), txColumns.direction(address), txColumns.counterparty(address), txColumns.amount, txColumns.status]} placeholder={<span className="text-zinc-500">No transactions yet.</span>} />
    </Panel>
  );
}

/**
 * Sends AERGO on the AERGO Chain (the root's main) to an address or a name: a name is looked up on
 * that chain as it is typed, and the address shown beside it is the one signed for.
 */
function SendForm({ onSent }: { onSent: () => void }) {
  const send = useSendTx();
  const [to, setTo] = useState("");
  const [amount, setAmount] = useState("");
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  const recipient = resolveAccountInput(to, useNameLookups([to]));
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (recipient.status !== "ready") return setState({ busy: false, error: recipient.status === "invalid" || recipient.status === "unresolved" ? recipient.message : "Wait until the name is looked up." });
    setState({ busy: true });
    try {
      const receipt = await send({ type: "transfer", to: recipient.address, amount: parseAmount(amount.trim()) });
      const shownTo = recipient.name === null ? "" : ` · to ${recipient.name} → ${recipient.address}`;
      setState({ busy: false, done: `${receipt.status} · tx ${receipt.txHash}${shownTo}` });
      onSent();
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }
  return (
    <form className="grid gap-2 border-t border-zinc-100 pt-3 md:grid-cols-[1fr_12rem_auto]" onSubmit={submit} data-testid="wallet-send">
      <label className="text-sm">
        <span className="text-zinc-600">Send to (an address or a name)</span>
        <input className={`${input} mono`} value={to} onChange={(e) => setTo(e.target.value)} placeholder="A… or alice.shop" name="to" spellCheck={false} autoComplete="off" />
        <ResolvedAccountNote account={recipient} testId="wallet-send-recipient" />
      </label>
      <label className="text-sm">
        <span className="text-zinc-600">Amount (e.g. 1.5 aergo)</span>
        <input className={input} value={amount} onChange={(e) => setAmount(e.target.value)} name="amount" />
      </label>
      <div className="flex items-end">
        <button className={button} disabled={state.busy || recipient.status !== "ready" || !amount}>{state.busy ? "Signing…" : "Sign & send"}</button>
      </div>
      {state.error ? <p role="alert" className="text-sm text-red-700 md:col-span-3">{state.error}</p> : null}
      {state.done ? <p className="text-sm text-green-700 md:col-span-3" data-testid="wallet-send-result">{state.done}</p> : null}
    </form>
  );
}

function CreateKeyForm() {
  const wallet = useWallet();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < 10) return setState({ busy: false, error: "Use a password of at least 10 characters." });
    if (password !== confirm) return setState({ busy: false, error: "The passwords differ." });
    setState({ busy: true });
    try {
      await wallet.createKey(password);
      setPassword("");
      setConfirm("");
      setState({ busy: false });
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }
  return (
    <Panel title="Create a key">
      <form className="space-y-2 p-4" onSubmit={submit} data-testid="wallet-create">
        <label className="block text-sm">
          <span className="text-zinc-600">Password (encrypts the key in this browser)</span>
          <input type="password" className={input} value={password} onChange={(e) => setPassword(e.target.value)} name="new-password" autoComplete="new-password" />
        </label>
        <label className="block text-sm">
          <span className="text-zinc-600">Confirm</span>
          <input type="password" className={input} value={confirm} onChange={(e) => setConfirm(e.target.value)} name="confirm-password" autoComplete="new-password" />
        </label>
        {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
        <button className={button} disabled={state.busy}>{state.busy ? "Creating…" : "Create key"}</button>
      </form>
    </Panel>
  );
}

function ImportKeyForm() {
  const wallet = useWallet();
  const [text, setText] = useState("");
  const [password, setPassword] = useState("");
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });
  async function submit(e: FormEvent) {
    e.preventDefault();
    setState({ busy: true });
    try {
      const address = await wallet.importKeystore(text, password);
      setText("");
      setPassword("");
      setState({ busy: false, done: `Imported ${address}.` });
    } catch (err) {
      setState({ busy: false, error: errorText(err) });
    }
  }
  return (
    <Panel title="Import a keystore">
      <form className="space-y-2 p-4" onSubmit={submit} data-testid="wallet-import">
        <label className="block text-sm">
          <span className="text-zinc-600">Keystore file (from <span className="mono">aergo keys export</span> or aergocli)</span>
          <input
            type="file"
            accept=".json,application/json,.txt"
            className="mt-1 block text-sm"
            name="keystore-file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (!f) return;
              if (f.size > 64 * 1024) return setState({ busy: false, error: "That file is too large to be a keystore." });
              setText(await f.text());
            }}
          />
        </label>
        <textarea className={`${input} mono h-20`} value={text} onChange={(e) => setText(e.target.value)} placeholder='{"aergo_address": …}' name="keystore-json" />
        <label className="block text-sm">
          <span className="text-zinc-600">Its password</span>
          <input type="password" className={input} value={password} onChange={(e) => setPassword(e.target.value)} name="keystore-password" />
        </label>
        {state.error ? <p role="alert" className="text-sm text-red-700">{state.error}</p> : null}
        {state.done ? <p className="text-sm text-green-700">{state.done}</p> : null}
        <button className={button} disabled={state.busy || !text || !password}>{state.busy ? "Decrypting…" : "Import"}</button>
      </form>
    </Panel>
  );
}

function KeyList() {
  const wallet = useWallet();
  function download(address: string) {
    const blob = new Blob([wallet.exportKeystore(address)], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = `${address}__keystore.txt`;
    a.click();
    URL.revokeObjectURL(url);
  }
  return (
    <Panel title="Keys in this browser" testId="wallet-keys">
      <ul className="divide-y divide-zinc-100 text-sm">
        {wallet.keys.map((k) => (
          <li key={k.address} className="flex flex-wrap items-center gap-3 px-4 py-2">
            <span className="font-medium">{k.name}</span>
            <span className="mono break-all text-zinc-700">{k.address}</span>
            {k.address === wallet.address ? <span className="rounded bg-blue-50 px-2 text-xs text-blue-800">primary</span> : <button type="button" className="text-xs text-blue-700 hover:underline" onClick={() => wallet.setPrimary(k.address)}>make primary</button>}
            <button type="button" className="ml-auto text-xs text-blue-700 hover:underline" onClick={() => download(k.address)} data-testid="wallet-export">
              Export keystore
            </button>
          </li>
        ))}
      </ul>
    </Panel>
  );
}
