/**
 * Executes a `market` transaction on the pending state (called by applyTx inside its atomic scope,
 * after the nonce, gas and balance checks). Like a name transaction, every refusal throws a
 * ChainError and applyTx's scope drops whatever was written: a refused market transaction is not
 * included, pays no fee and moves no money.
 */
import { formatAergo } from "../amount.ts";
import { ChainError, ErrorCode } from "../errors.ts";
import { readHubFeeBps, splitPrice } from "../market/hubFee.ts";
import { normalizeFiles, parseMarketPayload, sourceHashOf, type PublishPayload } from "../market/payload.ts";
import {
  bundleEntryId,
  decodeRecord,
  encodeRecord,
  listingEntryId,
  MARKET_ACCOUNT,
  packageEntryId,
  purchaseEntryId,
  reviewEntryId,
  TREASURY_ACCOUNT,
  ZListingRecord,
  ZPackageRecord,
  ZReviewRecord,
  type ListingRecord,
  type PackageRecord,
  type ReviewRecord,
} from "../market/records.ts";
import { compareSemver, parseSemver } from "../market/semver.ts";
import type { Account } from "../state/account.ts";
import type { PendingState } from "../state/worldState.ts";
import type { SignedTx } from "../tx/tx.ts";
import type { EventJSON } from "../types.ts";
import type { MarketEventName } from "../market/records.ts";

/**
 * @param charged - the sender with the fee taken and the nonce advanced.
 * @throws ChainError INVALID_ADDRESS (not sent to the market account), INVALID_PAYLOAD,
 * INVALID_AMOUNT, FORBIDDEN (a package or listing of someone else; buying one's own), CONFLICT (a
 * version published already or not newer than the latest), NOT_FOUND (no such listing),
 * ALREADY_PURCHASED, NOT_PURCHASED (a review without a purchase), UNSAFE_VERSION (buying a version
 * its publisher marked unsafe).
 */
export function applyMarketTx(state: PendingState, tx: SignedTx, charged: Account, height: number): readonly EventJSON[] {
  if (tx.to !== MARKET_ACCOUNT) {
    throw new ChainError(ErrorCode.InvalidAddress, `A market transaction is sent to the market account ${MARKET_ACCOUNT}.`, { marketAccount: MARKET_ACCOUNT });
  }
  const op = parseMarketPayload(tx.payload);
  if (op.op !== "buy" && tx.amount !== 0n) throw new ChainError(ErrorCode.InvalidAmount, `A market "${op.op}" carries no amount; only a purchase pays.`);
  switch (op.op) {
    case "publish":
      state.set(tx.from, charged);
      return publish(state, tx, op, height);
    case "buy":
      return buy(state, tx, charged, op, height);
    case "review": {
      state.set(tx.from, charged);
      requireListing(state, op.package, op.version);
      if (!state.getEntry(purchaseEntryId(op.package, op.version, tx.from))) {
        throw new ChainError(ErrorCode.NotPurchased, `Only buyers of ${op.package}@${op.version} can review it; buy it first.`, { package: op.package, version: op.version });
      }
      const id = reviewEntryId(op.package, op.version, tx.from);
      const before = state.getEntry(id);
      const previous = before ? decodeRecord(ZReviewRecord, before) : null;
      // One review per purchase: a second review edits the first (its first date stays).
      const review: ReviewRecord = { rating: op.rating, text: op.text, createdAt: previous?.createdAt ?? height, height, edits: previous ? previous.edits + 1 : 0 };
      state.setEntry(id, encodeRecord(review));
      return [marketEvent("Reviewed", { package: op.package, version: op.version, buyer: tx.from, rating: op.rating, text: op.text, edit: previous !== null })];
    }
    case "unsafe": {
      state.set(tx.from, charged);
      const listing = requireListing(state, op.package, op.version);
      if (listing.publisher !== tx.from) {
        throw new ChainError(ErrorCode.Forbidden, `Only the publisher of ${op.package}@${op.version} (${listing.publisher}) can mark it unsafe.`, { publisher: listing.publisher });
      }
      const marked: ListingRecord = { ...listing, unsafe: { reason: op.reason, height } };
      state.setEntry(listingEntryId(op.package, op.version), encodeRecord(marked));
      return [marketEvent("MarkedUnsafe", { package: op.package, version: op.version, reason: op.reason })];
    }
  }
}

function requireListing(state: PendingState, pkg: string, version: string): ListingRecord {
  const bytes = state.getEntry(listingEntryId(pkg, version));
  if (!bytes) throw new ChainError(ErrorCode.NotFound, `There is no listing ${pkg}@${version}.`, { package: pkg, version });
  return decodeRecord(ZListingRecord, bytes);
}

