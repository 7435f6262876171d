/**
 * Where a repository's pages live. The root repository (aergo/main, "the AERGO Chain") keeps the
 * explorer's short URLs (/contract/…, /block/…); every other repository lives under /OWNER/NAME.
 */
import { MAIN_BRANCH, RESERVED_USERNAMES, ROOT_REPO, ZRepoFullName } from "@/chain/repo/names";
import { decodeSegment } from "@/components/explorer/queries";

export { MAIN_BRANCH };

/**
 * The branch a page shows, from its `?branch=` (absent or empty: main). A malformed name is kept
 * as typed: the hub answers it as it answers an unknown branch, and the page says so.
 */
export function branchParam(value: string | string[] | null | undefined): string {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === null || text === "" ? MAIN_BRANCH : text;
}

/** True for branches that are not main: only those are named in URLs and query inputs. */
function isOtherBranch(branch: string | undefined): branch is string {
  return branch !== undefined && branch !== MAIN_BRANCH;
}

/**
 * A path that keeps the page's branch: `?branch=` (or `&branch=`) is added for any branch but
 * main, so main's URLs stay as they were and links, reloads and shared URLs keep the branch.
 */
export function withBranch(path: string, branch: string | undefined): string {
  if (!isOtherBranch(branch)) return path;
  const hash = path.indexOf("#");
  const [base, fragment] = hash < 0 ? [path, ""] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes("?") ? "&" : "?"}branch=${encodeURIComponent(branch)}${fragment}`;
}

/**
 * The compare page of two branches (three-dot: what `head` changed since it left `base`, and
 * merging `head` into `base`): `/alice/demo/compare/main...feature`.
 */
/** `headRepo`: the compare side is a branch of the fork or the origin (`BASE...OWNER/NAME:HEAD`, one path segment). */
export function compareHref(repo: string, base: string, head: string, headRepo?: string): string {
  return `/${repo}/compare/${encodeURIComponent(base)}...${encodeURIComponent(headRepo && headRepo !== repo ? `${headRepo}:${head}` : head)}`;
}

export function isRootRepo(repo: string | undefined): boolean {
  return repo === undefined || repo === ROOT_REPO;
}

/**
 * A repository page: `repoHref("alice/demo", "/contract/Am…")` → `/alice/demo/contract/Am…`, on
 * `branch` when it is not main (`…?branch=feature`).
 */
export function repoHref(repo: string | undefined, path = "", branch?: string): string {
  return withBranch(isRootRepo(repo) ? path || `/${ROOT_REPO}` : `/${repo}${path}`, branch);
}

/**
 * A block, transaction or account page of a repository's own chain: `/alice/demo/block/7`, or
 * `/block/7` for the root. Never the root's page for another chain's value: heights, hashes and
 * balances mean something else on every chain.
 */
export function chainHref(repo: string | undefined, path: string, branch?: string): string {
  return repoHref(repo, path, branch);
}

/**
 * The repository a page belongs to, from its path: `/alice/demo/block/7` → "alice/demo"; undefined
 * for the explorer's own pages (`/block/7`, `/search`, …) and the root repository's. Reserved
 * usernames are exactly the hub's top-level pages, so no repository can shadow one.
 */
export function repoFromPathname(pathname: string | null | undefined): string | undefined {
  const [owner, name] = (pathname ?? "").split("/").filter((s) => s !== "");
  if (owner === undefined || name === undefined || RESERVED_USERNAMES.has(owner.toLowerCase())) return undefined;
  const parsed = ZRepoFullName.safeParse(`${decodeSegment(owner)}/${decodeSegment(name)}`);
  if (!parsed.success) return undefined;
  const repo = parsed.data;
  return isRootRepo(repo) ? undefined : repo;
}

/**
 * A query input naming the repository when there is one, and the branch when it is not main. The
 * root pages and main leave them out (the server's defaults), so their query keys stay those the
 * live updates already refresh and the server pages prefetch.
 */
export function withRepo<T extends object>(repo: string | undefined, input: T, branch?: string): T & { repo?: string; branch?: string } {
  const named = repo === undefined ? input : { ...input, repo };
  return isOtherBranch(branch) ? { ...named, branch } : named;
}
