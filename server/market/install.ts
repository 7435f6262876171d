/**
 * Installing a bought version into a repository: the version's sources, read from the root chain
 * where the listing pins them by hash, are copied byte for byte into a folder of the repository's
 * branch (the browser editor's files), and the hub records the install. Checked on the chain's
 * latest state: the viewer's identity address must hold a purchase of that version (or be its
 * publisher), and a version marked unsafe is refused with its reason.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { SourceFile as BundleFile } from "../../chain/market/records.ts";
import { recordInstall } from "../../db/queries/market.ts";
import { sourceFolderOf } from "../access/policy.ts";
import type { Viewer } from "../access/viewer.ts";
import type { Repository } from "../hub/repositories.ts";
import type { Hub } from "../hub/types.ts";
import { checkSourcePath } from "../sources/paths.ts";
import type { SaveSource } from "../sources/store.ts";

export type InstallRequest = {
  readonly package: string;
  readonly version: string;
  /** The target repository, already checked for the viewer's write access. */
  readonly repo: Repository;
  readonly branch: string;
  /** Replace files at the target paths that differ from the version's (an edited or older install). */
  readonly replace?: boolean;
};

export type InstallResult = {
  readonly package: string;
  readonly version: string;
  readonly sourceHash: string;
  readonly repo: string;
  readonly branch: string;
  readonly folder: string;
  /** Every file of the version at its path in the repository. */
  readonly files: readonly string[];
  /** The file to deploy (the listing's main file, in the folder). */
  readonly mainFile: string;
  /** Files written now (the rest were there already, byte for byte). */
  readonly written: number;
};

/** Where a package installs: `market/<package>/`, inside the viewer's own folder on a shared repository. */
export function installFolder(viewer: Viewer, repo: Repository, pkg: string): string {
  const own = sourceFolderOf(viewer, repo.state());
  return `${own ?? ""}market/${pkg}`;
}

/**
 * @throws ChainError UNAUTHENTICATED, NOT_FOUND (no such listing), UNSAFE_VERSION, NOT_PURCHASED,
 * CONFLICT (a file at a target path differs and `replace` is off), BAD_REQUEST (quota, path).
 */
export async function installListing(hub: Hub, viewer: Viewer, req: InstallRequest): Promise<InstallResult> {
  if (viewer.kind !== "user") throw new ChainError(ErrorCode.Unauthenticated, "Sign in to install from the marketplace.");
  const market = hub.node.marketAt();
  const listing = market.listing(req.package, req.version);
  if (!listing) throw new ChainError(ErrorCode.NotFound, `There is no listing ${req.package}@${req.version}.`, { package: req.package, version: req.version });
  if (listing.unsafe) {
    throw new ChainError(ErrorCode.UnsafeVersion, `${req.package}@${req.version} is marked unsafe by its publisher and can no longer be installed: ${listing.unsafe.reason}`, { reason: listing.unsafe.reason });
  }
  if (listing.publisher !== viewer.address && !market.purchase(req.package, req.version, viewer.address)) {
    throw new ChainError(ErrorCode.NotPurchased, `Buy ${req.package}@${req.version} before installing it (your address ${viewer.address} holds no purchase of it).`, { package: req.package, version: req.version });
  }
  const bundle: readonly BundleFile[] | null = market.bundle(listing.sourceHash);
  if (!bundle) throw new ChainError(ErrorCode.StoreCorrupt, `The sources of ${req.package}@${req.version} (${listing.sourceHash}) are missing from the chain's state.`);

  const folder = installFolder(viewer, req.repo, req.package);
  const fullName = req.repo.fullName;
  const scope = sourceFolderOf(viewer, req.repo.state());
  const saves: SaveSource[] = [];
  const differing: string[] = [];
  for (const f of bundle) {
    const target = checkSourcePath(`${folder}/${f.path}`);
    const current = hub.sources.get(fullName, req.branch, target);
    if (current?.content === f.content) continue;
    if (current && !req.replace) differing.push(target);
    saves.push({ repo: fullName, branch: req.branch, path: target, content: f.content, baseVersion: current?.version ?? 0, by: viewer.username, ...(scope === undefined ? {} : { folder: scope }) });
  }
  if (differing.length) {
    throw new ChainError(ErrorCode.Conflict, `${differing.join(", ")} ${differing.length === 1 ? "exists and differs" : "exist and differ"} from ${req.package}@${req.version}; install with "replace" to overwrite, or install into another branch.`, { files: differing });
  }
  hub.sources.saveAll(saves);
  await recordInstall(hub.index.db, { package: req.package, version: req.version, buyer: viewer.address, targetRepo: fullName, targetBranch: req.branch, folder, installedAt: Date.now() });
  return {
    package: req.package,
    version: req.version,
    sourceHash: listing.sourceHash,
    repo: fullName,
    branch: req.branch,
    folder,
    files: bundle.map((f) => `${folder}/${f.path}`),
    mainFile: `${folder}/${listing.mainFile}`,
    written: saves.length,
  };
}
