/**
 * The marketplace as the state tree holds it at one point (a branch's height, or its latest
 * state): listings, packages, bundles, purchases, reviews and the hub fee, as JSON for the API.
 * Pure over an entry reader, so the node, the hub's door and tests read the same way.
 */
import { toAmountJSON } from "../amount.ts";
import type { AmountJSON } from "../types.ts";
import { DEFAULT_HUB_FEE_BPS, MAX_HUB_FEE_BPS, readHubFeeBps } from "./hubFee.ts";
import { PACKAGE_PATTERN } from "./payload.ts";
import {
  bundleEntryId,
  decodeRecord,
  listingEntryId,
  MARKET_ACCOUNT,
  packageEntryId,
  purchaseEntryId,
  reviewEntryId,
  TREASURY_ACCOUNT,
  ZBundleRecord,
  ZListingRecord,
  ZPackageRecord,
  ZPurchaseRecord,
  ZReviewRecord,
  type ListingRecord,
  type PackageRecord,
  type ReviewRecord,
  type SourceFile,
} from "./records.ts";
import { parseSemver } from "./semver.ts";

export type ListingJSON = Omit<ListingRecord, "price"> & { readonly price: AmountJSON };
export type PackageJSON = PackageRecord & { readonly package: string };
export type PurchaseJSON = { readonly package: string; readonly version: string; readonly buyer: string; readonly price: AmountJSON; readonly fee: AmountJSON; readonly height: number; readonly txHash: string };
export type ReviewJSON = ReviewRecord & { readonly package: string; readonly version: string; readonly buyer: string };
export type MarketParamsJSON = {
  readonly hubFeeBps: number;
  readonly defaultHubFeeBps: number;
  readonly maxHubFeeBps: number;
  readonly marketAccount: string;
  readonly treasury: string;
};

export type MarketView = {
  /** The block whose state this is (with `pending`, answered transactions past it are included). */
  readonly height: number;
  readonly pending: boolean;
  package(pkg: string): PackageJSON | null;
  listing(pkg: string, version: string): ListingJSON | null;
  bundle(sourceHash: string): readonly SourceFile[] | null;
  purchase(pkg: string, version: string, buyer: string): PurchaseJSON | null;
  review(pkg: string, version: string, buyer: string): ReviewJSON | null;
  params(): MarketParamsJSON;
};

// Only ids that could exist are looked up: a bad package or version reads as absent, not as an error.
const validRef = (pkg: string, version: string) => PACKAGE_PATTERN.test(pkg) && parseSemver(version) !== null;

export function marketView(view: { read: (id: string) => Uint8Array | null; height: number; pending: boolean }): MarketView {
  const { read } = view;
  return {
    height: view.height,
    pending: view.pending,
    package(pkg) {
      if (!PACKAGE_PATTERN.test(pkg)) return null;
      const bytes = read(packageEntryId(pkg));
      return bytes ? { package: pkg, ...decodeRecord(ZPackageRecord, bytes) } : null;
    },
    listing(pkg, version) {
      if (!validRef(pkg, version)) return null;
      const bytes = read(listingEntryId(pkg, version));
      if (!bytes) return null;
      const r = decodeRecord(ZListingRecord, bytes);
      return { ...r, price: toAmountJSON(BigInt(r.price)) };
    },
    bundle(sourceHash) {
      if (!/^[0-9a-f]{64}$/.test(sourceHash)) return null;
      const bytes = read(bundleEntryId(sourceHash));
      return bytes ? decodeRecord(ZBundleRecord, bytes).files : null;
    },
    purchase(pkg, version, buyer) {
      if (!validRef(pkg, version)) return null;
      const bytes = read(purchaseEntryId(pkg, version, buyer));
      if (!bytes) return null;
      const r = decodeRecord(ZPurchaseRecord, bytes);
      return { package: pkg, version, buyer, price: toAmountJSON(BigInt(r.price)), fee: toAmountJSON(BigInt(r.fee)), height: r.height, txHash: r.txHash };
    },
    review(pkg, version, buyer) {
      if (!validRef(pkg, version)) return null;
      const bytes = read(reviewEntryId(pkg, version, buyer));
      return bytes ? { package: pkg, version, buyer, ...decodeRecord(ZReviewRecord, bytes) } : null;
    },
    params() {
      return { hubFeeBps: readHubFeeBps(read), defaultHubFeeBps: DEFAULT_HUB_FEE_BPS, maxHubFeeBps: MAX_HUB_FEE_BPS, marketAccount: MARKET_ACCOUNT, treasury: TREASURY_ACCOUNT };
    },
  };
}
