/**
 * Where a repository's pages live. The root repository (aergo/main, "the AERGO Chain") keeps the
 * explorer's short URLs (/contract/…, /block/…); every other repository lives under /OWNER/NAME.
 */
import { ROOT_REPO } from "@/chain/repo/names";

export function isRootRepo(repo: string | undefined): boolean {
  return repo === undefined || repo === ROOT_REPO;
}

/** A repository page: `repoHref("alice/demo", "/contract/Am…")` → `/alice/demo/contract/Am…`. */
export function repoHref(repo: string | undefined, path = ""): string {
  return isRootRepo(repo) ? path || `/${ROOT_REPO}` : `/${repo}${path}`;
}

/**
 * A block, transaction or account page of a repository's chain, or undefined when there is none:
 * only the root repository has them so far, so other repositories show those values unlinked
 * rather than linking to the root chain's pages, which would show another chain's data.
 */
export function chainHref(repo: string | undefined, path: string): string | undefined {
  return isRootRepo(repo) ? path : undefined;
}

/**
 * A query input naming the repository when there is one. The root pages leave it out (the server's
 * default), so their query keys stay those the live updates already refresh.
 */
export function withRepo<T extends object>(repo: string | undefined, input: T): T & { repo?: string } {
  return repo === undefined ? input : { ...input, repo };
}
