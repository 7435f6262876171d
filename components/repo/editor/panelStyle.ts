/** Shared classes of the editor's side panels (the house style of components/repo forms). */
export const PRIMARY_BUTTON = "h-8 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 disabled:cursor-not-allowed disabled:opacity-50";
export const SECONDARY_BUTTON = "h-8 rounded-md border border-zinc-300 bg-white px-3 text-sm font-medium text-zinc-800 hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50";
export const SELECT = "h-8 w-full min-w-0 rounded-md border border-zinc-300 bg-white px-2 text-sm text-zinc-900 focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 focus:outline-none";
export const LABEL = "block text-xs text-zinc-600";

/** A deployed contract of the repository, as the pickers offer it. */
export type DeployedContract = { readonly address: string; readonly name: string; readonly abi: import("@/chain/sql/types").ContractAbi };

/** A routine a form can target: `procedure:transfer`, `view:balanceOf`. */
export type RoutineRef = { readonly kind: "procedure" | "view"; readonly name: string };
export const routineKey = (r: RoutineRef) => `${r.kind}:${r.name}`;
export function parseRoutineKey(key: string): RoutineRef | null {
  const m = /^(procedure|view):(.+)$/.exec(key);
  return m ? { kind: m[1] as RoutineRef["kind"], name: m[2]! } : null;
}