function publish(state: PendingState, tx: SignedTx, op: PublishPayload, height: number): readonly EventJSON[] {
  const pkgId = packageEntryId(op.package);
  const pkgBytes = state.getEntry(pkgId);
  const existing: PackageRecord | null = pkgBytes ? decodeRecord(ZPackageRecord, pkgBytes) : null;
  if (existing && existing.publisher !== tx.from) {
    throw new ChainError(ErrorCode.Forbidden, `The package "${op.package}" belongs to ${existing.publisher}; publish under another name.`, { package: op.package, publisher: existing.publisher });
  }
  if (state.getEntry(listingEntryId(op.package, op.version))) {
    throw new ChainError(ErrorCode.Conflict, `${op.package}@${op.version} is published already; versions never change, publish a new one.`, { package: op.package, version: op.version });
  }
  if (existing && compareSemver(parseSemver(op.version)!, parseSemver(existing.latest)!) <= 0) {
    throw new ChainError(ErrorCode.Conflict, `${op.version} is not newer than ${op.package}'s latest version ${existing.latest}.`, { latest: existing.latest });
  }
  const files = normalizeFiles(op.files);
  const sourceHash = sourceHashOf(files);
  // Bundles are content-addressed: two versions with the same sources share one entry.
  if (!state.getEntry(bundleEntryId(sourceHash))) state.setEntry(bundleEntryId(sourceHash), encodeRecord({ files }));
  const listing: ListingRecord = {
    package: op.package,
    version: op.version,
    publisher: tx.from,
    kind: op.kind,
    title: op.title.trim(),
    description: op.description,
    readme: op.readme,
    license: op.license,
    tags: [...new Set(op.tags)],
    price: BigInt(op.price).toString(),
    repo: op.repo,
    sourceHash,
    mainFile: op.mainFile ?? files[0]!.path,
    publishedAt: height,
    unsafe: null,
  };
  state.setEntry(listingEntryId(op.package, op.version), encodeRecord(listing));
  const record: PackageRecord = { publisher: tx.from, latest: op.version, versions: (existing?.versions ?? 0) + 1, createdAt: existing?.createdAt ?? height };
  state.setEntry(pkgId, encodeRecord(record));
  const { readme: _readme, unsafe: _unsafe, ...summary } = listing;
  return [marketEvent("Published", summary)];
}

function buy(state: PendingState, tx: SignedTx, charged: Account, op: { package: string; version: string }, height: number): readonly EventJSON[] {
  const listing = requireListing(state, op.package, op.version);
  if (listing.unsafe) {
    throw new ChainError(ErrorCode.UnsafeVersion, `${op.package}@${op.version} is marked unsafe by its publisher: ${listing.unsafe.reason}`, { reason: listing.unsafe.reason });
  }
  if (listing.publisher === tx.from) throw new ChainError(ErrorCode.Forbidden, "A publisher does not buy their own listing.");
  const purchaseId = purchaseEntryId(op.package, op.version, tx.from);
  if (state.getEntry(purchaseId)) {
    throw new ChainError(ErrorCode.AlreadyPurchased, `You bought ${op.package}@${op.version} already; install it again without paying.`, { package: op.package, version: op.version });
  }
  const price = BigInt(listing.price);
  if (tx.amount !== price) {
    throw new ChainError(ErrorCode.InvalidAmount, `${op.package}@${op.version} costs ${formatAergo(price)} AERGO; send exactly that amount (this transaction sends ${formatAergo(tx.amount)}).`, { price: price.toString() });
  }
  const { fee, publisher } = splitPrice(price, readHubFeeBps((id) => state.getEntry(id)));
  state.set(tx.from, { ...charged, balance: charged.balance - price });
  const seller = state.get(listing.publisher);
  state.set(listing.publisher, { ...seller, balance: seller.balance + publisher });
  if (fee > 0n) {
    const treasury = state.get(TREASURY_ACCOUNT);
    state.set(TREASURY_ACCOUNT, { ...treasury, balance: treasury.balance + fee });
  }
  state.setEntry(purchaseId, encodeRecord({ price: price.toString(), fee: fee.toString(), height, txHash: tx.hashText }));
  return [marketEvent("Purchased", { package: op.package, version: op.version, buyer: tx.from, publisher: listing.publisher, price: price.toString(), fee: fee.toString() })];
}

/**
 * The receipt says what a market transaction did, as events of the market account: the explorer
 * shows them like a contract's, and the index builds its marketplace rows from them alone.
 */
function marketEvent(name: MarketEventName, args: Record<string, unknown>): EventJSON {
  return { index: 0, contract: MARKET_ACCOUNT, name, args };
}
