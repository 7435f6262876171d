/**
 * A listing as its page shows it: the version's record and sources from the root chain (where the
 * listing pins them), the ABI of its main file, every version of the package with its counts from
 * the index, and the marketplace's parameters. Sources never change under a hash, so each
 * source hash's ABI is compiled once (on the execution worker: `hub.compile`) and kept (a small
 * bounded cache).
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { MarketView } from "../../chain/market/marketView.ts";
import { ROOT_REPO } from "../../chain/repo/names.ts";
import type { ContractAbi, Diagnostic } from "../../chain/sql/types.ts";
import { listPackageVersions } from "../../db/queries/market.ts";
import type { Hub } from "../hub/types.ts";

type AbiAnswer = { readonly abi: ContractAbi | null; readonly diagnostics: readonly Diagnostic[] };
const ABI_CACHE_SIZE = 256;
const abiCache = new Map<string, Promise<AbiAnswer>>();

function abiOfSource(hub: Hub, sourceHash: string, mainFile: string, source: string): Promise<AbiAnswer> {
  const key = `${sourceHash}:${mainFile}`;
  let hit = abiCache.get(key);
  if (!hit) {
    hit = hub.compile(source).then((r) => (r.ok ? { abi: r.abi, diagnostics: r.diagnostics } : { abi: null, diagnostics: r.diagnostics }));
    if (abiCache.size >= ABI_CACHE_SIZE) abiCache.delete(abiCache.keys().next().value!);
    abiCache.set(key, hit);
  }
  return hit;
}

/** The version to show: the one asked for, else the newest one not marked unsafe, else the newest. */
function pickVersion(market: MarketView, pkg: string, latest: string, versions: readonly { version: string; unsafeReason: string | null }[], asked?: string): string {
  if (asked) return asked;
  const safe = versions.find((v) => v.unsafeReason === null && market.listing(pkg, v.version)?.unsafe === null);
  return safe?.version ?? latest;
}

/** @throws ChainError NOT_FOUND for an unknown package or version */
export async function listingDetail(hub: Hub, input: { package: string; version?: string | undefined }) {
  const market = hub.node.marketAt();
  const pkg = market.package(input.package);
  if (!pkg) throw new ChainError(ErrorCode.NotFound, `There is no package "${input.package}" on the marketplace.`, { package: input.package });
  const versions = await listPackageVersions(hub.index.db, ROOT_REPO, input.package);
  const version = pickVersion(market, input.package, pkg.latest, versions, input.version);
  const listing = market.listing(input.package, version);
  if (!listing) throw new ChainError(ErrorCode.NotFound, `${input.package} has no version ${version}.`, { package: input.package, version });
  const files = market.bundle(listing.sourceHash) ?? [];
  const main = files.find((f) => f.path === listing.mainFile);
  const compiled = main ? await abiOfSource(hub, listing.sourceHash, listing.mainFile, main.content) : { abi: null, diagnostics: [] };
  return {
    listing,
    package: pkg,
    files,
    abi: compiled.abi,
    diagnostics: compiled.diagnostics,
    // The index may trail the chain by a block: the version shown is always listed.
    versions: versions.some((v) => v.version === version) ? versions : [{ version, priceAer: listing.price.aer, height: listing.publishedAt, sourceHash: listing.sourceHash, unsafeReason: listing.unsafe?.reason ?? null, sales: 0, installs: 0, rating: null, reviews: 0 }, ...versions],
    params: market.params(),
    height: market.height,
  };
}
