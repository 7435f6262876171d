/**
 * The marketplace's records in the state tree: packages, listings (one per version), source
 * bundles, purchases and reviews. Each is a system state entry (chain/state/entries.ts), so the
 * block's state root commits to it and it is read at any (branch, height) and proved like an
 * account. Values are canonical JSON: the records are small, read by people and the index, and
 * canonical JSON gives one encoding per value (amounts as decimal aer strings).
 */
import { z } from "zod";
import { systemAddress, isAddress } from "../crypto/address.ts";
import { utf8Bytes, utf8String } from "../crypto/hash.ts";
import { canonicalJson } from "../repo/canonicalJson.ts";
import type { SystemAccount } from "../systemAccounts.ts";

/**
 * Where market transactions are sent. Nothing is ever paid to it: a purchase pays the publisher
 * and the treasury directly, in the same transaction.
 */
export const MARKET_ACCOUNT: string = systemAddress("market");
/** Where the hub fee of every purchase goes; keyless, so only a governance rule can move it. */
export const TREASURY_ACCOUNT: string = systemAddress("treasury");

export const MARKET_SYSTEM_ACCOUNT: SystemAccount = {
  address: MARKET_ACCOUNT,
  label: "Market account",
  description: "The system account marketplace transactions are sent to (publish, buy, review, mark unsafe); it holds nothing: a purchase pays the publisher and the treasury directly, in the same transaction.",
};
export const TREASURY_SYSTEM_ACCOUNT: SystemAccount = {
  address: TREASURY_ACCOUNT,
  label: "Treasury",
  description: "The system account the hub fee of every marketplace purchase is paid to (at most 5%, set by governance): nobody holds a key for it.",
};

/** The events a market transaction's receipt holds (one each): see chain/exec/marketTx.ts. */
export const MARKET_EVENTS = ["Published", "Purchased", "Reviewed", "MarkedUnsafe"] as const;
export type MarketEventName = (typeof MARKET_EVENTS)[number];

export const listingKey = (pkg: string, version: string) => `${pkg}@${version}`;
export const packageEntryId = (pkg: string) => `market:package:${pkg}`;
export const listingEntryId = (pkg: string, version: string) => `market:listing:${listingKey(pkg, version)}`;
export const bundleEntryId = (sourceHash: string) => `market:source:${sourceHash}`;
export const purchaseEntryId = (pkg: string, version: string, buyer: string) => `market:purchase:${listingKey(pkg, version)}:${buyer}`;
export const reviewEntryId = (pkg: string, version: string, buyer: string) => `market:review:${listingKey(pkg, version)}:${buyer}`;

const ZAddr = z.string().refine(isAddress);
const ZAer = z.string().regex(/^\d{1,78}$/);

/** A package: its name belongs to the publisher of its first version. */
export const ZPackageRecord = z.strictObject({
  publisher: ZAddr,
  latest: z.string(),
  versions: z.number().int().min(1),
  createdAt: z.number().int().min(0),
});
export type PackageRecord = z.infer<typeof ZPackageRecord>;

export const LISTING_KINDS = ["template", "service"] as const;

/** One published version: immutable except for the publisher's unsafe mark. */
export const ZListingRecord = z.strictObject({
  package: z.string(),
  version: z.string(),
  publisher: ZAddr,
  kind: z.enum(LISTING_KINDS),
  title: z.string(),
  description: z.string(),
  readme: z.string(),
  license: z.string(),
  tags: z.array(z.string()),
  /** Decimal aer. */
  price: ZAer,
  /** The repository it was published from, `OWNER/NAME` (checked by the hub's door, see docs/market.md). */
  repo: z.string(),
  sourceHash: z.string(),
  /** The file a buyer deploys (the others are libraries or variants). */
  mainFile: z.string(),
  publishedAt: z.number().int().min(0),
  unsafe: z.strictObject({ reason: z.string(), height: z.number().int().min(0) }).nullable(),
});
export type ListingRecord = z.infer<typeof ZListingRecord>;

export const ZSourceFile = z.strictObject({ path: z.string(), content: z.string() });
export type SourceFile = z.infer<typeof ZSourceFile>;
export const ZBundleRecord = z.strictObject({ files: z.array(ZSourceFile) });
export type BundleRecord = z.infer<typeof ZBundleRecord>;

/** A purchase: what was paid and how it was split, at which block. */
export const ZPurchaseRecord = z.strictObject({
  price: ZAer,
  fee: ZAer,
  height: z.number().int().min(0),
  txHash: z.string(),
});
export type PurchaseRecord = z.infer<typeof ZPurchaseRecord>;

export const ZReviewRecord = z.strictObject({
  rating: z.number().int().min(1).max(5),
  text: z.string(),
  createdAt: z.number().int().min(0),
  height: z.number().int().min(0),
  edits: z.number().int().min(0),
});
export type ReviewRecord = z.infer<typeof ZReviewRecord>;

export function encodeRecord(value: unknown): Uint8Array {
  return utf8Bytes(canonicalJson(value));
}

/** Decodes a stored record; a record that does not parse is a corrupt store, not a user's mistake. */
export function decodeRecord<T>(schema: z.ZodType<T>, bytes: Uint8Array): T {
  return schema.parse(JSON.parse(utf8String(bytes)));
}
