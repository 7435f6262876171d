/**
 * Names of people and repositories. A repository is `OWNER/NAME`: OWNER is a username, NAME is
 * unique per owner. Lowercase only, so `/Acme/Ledger` and `/acme/ledger` cannot be two things
 * (and a URL is its own canonical form). Repositories are not renamed in this release, so the
 * full name is the repository's id everywhere (index rows, URLs, chain ids).
 */
import { z } from "zod";

/** Like GitHub's: letters, digits and single hyphens inside, 1–39 characters. */
export const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/;
/** 1–64 characters: letters, digits, `.`, `_`, `-`, not starting with a dot. */
export const REPO_NAME_PATTERN = /^[a-z0-9_-][a-z0-9._-]{0,63}$/;

/** Names that would shadow hub pages (`/blocks`, `/tx`, …) or confuse people. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  "aergo", "admin", "api", "address", "auth", "block", "blocks", "contract", "contracts", "explore", "healthz",
  "login", "logout", "market", "marketplace", "new", "repos", "search", "settings", "signin", "signout", "signup",
  "static", "tx", "v1", "wallet", "_next", "horde", "docs", "governance",
]);

/** Branch names: lowercase letters, digits, `.`, `_`, `-`; 1–64 characters, starting with a letter or digit. */
export const BRANCH_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MAIN_BRANCH = "main";
export const ZBranchName = z
  .string()
  .regex(BRANCH_NAME_PATTERN, "a branch name is 1–64 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit")
  .refine((s) => !s.includes(".."), "a branch name cannot contain '..'");

/** The hub's root public repository: "the AERGO Chain". */
export const ROOT_OWNER = "aergo";
export const ROOT_REPO = "aergo/main";

export const ZUsername = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME_PATTERN, "must be 1–39 letters, digits or single hyphens, not starting or ending with a hyphen");
export const ZRepoName = z.string().trim().toLowerCase().regex(REPO_NAME_PATTERN, "must be 1–64 letters, digits, '.', '_' or '-'");
/** `OWNER/NAME`. */
export const ZRepoFullName = z
  .string()
  .trim()
  .toLowerCase()
  .max(104)
  .refine((s) => {
    const [owner, name, ...rest] = s.split("/");
    return rest.length === 0 && owner !== undefined && name !== undefined && USERNAME_PATTERN.test(owner) && REPO_NAME_PATTERN.test(name);
  }, "must be OWNER/NAME");

export function splitRepoFullName(fullName: string): { owner: string; name: string } {
  const [owner, name] = ZRepoFullName.parse(fullName).split("/") as [string, string];
  return { owner, name };
}

/** Roles, weakest first: each can do everything the ones before it can. */
export const ROLES = ["reader", "writer", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];
export const ZRole = z.enum(ROLES);
export const roleAtLeast = (role: Role | null | undefined, needed: Role): boolean => role != null && ROLES.indexOf(role) >= ROLES.indexOf(needed);

export type Visibility = "public" | "private";
export const ZVisibility = z.enum(["public", "private"]);
