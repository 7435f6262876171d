"use client";
import type { ResolvedAccount } from "./accountInput";

/**
 * Under an "address or name" field: where the name leads ("alice.shop → Am…", the full address,
 * shown before anything is signed), or why it leads nowhere. Nothing for a plain address.
 */
export function ResolvedAccountNote({ account, testId }: { account: ResolvedAccount; testId: string }) {
  if (account.status === "pending") {
    return (
      <span className="mt-1 block text-xs text-zinc-500" data-testid={testId} data-status="pending">
        Looking up {account.name}…
      </span>
    );
  }
  if (account.status === "ready" && account.name !== null) {
    return (
      <span className="mt-1 block text-xs text-zinc-600" data-testid={testId} data-status="ready">
        <span className="font-medium text-zinc-800">{account.name}</span> → <span className="mono break-all" data-testid={`${testId}-address`}>{account.address}</span>
      </span>
    );
  }
  if (account.status === "unresolved" || account.status === "invalid") {
    return (
      <span role="alert" className="mt-1 block text-xs text-red-700" data-testid={testId} data-status={account.status}>
        {account.message}
      </span>
    );
  }
  return null;
}
