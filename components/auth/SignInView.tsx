"use client";
/**
 * Sign-in, two ways: email + password, or a signature by the Aergo key held in this browser's
 * wallet over a one-time challenge from the hub.
 */
import { assertChallengeFor } from "@/chain/crypto/signInChallenge";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { signInMessage } from "@/server/auth/signInErrors";
import { useWallet } from "@/components/wallet/WalletProvider";
import { errorText, postJson, safeCallbackUrl } from "./authClient";
import { AuthCard, Field, FormError, SubmitButton } from "./formParts";

export type SignInMethod = "password" | "key";

const TABS: readonly { id: SignInMethod; label: string }[] = [
  { id: "password", label: "Email and password" },
  { id: "key", label: "Sign in with your Aergo key" },
];

export function SignInView({ callbackUrl, initialMethod = "password", initialError }: { callbackUrl?: string; initialMethod?: SignInMethod; initialError?: string | null }) {
  const [method, setMethod] = useState<SignInMethod>(initialMethod);
  const target = safeCallbackUrl(callbackUrl);
  return (
    <AuthCard
      title="Sign in to AERGO Hub"
      footer={
        <>
          New here?{" "}
          <Link href="/signup" className="font-medium text-blue-700 hover:underline">
            Create an account
          </Link>
        </>
      }
    >
      <div role="tablist" aria-label="Sign-in method" className="mb-5 flex gap-1 border-b border-zinc-200">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`signin-tab-${t.id}`}
            aria-selected={method === t.id}
            aria-controls={`signin-panel-${t.id}`}
            data-testid={`signin-tab-${t.id}`}
            onClick={() => setMethod(t.id)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm whitespace-nowrap ${
              method === t.id ? "border-blue-600 font-medium text-zinc-900" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900"
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`signin-panel-${method}`} aria-labelledby={`signin-tab-${method}`}>
        {method === "password" ? <PasswordSignIn target={target} initialError={initialError} /> : <KeySignIn target={target} />}
      </div>
    </AuthCard>
  );
}

function PasswordSignIn({ target, initialError }: { target: string; initialError?: string | null }) {
  const router = useRouter();
  const wallet = useWallet();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(initialError ? signInMessage(initialError) : null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) return setError("Enter your email and password.");
    setBusy(true);
    try {
      const res = await signIn("password", { email: email.trim(), password, redirect: false });
      if (!res || res.error) return setError(signInMessage(res?.code ?? res?.error));
      // The sign-up form encrypted the wallet key with this password: unlock it now, so the
      // first signature does not ask again. A different wallet password is fine: it asks later.
      if (wallet.address && !wallet.unlocked) await wallet.unlock(password).catch(() => undefined);
      router.push(target);
      router.refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="signin-password-form">
      <Field label="Email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <FormError message={error} testId="signin-error" />
      <SubmitButton busy={busy} busyLabel="Signing in…" testId="signin-submit">
        Sign in
      </SubmitButton>
    </form>
  );
}

function KeySignIn({ target }: { target: string }) {
  const router = useRouter();
  const wallet = useWallet();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const address = wallet.address;
    if (!address) return setError("This browser's wallet has no key yet. Create an account, or import your key on the Wallet page.");
    try {
      setBusy("Asking the hub for a challenge…");
      const challenge = await postJson<{ id: string; text: string; expiresAt: string }>("/v1/auth/challenge", {});
      // Asks for the wallet password first when the key is locked (the wallet's unlock dialog).
      setBusy("Waiting for your signature…");
      // Sign only a challenge for the origin this page is on (a relayed one names another).
      assertChallengeFor(challenge.text, window.location.origin);
      const signature = await wallet.signStatement("sign-in", challenge.text);
      setBusy("Signing in…");
      const res = await signIn("aergo-key", { challengeId: challenge.id, address, signature, redirect: false });
      if (!res || res.error) return setError(signInMessage(res?.code ?? res?.error));
      router.push(target);
      router.refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="signin-key-form">
      {wallet.address ? (
        <div className="text-sm">
          <p className="text-zinc-600">Your key signs a one-time challenge from the hub, here in this browser. The key never leaves it.</p>
          <p className="mt-3 font-medium text-zinc-700">Key</p>
          <p className="mono mt-1 rounded-md bg-zinc-50 px-3 py-2 break-all text-zinc-800" data-testid="signin-key-address">
            {wallet.address}
          </p>
          {!wallet.unlocked ? <p className="mt-2 text-xs text-zinc-500">The key is locked: you will be asked for its password.</p> : null}
        </div>
      ) : (
        <p className="text-sm text-zinc-600">
          This browser holds no Aergo key yet.{" "}
          <Link href="/signup" className="font-medium text-blue-700 hover:underline">
            Create an account
          </Link>{" "}
          or import your key on the{" "}
          <Link href="/wallet" className="font-medium text-blue-700 hover:underline">
            Wallet page
          </Link>
          .
        </p>
      )}
      <FormError message={error} testId="signin-error" />
      <SubmitButton busy={busy !== null} busyLabel={busy ?? ""} disabled={!wallet.address} testId="signin-key-submit">
        Sign in with your key
      </SubmitButton>
    </form>
  );
}
