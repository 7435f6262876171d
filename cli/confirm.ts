/**
 * Asking before spending: a yes/no question on the terminal. Without a terminal there is no one
 * to ask, so the command must be told with a flag (--yes) rather than guess.
 */
import readline from "node:readline/promises";
import { CliError } from "./errors.ts";

/**
 * @param flagHint - what to pass instead when there is no terminal, e.g. "--yes".
 * @throws CliError when there is no terminal, or the answer is not yes (nothing was done).
 */
export async function confirmOnTerminal(question: string, flagHint: string): Promise<void> {
  if (!process.stdin.isTTY) throw new CliError(`${question.replace(/\?$/, "")}: pass ${flagHint} to confirm (there is no terminal to ask).`);
  // The question goes to stderr, so stdout stays one JSON document with --json.
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError("Cancelled; nothing was sent.");
  } finally {
    rl.close();
  }
}
