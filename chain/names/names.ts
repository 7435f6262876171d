/**
 * On-chain names (transaction type `name`, after Aergo's name transactions): the rules for a
 * valid name, the name account that registration fees go to, the name price parameter, and the
 * record a name holds in the state tree. Pure: no node, no store.
 *
 * A name is a system state entry (chain/state/entries.ts) with id "name:<name>", so the block's
 * state root commits to it and it is read at any (branch, height) like an account.
 */
import { z } from "zod";
import { AER_PER_AERGO } from "../amount.ts";
import { decodeAddress, encodeAddress, isAddress, PUBLIC_KEY_LENGTH, systemAddress } from "../crypto/address.ts";
import { ByteReader, ByteWriter } from "../codec.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import type { SystemAccount } from "../systemAccounts.ts";

/**
 * The name account: where registration fees go. A keyless system address (`systemAddress` in
 * chain/crypto/address.ts: the contract marker byte ‖ sha256("aergo/system:name-account")):
 * nobody holds a key for it, so the fees stay there until a governance transaction moves them.
 */
export const NAME_ACCOUNT: string = systemAddress("name-account");

/** How the explorer presents the name account (chain/systemAccounts.ts). */
export const NAME_SYSTEM_ACCOUNT: SystemAccount = {
  address: NAME_ACCOUNT,
  label: "Name account",
  description: "The system account that name registration fees are paid to: nobody holds a key for it, so the fees stay here until a governance transaction moves them.",
};

/** The price of a name until governance writes the `param:namePrice` entry, unless the genesis sets another: 1 AERGO. */
export const DEFAULT_NAME_PRICE = AER_PER_AERGO;
/** The state entry holding the name price (decimal aer, UTF-8); absent means the default. */
export const NAME_PRICE_PARAM = "param:namePrice";

export const NAME_MIN_LENGTH = 3;
export const NAME_MAX_LENGTH = 32;
const NAME_PATTERN = /^[a-z][a-z0-9._-]{2,31}$/;

/**
 * Why `name` is not a valid name, or null when it is. One rule, used by the chain, the API and
 * the CLI's resolver: 3–32 characters of lowercase letters, digits, `-`, `_` and `.`, starting
 * with a letter, and never something that parses as an address (a name must never shadow one).
 */
export function nameProblem(name: string): string | null {
  if (typeof name !== "string") return "A name must be text.";
  if (name.length < NAME_MIN_LENGTH || name.length > NAME_MAX_LENGTH) return `A name has ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters; "${name.slice(0, 40)}" has ${name.length}.`;
  if (!NAME_PATTERN.test(name)) return `"${name}" is not a valid name: use lowercase letters, digits, "-", "_" and ".", starting with a letter.`;
  if (isAddress(name)) return `"${name}" parses as an address, so it cannot be a name.`;
  return null;
}

export const isValidName = (name: unknown): name is string => typeof name === "string" && nameProblem(name) === null;

/** @throws ChainError INVALID_NAME with the rule the name breaks. */
export function checkName(name: string): string {
  const problem = nameProblem(name);
  if (problem) throw new ChainError(ErrorCode.InvalidName, problem, { name: String(name).slice(0, 64) });
  return name;
}

export const nameEntryId = (name: string) => `name:${name}`;

/** What a name holds: who may transfer it, and the address it resolves to. */
export type NameRecord = {
  readonly name: string;
  readonly owner: string;
  readonly destination: string;
  /** The block that last registered or transferred it. */
  readonly height: number;
};

export function encodeNameRecord(r: NameRecord): Uint8Array {
  return new ByteWriter().raw(decodeAddress(r.owner)).raw(decodeAddress(r.destination)).u64(r.height).finish();
}

export function decodeNameRecord(name: string, bytes: Uint8Array): NameRecord {
  const rd = new ByteReader(bytes);
  const owner = encodeAddress(rd.raw(PUBLIC_KEY_LENGTH).slice());
  const destination = encodeAddress(rd.raw(PUBLIC_KEY_LENGTH).slice());
  const height = rd.u64n();
  rd.end();
  return { name, owner, destination, height };
}

/** The name price in force: the `param:namePrice` entry when governance set one, else the chain's genesis default. */
export function readNamePrice(getEntry: (id: string) => Uint8Array | null, chainDefault: bigint = DEFAULT_NAME_PRICE): bigint {
  const bytes = getEntry(NAME_PRICE_PARAM);
  return bytes ? BigInt(new TextDecoder().decode(bytes)) : chainDefault;
}

const ZAddress = z.string().refine(isAddress, "not an Aergo address");

/**
 * A name transaction's payload (JSON). `register` takes the name for `owner` (default: the
 * sender), resolving to `destination` (default: the owner; a contract's address for a contract
 * name); `update` hands the name to a new owner, resolving to `destination` (default: the new
 * owner, as Aergo's updateName does).
 */
export const ZNamePayload = z.discriminatedUnion("op", [
  z.object({ op: z.literal("register"), name: z.string().max(64), owner: ZAddress.optional(), destination: ZAddress.optional() }).strict(),
  z.object({ op: z.literal("update"), name: z.string().max(64), owner: ZAddress, destination: ZAddress.optional() }).strict(),
]);
export type NamePayload = z.infer<typeof ZNamePayload>;

/** @throws ChainError INVALID_PAYLOAD when the payload is not one of the two shapes; INVALID_NAME for a bad name. */
export function parseNamePayload(payload: Uint8Array): NamePayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    throw new ChainError(ErrorCode.InvalidPayload, 'A name transaction\'s payload must be JSON: {"op":"register","name":…} or {"op":"update","name":…,"owner":…}.');
  }
  const parsed = ZNamePayload.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ChainError(ErrorCode.InvalidPayload, `The name payload is invalid${issue ? ` at ${issue.path.join(".") || "the top"}: ${issue.message}` : ""}.`);
  }
  checkName(parsed.data.name);
  return parsed.data;
}
