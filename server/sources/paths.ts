/**
 * What a contract source file may be called and hold. Checked by the store (the one gate every
 * write passes) and reused by the router's inputs, so a bad name is refused before anything runs.
 */
import { z } from "zod";
import { ChainError, ErrorCode } from "../../chain/errors.ts";
import { MAX_SOURCE_PATH_CHARS, SOURCE_PATH_PATTERN } from "../../chain/repo/sourcePaths.ts";

export { MAX_SOURCE_PATH_CHARS, SOURCE_PATH_PATTERN };
/** 256 KiB: twice the compiler's own input limit is room for comments, and bounds one LMDB value. */
export const MAX_SOURCE_BYTES = 256 * 1024;
export const MAX_FILES_PER_BRANCH = 500;
/** One person's quota in their own folder of a shared repository (the root): files and bytes. */
export const MAX_FILES_PER_FOLDER = 50;
export const MAX_FOLDER_BYTES = 2 * 1024 * 1024;

export const ZSourcePath = z
  .string()
  .max(MAX_SOURCE_PATH_CHARS, `must be at most ${MAX_SOURCE_PATH_CHARS} characters`)
  .regex(SOURCE_PATH_PATTERN, "must be lowercase letters, digits, '-' or '_' in '/'-separated folders, ending in .sql (e.g. contracts/token.sql)");
export const ZSourceContent = z.string();

/** @throws ChainError BAD_REQUEST with a sentence naming the rule the path breaks. */
export function checkSourcePath(value: unknown): string {
  if (typeof value !== "string" || value === "") throw new ChainError(ErrorCode.BadRequest, "A source file needs a path, e.g. contracts/token.sql.");
  if (value.length > MAX_SOURCE_PATH_CHARS) throw new ChainError(ErrorCode.BadRequest, `The path is ${value.length} characters long; at most ${MAX_SOURCE_PATH_CHARS} are allowed.`, { path: value });
  if (!SOURCE_PATH_PATTERN.test(value)) {
    throw new ChainError(
      ErrorCode.BadRequest,
      `The path "${value}" is not allowed: use lowercase letters, digits, "-" and "_" in "/"-separated folders, each starting with a letter or digit, and end it in .sql (e.g. contracts/token.sql).`,
      { path: value },
    );
  }
  return value;
}

/** Branch names follow the chain's rule (chain/node/refs.ts). @throws ChainError BAD_REQUEST */
export { checkBranchName as checkBranch } from "../../chain/node/refs.ts";

/** @throws ChainError BAD_REQUEST when it is not text or is over 256 KiB (the sentence gives the sizes). */
export function checkSourceContent(value: unknown): string {
  if (typeof value !== "string") throw new ChainError(ErrorCode.BadRequest, "A source file's content must be text.");
  const bytes = new TextEncoder().encode(value).length;
  if (bytes > MAX_SOURCE_BYTES) {
    throw new ChainError(ErrorCode.BadRequest, `The file is ${bytes.toLocaleString("en-US")} bytes; a source file may hold at most ${MAX_SOURCE_BYTES.toLocaleString("en-US")} bytes (256 KiB).`, { bytes });
  }
  return value;
}
