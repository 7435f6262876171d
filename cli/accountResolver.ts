/**
 * What the CLI accepts wherever it wants an account (`--to`, a CONTRACT argument, a candidate):
 * an address; a local key's name (keys win over chain names: a name registered by someone else
 * must never redirect a transfer meant for one of your own keys); an on-chain name of the
 * repository's chain, looked up through the hub's getNameInfo at the command's branch (the rule
 * for names is the chain's own: chain/names/resolveAddress.ts); and, for contracts only, a name in
 * the old local address book ($AERGO_HOME/contracts.json), read as a fallback so books written
 * before names moved on chain keep working.
 */
import { decodeAddress, isAddress } from "../chain/crypto/address.ts";
import { isChainError } from "../chain/errors.ts";
import { parseAccountRef } from "../chain/names/resolveAddress.ts";
import type { CommandContext } from "./command.ts";
import { readContractBook } from "./contractBook.ts";
import { CliError } from "./errors.ts";
import type { HubClient } from "./hubClient.ts";
import { ZNameInfoJSON, type NameInfoOut } from "./hubSchemas.ts";
import { keyExists, readKeystore, ZKeyName } from "./keyDir.ts";

type ResolveContext = Pick<CommandContext, "home" | "repo" | "branch" | "hub">;

/** The name's record on the hub's chain (free: owner and destination null). */
export function fetchName(hub: HubClient, name: string, height?: number): Promise<NameInfoOut> {
  return hub.get("getNameInfo", height === undefined ? { name } : { name, height: String(height) }, ZNameInfoJSON);
}

/**
 * @param opts.keys - accept local key names (recipients, candidates); not for contracts.
 * @param opts.book - fall back to the old local contract book (contracts only).
 * @throws CliError saying which readings were tried.
 */
export async function resolveAccount(ctx: ResolveContext, text: string, role: string, opts: { keys?: boolean; book?: boolean } = {}): Promise<string> {
  // Called on an unknown so the type guard does not narrow `text` to never below.
  if (isAddress(text as unknown)) return text;
  if (opts.keys && ZKeyName.safeParse(text).success && (await keyExists(ctx.home, text))) return (await readKeystore(ctx.home, text)).aergo_address;
  let ref: ReturnType<typeof parseAccountRef> | null = null;
  try {
    ref = parseAccountRef(text);
  } catch {
    ref = null;
  }
  if (ref?.kind === "name") {
    const found = await fetchName(ctx.hub(), ref.name);
    if (found.destination) return found.destination;
  }
  if (opts.book) {
    const book = await readContractBook(ctx.home, ctx.repo);
    if (Object.hasOwn(book, text)) return book[text]!;
  }
  // A string that looks like an address gets the decoder's exact reason (checksum, version, ...).
  if (/^A[1-9A-HJ-NP-Za-km-z]{39,}$/.test(text)) {
    try {
      decodeAddress(text);
    } catch (e) {
      throw new CliError(`The ${role} "${text}" is not a valid Aergo address: ${isChainError(e) ? e.message : "bad address"}`);
    }
  }
  const where = `${ctx.repo}${ctx.branch === "main" ? "" : ` (branch ${ctx.branch})`}`;
  if (ref?.kind === "name") throw new CliError(`The ${role} "${text}" is not an address${opts.keys ? " nor a local key" : ""}, and no name "${text}" is registered on ${where} (see "aergo name register").`);
  throw new CliError(`The ${role} "${text.slice(0, 70)}" is neither an Aergo address${opts.keys ? ", a local key" : ""} nor a valid name (3–32 lowercase letters, digits, - _ . starting with a letter).`);
}
