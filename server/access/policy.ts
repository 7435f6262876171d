/**
 * Access control: the one place that decides who may read, write or administer a repository.
 * Every door (pages, tRPC, REST /v1, the live stream, index queries) asks here and nowhere else.
 *
 * Public repositories: anyone reads; members with writer or more write. Private: only members
 * read; writers write. The root repository `aergo/main` is the public AERGO Chain: anyone
 * reads, and anyone who pays gas writes. A private repository is indistinguishable from a
 * missing one to an outsider (same NOT_FOUND, same message), so its name does not leak either.
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { RepositoryState } from "../../chain/repo/directoryState.ts";
import { ROOT_REPO, roleAtLeast, type Role } from "../../chain/repo/names.ts";
import type { Repository, RepositoryHost } from "../hub/repositories.ts";
import type { Viewer } from "./viewer.ts";

export type Access = {
  readonly role: Role | null;
  readonly read: boolean;
  readonly write: boolean;
  readonly admin: boolean;
};

/** The viewer's role in a repository (null for outsiders and anonymous viewers). */
export function roleIn(viewer: Viewer, state: RepositoryState): Role | null {
  if (viewer.kind !== "user") return null;
  return state.members.find((m) => m.username === viewer.username)?.role ?? null;
}

export function accessTo(viewer: Viewer, state: RepositoryState): Access {
  const role = roleIn(viewer, state);
  const isRoot = state.fullName === ROOT_REPO;
  return Object.freeze({
    role,
    read: state.visibility === "public" || role !== null,
    write: isRoot ? viewer.kind === "user" : roleAtLeast(role, "writer"),
    admin: !isRoot && roleAtLeast(role, "admin"),
  });
}

const notFound = (fullName: string) => new ChainError(ErrorCode.NotFound, `No repository ${fullName}.`, { repo: fullName });

/**
 * The repository, if the viewer may read it.
 * @throws ChainError NOT_FOUND when it does not exist or the viewer may not see it (the same error).
 */
export function requireRead(host: RepositoryHost, viewer: Viewer, fullName: string): Repository {
  const repo = host.get(fullName);
  if (!repo || !accessTo(viewer, repo.state()).read) throw notFound(fullName);
  return repo;
}

/**
 * The repository, if the viewer may write to it (the chain also refuses non-writers' transactions
 * by their signer, whoever sends them).
 * @throws ChainError NOT_FOUND (cannot see it), UNAUTHENTICATED (not signed in), FORBIDDEN (reader).
 */
export function requireWrite(host: RepositoryHost, viewer: Viewer, fullName: string): Repository {
  const repo = requireRead(host, viewer, fullName);
  if (viewer.kind !== "user" && !repo.isRoot) throw new ChainError(ErrorCode.Unauthenticated, "Sign in to write to this repository.");
  if (!repo.isRoot && !accessTo(viewer, repo.state()).write) throw new ChainError(ErrorCode.Forbidden, `You may read ${fullName} but not write to it: ask an admin for the writer role.`, { repo: fullName });
  return repo;
}

/** @throws like requireWrite, FORBIDDEN unless the viewer is an admin or owner. */
export function requireAdmin(host: RepositoryHost, viewer: Viewer, fullName: string): Repository {
  const repo = requireRead(host, viewer, fullName);
  if (viewer.kind !== "user") throw new ChainError(ErrorCode.Unauthenticated, "Sign in to administer this repository.");
  if (!accessTo(viewer, repo.state()).admin) throw new ChainError(ErrorCode.Forbidden, `Only admins and owners of ${fullName} may do this.`, { repo: fullName });
  return repo;
}

/** Every repository the viewer may read: what index-wide queries (search) are limited to. */
export function readableRepos(host: RepositoryHost, viewer: Viewer): string[] {
  return host
    .list()
    .filter((r) => accessTo(viewer, r.state()).read)
    .map((r) => r.fullName);
}

/**
 * Where the viewer's source files live in a repository (server/sources): members with the writer
 * role or more share the whole repository, as in Git. On the root repository, which everyone
 * signed in may write to, each person writes in a folder of their own ("alice/") under a quota,
 * so nobody can overwrite or delete another's files.
 * @returns the folder ("alice/"), or undefined for the whole repository.
 */
export function sourceFolderOf(viewer: Viewer, state: RepositoryState): string | undefined {
  if (roleAtLeast(roleIn(viewer, state), "writer")) return undefined;
  if (state.fullName === ROOT_REPO && viewer.kind === "user") return `${viewer.username}/`;
  return undefined;
}

/**
 * What the viewer's file list of a repository shows: `{}` the whole repository, `{ folder }`
 * their own folder, or null for nothing: on the root repository every file is someone's own, so
 * it is not one list for an anonymous visitor either.
 */
export function sourceListScope(viewer: Viewer, state: RepositoryState): { readonly folder?: string } | null {
  const folder = sourceFolderOf(viewer, state);
  if (folder !== undefined) return { folder };
  return state.fullName === ROOT_REPO && roleIn(viewer, state) === null ? null : {};
}
