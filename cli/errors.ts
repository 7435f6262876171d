import { isChainError } from "../chain/errors.ts";

/**
 * The CLI's one failure type: a one-line reason for stderr and the exit code. 1 = bad input or
 * an error reported by the hub; 2 = a usage error (unknown command or flag, missing argument).
 */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
    /** A second line telling the user what to run instead (usage errors). */
    readonly hint?: string,
    /** Lines printed before the reason, as they are (a compiler's `file:line:col: message` diagnostics). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string, hint?: string) => new CliError(message, 2, hint);

/** Any thrown value as a CliError: chain errors (bad amount, bad address, ...) are bad input. */
export function toCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (isChainError(e)) return new CliError(e.message, 1);
  return new CliError(`Unexpected failure: ${e instanceof Error ? e.message : String(e)}`, 1);
}
