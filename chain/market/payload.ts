/**
 * A `market` transaction's payload (JSON) and the rules for what a listing may hold. One parser,
 * used by the chain when it executes, the index when it reads a block, and the hub's door before
 * it admits a transaction; the CLI and the browser build payloads with `marketPayload` below.
 */
import { z } from "zod";
import { sha256, toHex, utf8ByteLength, utf8Bytes } from "../crypto/hash.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { canonicalJson } from "../repo/canonicalJson.ts";
import { ZRepoFullName } from "../repo/names.ts";
import { MAX_SOURCE_PATH_CHARS, SOURCE_PATH_PATTERN } from "../repo/sourcePaths.ts";
import { LISTING_KINDS, type SourceFile } from "./records.ts";
import { parseSemver } from "./semver.ts";

/** Package names follow the chain's name rule's alphabet, without dots (a package is not a domain). */
export const PACKAGE_PATTERN = /^[a-z][a-z0-9_-]{2,39}$/;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9-]{0,23}$/;
export const LICENSE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.+()-]{0,39}$/;
export const MAX_TAGS = 8;
export const MAX_TITLE_CHARS = 80;
export const MAX_DESCRIPTION_CHARS = 500;
export const MAX_README_BYTES = 32 * 1024;
export const MAX_REVIEW_CHARS = 2000;
export const MAX_UNSAFE_REASON_CHARS = 500;
export const MAX_BUNDLE_FILES = 20;
/** A bundle rides in one transaction (200 KiB): the sources get most of it. */
export const MAX_BUNDLE_BYTES = 160 * 1024;
/** One billion AERGO, in aer: far above any sane price, far below the amount codec's ceiling. */
export const MAX_PRICE_AER = 10n ** 27n;

/** Names the marketplace's own pages take (/market/publish, /market/dashboard …): a package there would have no page. */
export const RESERVED_PACKAGES: ReadonlySet<string> = new Set(["publish", "dashboard", "new", "search", "purchases", "settings"]);
const ZPackage = z.string().regex(PACKAGE_PATTERN, "a package name is 3–40 lowercase letters, digits, '-' or '_', starting with a letter");
const ZNewPackage = ZPackage.refine((p) => !RESERVED_PACKAGES.has(p), "this package name is reserved for the marketplace's pages");
const ZVersion = z.string().refine((v) => parseSemver(v) !== null, "a version is MAJOR.MINOR.PATCH with an optional -prerelease (semver), e.g. 1.0.0");
const ZLine = (max: number) => z.string().max(max).refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must be one line of printable text");
const ZPrice = z
  .string()
  .regex(/^\d{1,28}$/, "a price is a decimal amount of aer")
  .refine((p) => BigInt(p) <= MAX_PRICE_AER, "a price is at most 1,000,000,000 AERGO");
const ZFile = z.strictObject({
  path: z.string().max(MAX_SOURCE_PATH_CHARS).regex(SOURCE_PATH_PATTERN, "a file path is lowercase '/'-separated segments ending in .sql"),
  content: z.string(),
});

