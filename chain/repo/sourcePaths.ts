/**
 * What a contract source file may be called: one rule for the repositories' source store
 * (server/sources/paths.ts) and the marketplace's on-chain source bundles (chain/market/).
 */

/** Lowercase segments separated by "/", ending in ".sql": names that mean the same on every file system. */
export const SOURCE_PATH_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*\.sql$/;
export const MAX_SOURCE_PATH_CHARS = 200;
