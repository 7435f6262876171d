/**
 * A form field that takes "an address or a name" (the wallet's recipient, a contract call's
 * ADDRESS parameter), read with the chain's one rule (chain/names/resolveAddress.ts) and resolved
 * with lookups made on the chain the form sends on. Pure, so the form shows and signs the same
 * address: the one it displayed.
 */
import { parseAccountRef } from "@/chain/names/resolveAddress";

/** A name's lookup on the form's chain: its destination, null when the name is free, or why it could not be asked. */
export type NameLookup = { readonly address: string | null } | { readonly error: string };
/** Lookups by name; a name missing here is still being asked. */
export type NameLookups = ReadonlyMap<string, NameLookup>;

export type ResolvedAccount =
  | { readonly status: "empty" }
  | { readonly status: "invalid"; readonly message: string }
  | { readonly status: "pending"; readonly name: string }
  | { readonly status: "unresolved"; readonly name: string; readonly message: string }
  | { readonly status: "ready"; readonly address: string; readonly name: string | null };

export const NO_LOOKUPS: NameLookups = new Map();

/** The name `text` asks to be looked up, or null when it is empty, an address, or neither (nothing to ask the chain). */
export function nameIn(text: string): string | null {
  if (text.trim() === "") return null;
  try {
    const ref = parseAccountRef(text);
    return ref.kind === "name" ? ref.name : null;
  } catch {
    return null;
  }
}

/**
 * Where a typed account leads: an address as is, a name through `lookups`; a free name, a failed
 * lookup and text that is neither are refused with a sentence the form shows.
 */
export function resolveAccountInput(text: string, lookups: NameLookups): ResolvedAccount {
  if (text.trim() === "") return { status: "empty" };
  let ref: ReturnType<typeof parseAccountRef>;
  try {
    ref = parseAccountRef(text);
  } catch (e) {
    return { status: "invalid", message: e instanceof Error ? e.message : String(e) };
  }
  if (ref.kind === "address") return { status: "ready", address: ref.address, name: null };
  const lookup = lookups.get(ref.name);
  if (lookup === undefined) return { status: "pending", name: ref.name };
  if ("error" in lookup) return { status: "unresolved", name: ref.name, message: `“${ref.name}” could not be looked up: ${lookup.error}` };
  if (lookup.address === null) return { status: "unresolved", name: ref.name, message: `“${ref.name}” is not a registered name on this chain, so it leads to no address.` };
  return { status: "ready", address: lookup.address, name: ref.name };
}
