/**
 * Directory entries: one membership or policy change to a repository, signed by the acting
 * person's own key. The hub only seals entries into blocks (directoryChain.ts); it cannot make
 * one up, because every entry carries a signature that verifies against its signer's address.
 * Folding the entries gives the repository's state (directoryState.ts).
 */
import { issueSentence } from "../inputIssues.ts";
import { z } from "zod";
import { isAddress, isContractAddress } from "../crypto/address.ts";
import { sha256, toHex, utf8Bytes } from "../crypto/hash.ts";
import type { KeyPair } from "../crypto/keys.ts";
import { signStatement, verifyStatement } from "../crypto/statement.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { ZMergeMode, ZMergeResolutions, ZMergeSourceRepo, type MergeMode, type MergeResolution as MergeResolutionJSON } from "./mergeRequest.ts";
import { USERNAME_PATTERN, ZBranchName, ZRepoFullName, ZRole, ZVisibility, type Role, type Visibility } from "./names.ts";

export const MAX_DESCRIPTION_LENGTH = 280;
export const MAX_PRODUCERS = 32;
export const MAX_CHAIN_ID_LENGTH = 128;
/** Hex SHA-256. */
export const HASH_PATTERN = /^[0-9a-f]{64}$/;
/** Hex 64-byte compact signature. */
export const SIGNATURE_PATTERN = /^[0-9a-f]{128}$/;
/** Far enough to be any real clock (year 2286), small enough to stay an exact integer. */
const MAX_TIME = 9_999_999_999_999;

/*
 * The schemas refuse, never rewrite: names.ts' schemas trim and lowercase, but an entry's text is
 * signed, so a value changed by parsing would no longer match its signature. A non-canonical name
 * is an error the signer sees at once.
 */
const ZStrictUsername = z
  .string()
  .max(39)
  .refine((s) => USERNAME_PATTERN.test(s), "must be a lowercase username (1–39 letters, digits or single hyphens)");
const ZStrictRepo = z
  .string()
  .max(104)
  .refine((s) => ZRepoFullName.safeParse(s).data === s, "must be a lowercase OWNER/NAME");
/** A person's address: it must hold a public key, so a contract account can never sign. */
export const ZPersonAddress = z
  .string()
  .max(60)
  .refine((s) => isAddress(s) && !isContractAddress(s), "must be an Aergo account address");
const ZProducers = z
  .array(ZPersonAddress)
  .max(MAX_PRODUCERS)
  .refine((a) => new Set(a).size === a.length, "must not list an address twice");
const ZDescription = z.string().max(MAX_DESCRIPTION_LENGTH);
const ZChainId = z
  .string()
  .min(1)
  .max(MAX_CHAIN_ID_LENGTH)
  .regex(/^[a-z0-9][a-z0-9._/-]*$/, "must be lowercase letters, digits, '.', '_', '-' or '/'");
const ZTime = z.number().int().min(0).max(MAX_TIME);

export const ZDirectoryAction = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("create"),
    repo: ZStrictRepo,
    visibility: ZVisibility,
    description: ZDescription,
    owner: z.strictObject({ username: ZStrictUsername, address: ZPersonAddress }),
    producers: ZProducers,
    chainId: ZChainId,
    /** A fork: the new chain starts from this block of another repository (copy-on-write). */
    forkOf: z
      .strictObject({ repo: ZRepoFullName, branch: ZBranchName, height: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), hash: z.string().min(1).max(64) })
      .optional(),
  }),
  z.strictObject({ kind: z.literal("setVisibility"), visibility: ZVisibility }),
  z.strictObject({ kind: z.literal("setDescription"), description: ZDescription }),
  z.strictObject({ kind: z.literal("invite"), username: ZStrictUsername, address: ZPersonAddress, role: ZRole }),
  z.strictObject({ kind: z.literal("remove"), username: ZStrictUsername }),
  z.strictObject({ kind: z.literal("setRole"), username: ZStrictUsername, role: ZRole }),
  z.strictObject({ kind: z.literal("setProducers"), producers: ZProducers }),
  z.strictObject({
    kind: z.literal("createBranch"),
    name: ZBranchName,
    from: ZBranchName,
    height: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    mergeMode: ZMergeMode.optional(),
  }),
  z.strictObject({ kind: z.literal("deleteBranch"), name: ZBranchName }),
  z.strictObject({
    kind: z.literal("merge"),
    source: ZBranchName,
    sourceRepo: ZMergeSourceRepo.optional(),
    target: ZBranchName,
    digest: z.string().regex(/^[0-9a-f]{64}$/, "must be a merge preview's digest"),
    mode: ZMergeMode.optional(),
    resolutions: ZMergeResolutions.optional(),
  }),
]);

