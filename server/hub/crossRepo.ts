/**
 * The API's diffs and merge previews when one side is another repository (a fork or the origin),
 * shared by tRPC (server/api/routers/branches.ts) and REST /v1 (server/rest/v1.ts). The door
 * passes `open`, which answers a repository the viewer may read (server/access/policy.ts
 * requireRead: a private one they may not read is NOT_FOUND, as if it did not exist).
 */
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import type { BranchView } from "../../chain/node/crossRepo.ts";
import { crossDiff } from "../../chain/node/crossRepo.ts";
import type { DiffRequest } from "../../chain/repo/diffRequest.ts";
import { relatedBranch, type Repository } from "./repositories.ts";

type Open = (fullName: string) => Repository;

/** A merge's source: a branch name of `repo`, or a branch of its fork or origin. @throws ChainError NOT_FOUND, BAD_REQUEST UNRELATED_HISTORIES */
export function mergeSourceOf(repo: Repository, source: string, sourceRepo: string | undefined, open: Open): string | BranchView {
  if (sourceRepo === undefined || sourceRepo === repo.fullName) return source;
  return relatedBranch(repo, open(sourceRepo), source);
}

/**
 * A diff whose `to` may be a branch of the fork or origin (`from` is always this repository's:
 * the compare page and the CLI diff from the repository they are on).
 * @throws ChainError BAD_REQUEST (UNRELATED_HISTORIES, a `from` of another repository), NOT_FOUND
 */
export function diffOf(repo: Repository, req: DiffRequest, open: Open) {
  const { from, to, threeDot, contract, table, limit } = req;
  if (from.repo !== undefined && from.repo !== repo.fullName) {
    throw new ChainError(ErrorCode.BadRequest, `A diff starts from a branch of ${repo.fullName}; ${from.repo} may be its other end.`, { code: "BAD_DIFF_END" });
  }
  const opts = { threeDot, contract, table, limit };
  if (to.repo === undefined || to.repo === repo.fullName) return repo.node.diff({ branch: from.branch, height: from.height }, { branch: to.branch, height: to.height }, opts);
  const other = relatedBranch(repo, open(to.repo), to.branch);
  return crossDiff({ ...repo.node.branchView(from.branch), repo: repo.fullName }, other, { fromHeight: from.height, toHeight: to.height }, opts);
}
