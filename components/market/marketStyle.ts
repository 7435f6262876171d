/** Classes shared by the marketplace's forms (the house style of the wallet and repository forms). */
export const FIELD = "mt-1 w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";
export const SELECT_FIELD = "mt-1 h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";
export const BUTTON = "inline-flex h-9 items-center rounded-md bg-zinc-900 px-4 text-sm font-medium text-white hover:bg-zinc-700 disabled:cursor-not-allowed disabled:opacity-50";
export const LINK_BUTTON = "inline-flex h-9 items-center rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-800 hover:bg-zinc-50";
export const LABEL_TEXT = "text-sm text-zinc-600";
