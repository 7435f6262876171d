/**
 * The one rule for "an address or a name" wherever an account is accepted (CLI arguments and
 * `--to`, REST `account=`/`address=`, explorer search): a string that parses as an address is that
 * address; otherwise a valid name is looked up on chain; anything else is refused. Names can never
 * parse as addresses (names.ts), so the two readings never compete.
 */
import { isAddress } from "../crypto/address.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { isValidName } from "./names.ts";

export type AccountRef = { readonly kind: "address"; readonly address: string } | { readonly kind: "name"; readonly name: string };

/** @throws ChainError INVALID_ADDRESS when `input` is neither an address nor a valid name. */
export function parseAccountRef(input: string): AccountRef {
  const text = typeof input === "string" ? input.trim() : "";
  if (isAddress(text)) return { kind: "address", address: text };
  if (isValidName(text)) return { kind: "name", name: text };
  throw new ChainError(ErrorCode.InvalidAddress, `"${String(input).slice(0, 80)}" is neither an Aergo address nor a valid name.`, { input: String(input).slice(0, 80) });
}

/**
 * An address for `input`, looking names up with `lookup` (node.resolveName, or the hub's
 * getNameInfo from the CLI).
 * @throws ChainError INVALID_ADDRESS; whatever `lookup` throws for an unregistered name (NOT_FOUND).
 */
export function resolveAddress(input: string, lookup: (name: string) => string): string {
  const ref = parseAccountRef(input);
  return ref.kind === "address" ? ref.address : lookup(ref.name);
}

/** {@link resolveAddress} with an asynchronous lookup (over HTTP). */
export async function resolveAddressAsync(input: string, lookup: (name: string) => Promise<string>): Promise<string> {
  const ref = parseAccountRef(input);
  return ref.kind === "address" ? ref.address : lookup(ref.name);
}
