import type { InputHTMLAttributes, ReactNode } from "react";

/** A labelled input; the label wraps it, so clicking the text focuses the field. */
export function Field({ label, hint, ...input }: { label: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="block text-sm">
      <span className="font-medium text-zinc-700">{label}</span>
      <input
        {...input}
        className="mt-1 h-10 w-full rounded-md border border-zinc-300 bg-white px-3 text-zinc-900 placeholder:text-zinc-400 focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none"
      />
      {hint ? <span className="mt-1 block text-xs text-zinc-500">{hint}</span> : null}
    </label>
  );
}

/** The form's one error line: role="alert" so screen readers announce it when it appears. */
export function FormError({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid={testId} className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}

export function SubmitButton({ busy, children, busyLabel, disabled, testId }: { busy: boolean; children: ReactNode; busyLabel: string; disabled?: boolean; testId?: string }) {
  return (
    <button
      type="submit"
      disabled={busy || disabled}
      data-testid={testId}
      className="h-10 w-full rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50"
    >
      {busy ? busyLabel : children}
    </button>
  );
}

/** The centred card every auth page sits in. */
export function AuthCard({ title, children, footer }: { title: string; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md py-6">
      <section className="rounded-lg border border-zinc-200 bg-white p-6 shadow-xs">
        <h1 className="mb-4 text-xl font-semibold text-zinc-900">{title}</h1>
        {children}
      </section>
      {footer ? <p className="mt-4 text-center text-sm text-zinc-600">{footer}</p> : null}
    </div>
  );
}
