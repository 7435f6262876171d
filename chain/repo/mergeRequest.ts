/**
 * What a person asks of a merge, as signed in a directory entry and sent to the API: the mode
 * (automated replay or consistent three-way) and their decisions for conflicting rows. The
 * engine's own types (chain/node/types.ts) have the same shape; these are the boundary checks.
 */
import { z } from "zod";
import { ZRepoFullName } from "./names.ts";

export const ZMergeMode = z.enum(["automated", "consistent"]);
export type MergeMode = z.infer<typeof ZMergeMode>;

/** A cell value as JSON: what the diff and the preview show (numbers, decimal or 0x text, null). */
const ZCell = z.union([z.null(), z.number(), z.string().max(65_536), z.boolean()]);

export const ZMergeResolution = z.strictObject({
  contract: z.string().min(1).max(64),
  table: z.string().min(1).max(128),
  key: z.array(ZCell).min(1).max(16),
  take: z.enum(["ours", "theirs", "base", "row"]),
  row: z.record(z.string().max(128), ZCell).optional(),
}).refine((r) => (r.take === "row") === (r.row !== undefined), { message: 'take "row" comes with the row (every column), the other choices without one' });
export type MergeResolution = z.infer<typeof ZMergeResolution>;

/**
 * The repository a merge's source branch is in, when it is not the target's: the fork or the
 * origin (chain/node/crossRepo.ts). Absent on every entry made before merges across repositories,
 * and on merges within one: the same repository.
 */
export const ZMergeSourceRepo = ZRepoFullName;

/** At most 1,000 decisions per merge: a merge with more conflicts is better split. */
export const ZMergeResolutions = z.array(ZMergeResolution).max(1_000);
