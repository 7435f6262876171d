/**
 * Input schemas shared by the index queries. Everything is checked before it reaches SQL, so
 * a malformed height, hash or address yields null or [] instead of a database error (bigint
 * overflow, a NUL byte in text, a negative LIMIT).
 */
import { z } from "zod";
import { ZRepoFullName } from "../../chain/repo/names.ts";

const BASE58 = "1-9A-HJ-NP-Za-km-z";

/** A block height as a number or a decimal string ("123"), within JS's safe integers. */
export const ZHeight = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number)
    .pipe(z.number().max(Number.MAX_SAFE_INTEGER)),
]);

/** Block and tx hashes: base58 of 32 bytes (32 to 44 characters). */
export const ZHash = z.string().regex(new RegExp(`^[${BASE58}]{32,44}$`));

/** An address in Aergo's form (base58check, starts with "A"); the checksum is the chain's business. */
export const ZAddress = z.string().regex(new RegExp(`^A[${BASE58}]{39,59}$`));

/**
 * The repository a query reads (OWNER/NAME): every query answers from one repository's rows
 * only, which is what access control filters on. Required, with no default, so no caller reads
 * a repository without naming it.
 */
export const ZRepo = ZRepoFullName;

/** The repositories a viewer may read (search looks in these and nowhere else). */
export const ZRepos = z.array(ZRepo).max(10_000).readonly();

export const MAX_PAGE = 1_000;

/** A page size: at least 1, quietly capped at MAX_PAGE. */
export const ZLimit = z
  .number()
  .int()
  .min(1)
  .transform((n) => Math.min(n, MAX_PAGE));

/** The parsed input, or null when it is malformed (the query then answers null or []). */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> | null {
  const parsed = schema.safeParse(input);
  return parsed.success ? parsed.data : null;
}
