/** The marketplace's request inputs: one set of schemas for tRPC (server/api/routers/market.ts) and REST (/v1). */
import { z } from "zod";
import { PACKAGE_PATTERN } from "../../chain/market/payload.ts";
import { parseSemver } from "../../chain/market/semver.ts";
import { MARKET_SORTS } from "../../db/queries/market.ts";

export const ZPackageName = z.string().max(40).regex(PACKAGE_PATTERN, "a package name is 3–40 lowercase letters, digits, '-' or '_', starting with a letter");
export const ZVersionText = z.string().max(64).refine((v) => parseSemver(v) !== null, "a version is MAJOR.MINOR.PATCH (semver)");

export const ZListingRef = z.object({ package: ZPackageName, version: ZVersionText });
export const ZListingQuery = z.object({ package: ZPackageName, version: ZVersionText.optional() });

export const ZBrowseInput = z.object({
  q: z.string().max(100).optional(),
  tag: z.string().max(24).regex(/^[a-z0-9][a-z0-9-]*$/, "a tag is lowercase letters, digits or '-'").optional(),
  price: z.enum(["free", "paid"]).optional(),
  sort: z.enum(MARKET_SORTS).default("new"),
  limit: z.number().int().min(1).max(100).default(24),
  offset: z.number().int().min(0).max(100_000).default(0),
});

export const ZReviewsInput = z.object({ package: ZPackageName, version: ZVersionText.optional(), limit: z.number().int().min(1).max(200).default(50) });

export const ZInstallInput = ZListingRef.extend({ replace: z.boolean().default(false) });