export type DirectoryAction =
  | {
      readonly kind: "create";
      readonly repo: string;
      readonly visibility: Visibility;
      readonly description: string;
      readonly owner: { readonly username: string; readonly address: string };
      /** PoA producers when private; empty on a public repository means the hub's DPoS set. */
      readonly producers: readonly string[];
      readonly chainId: string;
      /** A fork: the new chain starts from this block of another repository (copy-on-write). */
      readonly forkOf?: ForkOrigin;
    }
  | { readonly kind: "setVisibility"; readonly visibility: Visibility }
  | { readonly kind: "setDescription"; readonly description: string }
  | { readonly kind: "invite"; readonly username: string; readonly address: string; readonly role: Role }
  | { readonly kind: "remove"; readonly username: string }
  | { readonly kind: "setRole"; readonly username: string; readonly role: Role }
  | { readonly kind: "setProducers"; readonly producers: readonly string[] }
  /** Starts branch `name` at block `height` of branch `from` (chain/node/refs.ts). */
  | { readonly kind: "createBranch"; readonly name: string; readonly from: string; readonly height: number; readonly mergeMode?: MergeMode }
  | { readonly kind: "deleteBranch"; readonly name: string }
  /** Merges `source` into `target` exactly as the preview with this digest showed (chain/node/merge.ts). */
  | { readonly kind: "merge"; readonly source: string; readonly sourceRepo?: string; readonly target: string; readonly digest: string; readonly mode?: MergeMode; readonly resolutions?: readonly MergeResolutionJSON[] };

/** Where a forked repository starts: a block (by height and hash) of a branch of another repository. */
export type ForkOrigin = { readonly repo: string; readonly branch: string; readonly height: number; readonly hash: string };

export type DirectoryActionKind = DirectoryAction["kind"];

export type UnsignedDirectoryEntry = {
  readonly repo: string;
  /** Hash of the directory head the signer saw ("" for create): a stale or replayed entry is refused. */
  readonly prev: string;
  /** The signer's clock, ms. */
  readonly time: number;
  readonly signer: string;
  readonly action: DirectoryAction;
};

export type DirectoryEntry = UnsignedDirectoryEntry & { readonly signature: string };

export const ZUnsignedDirectoryEntry = z.strictObject({
  repo: ZStrictRepo,
  prev: z.union([z.literal(""), z.string().regex(HASH_PATTERN, "must be a hex SHA-256 hash")]),
  time: ZTime,
  signer: ZPersonAddress,
  action: ZDirectoryAction,
});

export const ZDirectoryEntry = ZUnsignedDirectoryEntry.extend({
  signature: z.string().regex(SIGNATURE_PATTERN, "must be a 64-byte hex signature"),
});

/** A sentence naming the first problem zod found, worded as every input error is (chain/inputIssues.ts). */
export function describeZodError(what: string, error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `The ${what} is malformed: ${issueSentence(issue)}.` : `The ${what} is malformed.`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Checks the shape of an entry from outside (an API body, a stored block).
 * @throws ChainError BAD_REQUEST with a sentence naming the first problem.
 */
export function parseDirectoryEntry(input: unknown): DirectoryEntry {
  const r = ZDirectoryEntry.safeParse(input);
  if (!r.success) throw new ChainError(ErrorCode.BadRequest, describeZodError("directory entry", r.error));
  return deepFreeze(r.data) as DirectoryEntry;
}

/** The exact text a signer signs: canonical JSON of everything but the signature. */
export function entryText(entry: UnsignedDirectoryEntry): string {
  const { repo, prev, time, signer, action } = entry;
  return canonicalJson({ repo, prev, time, signer, action });
}

/**
 * Signs an entry with the acting person's key (the CLI and tests; the browser wallet signs the
 * same `entryText` through its own signStatement).
 */
export function signDirectoryEntry(key: Pick<KeyPair, "privateKey">, unsigned: UnsignedDirectoryEntry): DirectoryEntry {
  const { repo, prev, time, signer, action } = unsigned;
  return deepFreeze({ repo, prev, time, signer, action, signature: signStatement(key, "directory", entryText(unsigned)) });
}

/** True when the entry's signature is its signer's key signing its text for the directory. */
export function verifyDirectoryEntrySignature(entry: DirectoryEntry): boolean {
  return verifyStatement(entry.signer, "directory", entryText(entry), entry.signature);
}

/** Hex SHA-256 of the whole signed entry (signature included), so a block binds the signature too. */
export function entryHash(entry: DirectoryEntry): string {
  const { repo, prev, time, signer, action, signature } = entry;
  return toHex(sha256(utf8Bytes(canonicalJson({ repo, prev, time, signer, action, signature }))));
}
