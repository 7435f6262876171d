/**
 * What a person asks of a diff, as the API (tRPC, REST), the CLI and the compare page take it:
 * two chain points `branch@height` and the options. The engine checks the same shape again
 * (chain/node/diffReport.ts); these are the boundary checks, with messages a person can act on.
 */
import { z } from "zod";
import { isAddress } from "../crypto/address.ts";
import { DIFF_LIMIT_MAX } from "../node/diffReport.ts";
import { ZDiffEnd } from "./compareSpec.ts";

export const ZDiffRequest = z.object({
  from: ZDiffEnd,
  to: ZDiffEnd,
  /** What `to` changed since its merge base with `from` (git's A...B). */
  threeDot: z.boolean().optional(),
  contract: z.string().max(100).refine(isAddress, "must be a contract address").optional(),
  table: z.string().min(1).max(128).optional(),
  limit: z.number().int().min(1).max(DIFF_LIMIT_MAX).optional(),
});
export type DiffRequest = z.infer<typeof ZDiffRequest>;

