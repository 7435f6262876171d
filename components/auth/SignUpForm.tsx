"use client";
/**
 * Sign-up: the browser creates the person's identity key (encrypted with their password, kept in
 * this browser's wallet), signs a one-time challenge with it, then the hub records the account
 * with the key's address, then Auth.js signs them in. The private key never leaves the browser.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { signIn } from "next-auth/react";
import { assertChallengeFor } from "@/chain/crypto/signInChallenge";
import { RESERVED_USERNAMES, ZUsername } from "@/chain/repo/names";
import { checkPasswordPolicy } from "@/server/auth/passwordPolicy";
import { signInMessage } from "@/server/auth/signInErrors";
import { useWallet } from "@/components/wallet/WalletProvider";
import { errorText, postJson, safeCallbackUrl } from "./authClient";
import { AuthCard, Field, FormError, SubmitButton } from "./formParts";

/** The first problem with the form, as a sentence; null when it may be sent. */
function formProblem(f: { username: string; email: string; password: string; confirm: string }): string | null {
  const u = ZUsername.safeParse(f.username);
  if (!u.success) return `The username ${u.error.issues[0]?.message ?? "is invalid"}.`;
  if (RESERVED_USERNAMES.has(u.data)) return `The username "${u.data}" is reserved; choose another.`;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) return "Enter a valid email address.";
  try {
    checkPasswordPolicy(f.password, { username: u.data, email: f.email });
  } catch (e) {
    return errorText(e);
  }
  if (f.password !== f.confirm) return "The two passwords do not match.";
  return null;
}

export function SignUpForm({ callbackUrl }: { callbackUrl?: string }) {
  const wallet = useWallet();
  const router = useRouter();
  const [fields, setFields] = useState({ username: "", email: "", password: "", confirm: "" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A retry (say the username was taken) reuses the key made for this password instead of
  // leaving a trail of unused keys in the wallet.
  const madeKey = useRef<{ password: string; address: string } | null>(null);
  const set = (k: keyof typeof fields) => (e: React.ChangeEvent<HTMLInputElement>) => setFields((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const problem = formProblem(fields);
    if (problem) return setError(problem);
    const username = fields.username.trim().toLowerCase();
    const email = fields.email.trim();
    try {
      setBusy("Creating your key…");
      let address = madeKey.current?.password === fields.password ? madeKey.current.address : null;
      if (!address) {
        address = await wallet.createKey(fields.password, username);
        madeKey.current = { password: fields.password, address };
      }
      // The hub records the address only with proof that this browser holds its key: a signature
      // over a one-time challenge naming this hub's origin (a relayed one names another).
      setBusy("Creating your account…");
      const challenge = await postJson<{ id: string; text: string }>("/v1/auth/challenge", {});
      assertChallengeFor(challenge.text, window.location.origin);
      const signature = await wallet.signStatement("sign-in", challenge.text, address);
      await postJson<{ username: string }>("/v1/auth/signup", { username, email, password: fields.password, address, challengeId: challenge.id, signature });
      setBusy("Signing in…");
      const res = await signIn("password", { email, password: fields.password, redirect: false });
      if (!res || res.error) {
        setError(`Your account was created, but signing in failed: ${signInMessage(res?.code ?? res?.error)}`);
        return;
      }
      router.push(safeCallbackUrl(callbackUrl));
      router.refresh();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <AuthCard
      title="Create your account"
      footer={
        <>
          Already have an account?{" "}
          <Link href="/signin" className="font-medium text-blue-700 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <form onSubmit={submit} className="space-y-4" noValidate data-testid="signup-form">
        <Field label="Username" name="username" autoComplete="username" required maxLength={39} value={fields.username} onChange={set("username")} hint="Letters, digits and single hyphens. Your repositories live at /username/…" />
        <Field label="Email" name="email" type="email" autoComplete="email" required maxLength={254} value={fields.email} onChange={set("email")} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={256}
          value={fields.password}
          onChange={set("password")}
          hint="At least 10 characters, not a common password, without your username or email. It also encrypts your key in this browser."
        />
        <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password" required value={fields.confirm} onChange={set("confirm")} />
        <FormError message={error} testId="signup-error" />
        <SubmitButton busy={busy !== null} busyLabel={busy ?? ""} testId="signup-submit">
          Create account
        </SubmitButton>
        <p className="text-xs text-zinc-500">
          Your account key is created and encrypted here, in this browser. The hub only learns its address.
        </p>
      </form>
    </AuthCard>
  );
}
