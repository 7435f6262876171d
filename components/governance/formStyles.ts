/** The form classes of the wallet's forms (components/wallet/WalletView.tsx), for the governance forms. */
export const INPUT = "mt-1 w-full rounded-md border border-zinc-300 px-3 py-2 text-sm";
export const BUTTON = "rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50";
export const SECONDARY_BUTTON = "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:opacity-50";

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
