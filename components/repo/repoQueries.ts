/**
 * Query inputs of the repository pages, shared by the server pages that prefetch them and the
 * client components that read them (the same input makes the same query key).
 */
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

export const repoBlocksInput = (repo: string) => ({ repo, limit: REPO_BLOCKS_LIMIT });
export const repoContractsInput = (repo: string, limit = REPO_CONTRACTS_LIMIT) => ({ repo, limit });
export const repoUsageInput = (repo: string, windowMinutes: number = USAGE_WINDOWS[0].minutes) => ({ repo, windowMinutes, buckets: USAGE_BUCKETS });

