/**
 * Query inputs of the repository pages, shared by the server pages that prefetch them and the
 * client components that read them (the same input makes the same query key).
 */
import { withRepo } from "./repoPaths";

export const REPO_BLOCKS_LIMIT = 10;
export const REPO_CONTRACTS_LIMIT = 20;
export const REPO_CONTRACTS_PAGE_LIMIT = 100;
/** Usage buckets on the admin dashboard (oldest first), and the windows it offers. */
export const USAGE_BUCKETS = 30;
export const USAGE_WINDOWS = [
  { minutes: 60, label: "Last hour" },
  { minutes: 24 * 60, label: "Last day" },
  { minutes: 7 * 24 * 60, label: "Last 7 days" },
] as const;

/** The branch's newest blocks (main's input stays `{ repo, limit }`). */
export const repoBlocksInput = (repo: string, branch?: string) => withRepo(repo, { limit: REPO_BLOCKS_LIMIT }, branch);
/** The branch's deployed contracts from the index, newest first (main's input stays `{ repo, limit }`). */
export const repoContractsInput = (repo: string, limit = REPO_CONTRACTS_LIMIT, branch?: string) => withRepo(repo, { limit }, branch);
export const repoUsageInput = (repo: string, windowMinutes: number = USAGE_WINDOWS[0].minutes) => ({ repo, windowMinutes, buckets: USAGE_BUCKETS });

