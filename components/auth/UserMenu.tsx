"use client";
/** The header's account corner: "Sign in" for visitors, the username and "Sign out" for people. */
import Link from "next/link";
import { signOut, useSession } from "next-auth/react";

export function UserMenu() {
  const { data, status } = useSession();
  if (status === "loading") return <span className="h-8 w-16" aria-hidden />;
  if (!data?.user) {
    return (
      <div className="flex items-center gap-2 text-sm">
        <Link href="/signin" className="rounded-md px-2.5 py-1.5 text-zinc-700 hover:bg-zinc-100" data-testid="user-signin">
          Sign in
        </Link>
        <Link href="/signup" className="rounded-md bg-zinc-900 px-2.5 py-1.5 font-medium text-white hover:bg-zinc-700" data-testid="user-signup">
          Sign up
        </Link>
      </div>
    );
  }
  const username = (data.user as { username?: string }).username ?? data.user.name ?? "";
  return (
    <div className="flex items-center gap-2 text-sm">
      <Link href="/repos" className="font-medium text-zinc-800 hover:underline" data-testid="user-name" title="Your repositories">
        {username}
      </Link>
      <Link href="/wallet" className="rounded-md px-2.5 py-1.5 text-zinc-600 hover:bg-zinc-100" data-testid="user-wallet">
        Wallet
      </Link>
      <button type="button" onClick={() => void signOut({ redirectTo: "/" })} className="rounded-md px-2.5 py-1.5 text-zinc-600 hover:bg-zinc-100" data-testid="user-signout">
        Sign out
      </button>
    </div>
  );
}
