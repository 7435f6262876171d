"use client";
import { useState } from "react";

/** Asks for the wallet password when something needs a signature and the key is locked. */
export function UnlockDialog({ address, onUnlock, onCancel }: { address: string; onUnlock: (password: string) => Promise<void>; onCancel: () => void }) {
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-4" role="dialog" aria-modal="true" aria-labelledby="unlock-title">
      <form
        className="w-full max-w-md space-y-3 rounded-lg bg-white p-5 shadow-xl"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await onUnlock(password);
          } catch (err) {
            setError(err instanceof Error ? err.message : String(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <h2 id="unlock-title" className="text-lg font-semibold">Unlock your wallet</h2>
        <p className="text-sm text-zinc-600">
          Signing needs the key <span className="mono break-all">{address}</span>. It is decrypted here, in this browser, and never leaves it.
        </p>
        <label className="block text-sm">
          <span className="text-zinc-600">Wallet password</span>
          <input type="password" autoFocus className="mt-1 w-full rounded-md border border-zinc-300 px-3 py-2" value={password} onChange={(e) => setPassword(e.target.value)} name="wallet-password" />
        </label>
        {error && <p role="alert" className="text-sm text-red-700">{error}</p>}
        <div className="flex justify-end gap-2">
          <button type="button" className="rounded-md px-3 py-2 text-sm text-zinc-700 hover:bg-zinc-100" onClick={onCancel}>Cancel</button>
          <button type="submit" disabled={busy || password === ""} className="rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50">{busy ? "Unlocking…" : "Unlock"}</button>
        </div>
      </form>
    </div>
  );
}
