/**
 * Where a repository's pages live. The root repository (aergo/main, "the AERGO Chain") keeps the
 * explorer's short URLs (/contract/…, /block/…); every other repository lives under /OWNER/NAME.
 */
import { RESERVED_USERNAMES, ROOT_REPO, ZRepoFullName } from "@/chain/repo/names";
import { decodeSegment } from "@/components/explorer/queries";

export function isRootRepo(repo: string | undefined): boolean {
  return repo === undefined || repo === ROOT_REPO;
}

/** A repository page: `repoHref("alice/demo", "/contract/Am…")` → `/alice/demo/contract/Am…`. */
export function repoHref(repo: string | undefined, path = ""): string {
  return isRootRepo(repo) ? path || `/${ROOT_REPO}` : `/${repo}${path}`;
}

/**
 * A block, transaction or account page of a repository's own chain: `/alice/demo/block/7`, or
 * `/block/7` for the root. Never the root's page for another chain's value: heights, hashes and
 * balances mean something else on every chain.
 */
export function chainHref(repo: string | undefined, path: string): string {
  return repoHref(repo, path);
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
 * A query input naming the repository when there is one. The root pages leave it out (the server's
 * default), so their query keys stay those the live updates already refresh.
 */
export function withRepo<T extends object>(repo: string | undefined, input: T): T & { repo?: string } {
  return repo === undefined ? input : { ...input, repo };
}