export const ZPublishPayload = z.strictObject({
  op: z.literal("publish"),
  package: ZNewPackage,
  version: ZVersion,
  kind: z.enum(LISTING_KINDS).default("template"),
  title: ZLine(MAX_TITLE_CHARS).refine((s) => s.trim().length > 0, "a listing needs a title"),
  description: ZLine(MAX_DESCRIPTION_CHARS).default(""),
  readme: z.string().default("").refine((s) => utf8ByteLength(s) <= MAX_README_BYTES, `a README is at most ${MAX_README_BYTES / 1024} KiB`),
  license: z.string().regex(LICENSE_PATTERN, "a licence is an SPDX identifier such as MIT or Apache-2.0"),
  tags: z.array(z.string().regex(TAG_PATTERN, "a tag is 1–24 lowercase letters, digits or '-'")).max(MAX_TAGS).default([]),
  price: ZPrice,
  repo: ZRepoFullName,
  files: z.array(ZFile).min(1, "a listing holds at least one source file").max(MAX_BUNDLE_FILES),
  mainFile: z.string().optional(),
  /** When given, the hash the publisher expects the files to have: the chain refuses a mismatch. */
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

const ZListingRef = { package: ZPackage, version: ZVersion };

export const ZMarketPayload = z.discriminatedUnion("op", [
  ZPublishPayload,
  z.strictObject({ op: z.literal("buy"), ...ZListingRef }),
  z.strictObject({
    op: z.literal("review"),
    ...ZListingRef,
    rating: z.number().int().min(1, "a rating is 1 to 5").max(5, "a rating is 1 to 5"),
    text: z.string().max(MAX_REVIEW_CHARS).default(""),
  }),
  z.strictObject({ op: z.literal("unsafe"), ...ZListingRef, reason: z.string().min(1, "say why the version is unsafe").max(MAX_UNSAFE_REASON_CHARS) }),
]);
export type MarketPayload = z.infer<typeof ZMarketPayload>;
export type MarketPayloadInput = z.input<typeof ZMarketPayload>;
export type PublishPayload = z.infer<typeof ZPublishPayload>;

/** Files sorted by path: the one order the hash and the stored bundle use. */
export function normalizeFiles(files: readonly SourceFile[]): SourceFile[] {
  return [...files].map((f) => ({ path: f.path, content: f.content })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The content hash a version is pinned by: sha256 of the canonical JSON of its files sorted by path (hex). */
export function sourceHashOf(files: readonly SourceFile[]): string {
  return toHex(sha256(utf8Bytes(canonicalJson({ files: normalizeFiles(files) }))));
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "";
  return ` at ${issue.path.join(".") || "the top"}: ${issue.message}`;
}

/**
 * Parses and checks a market payload.
 * @throws ChainError INVALID_PAYLOAD naming the field and the rule it breaks.
 */
export function parseMarketPayload(payload: Uint8Array): MarketPayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    throw new ChainError(ErrorCode.InvalidPayload, 'A market transaction\'s payload must be JSON, e.g. {"op":"buy","package":"escrow","version":"1.0.0"}.');
  }
  const parsed = ZMarketPayload.safeParse(json);
  if (!parsed.success) throw new ChainError(ErrorCode.InvalidPayload, `The market payload is invalid${issueText(parsed.error)}.`);
  const p = parsed.data;
  if (p.op === "publish") {
    const paths = new Set(p.files.map((f) => f.path));
    if (paths.size !== p.files.length) throw new ChainError(ErrorCode.InvalidPayload, "A listing names the same file twice.");
    const bytes = p.files.reduce((n, f) => n + utf8ByteLength(f.content), 0);
    if (bytes > MAX_BUNDLE_BYTES) throw new ChainError(ErrorCode.InvalidPayload, `The sources are ${bytes} bytes; a listing holds at most ${MAX_BUNDLE_BYTES}.`, { bytes });
    if (p.mainFile !== undefined && !paths.has(p.mainFile)) throw new ChainError(ErrorCode.InvalidPayload, `The main file "${p.mainFile.slice(0, 80)}" is not one of the listing's files.`);
    if (p.sourceHash !== undefined && p.sourceHash !== sourceHashOf(p.files)) {
      throw new ChainError(ErrorCode.InvalidPayload, "The files do not have the source hash the listing names (they changed after it was computed).", { expected: p.sourceHash, actual: sourceHashOf(p.files) });
    }
  }
  return p;
}

/** The bytes of a market payload, for the CLI, the browser and tests (checked by the same rules). */
export function marketPayload(input: MarketPayloadInput): Uint8Array {
  const bytes = utf8Bytes(JSON.stringify(input));
  parseMarketPayload(bytes);
  return bytes;
}
