/**
 * What every command module exports, and the context main.ts hands it. Command modules are
 * imported lazily, one per run, so `aergo chain` never loads the keystore's scrypt.
 */
import { z } from "zod";
import { usageError } from "./errors.ts";
import type { HubClient } from "./hubClient.ts";
import type { Session } from "./session.ts";

export type OptionSpec = { readonly type: "string" | "boolean"; readonly multiple?: boolean; readonly short?: string };

export type ParsedArgs = {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
};

export type CommandContext = {
  readonly json: boolean;
  readonly hubUrl: string;
  /** The key directory's parent: $AERGO_HOME, else ~/.aergo. */
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  /**
   * The repository a chain command acts on: --repo, else $AERGO_REPO, else the root repository
   * "aergo/main". Local names of contracts are kept per repository under it.
   */
  readonly repo: string;
  /** The branch a chain command acts on: --branch, else $AERGO_BRANCH, else main. */
  readonly branch: string;
  /**
   * Created on first use, so key-only commands never touch the network. It carries the session
   * token for this hub when there is one, and (chain commands) the repository.
   */
  hub(): HubClient;
  /**
   * A client whose /v1 requests act on `repo` and `branch` (x-aergo-repo, x-aergo-branch), with
   * the session: for a command whose --repo names a target, not the chain it signs on (market install).
   */
  hubAt(repo: string, branch: string): HubClient;
  /** The signed-in session for this hub, or null; the token stays inside. */
  session(): Session | null;
};

export type CommandOutput = {
  /** Printed as the one JSON document on stdout with --json. */
  readonly json: unknown;
  /** Printed without --json. */
  readonly text: string;
  /** Set when the command got an answer that is a failure (a receipt with status "error"). */
  readonly failure?: string;
  /** Printed on stderr as they are, even on success (a compiler's warnings). */
  readonly warnings?: readonly string[];
};

export type Command = {
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput>;
};

/**
 * Validates parsed arguments against a command's zod schema; a mismatch (missing argument, too
 * many, a flag of the wrong kind) is a usage error, exit 2.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, command: string): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const message = issue?.message ?? "invalid arguments";
  // Flag issues are at path ["flag"]; their messages either name the flag already or get it here.
  const where = issue?.path.length && !message.startsWith("--") ? `--${issue.path.join(".")} ` : "";
  throw usageError(`aergo ${command}: ${where}${message}.`, `Run "aergo ${command} --help" for usage.`);
}

/** The --wait flag of commands that send a transaction. */
export const ZWait = z.enum(["receipt", "block", "final"], { error: 'must be "receipt", "block" or "final"' }).default("receipt");

/** Options every transaction command takes besides --json/--hub. */
export const TX_OPTIONS = {
  from: { type: "string" },
  wait: { type: "string" },
} as const satisfies Record<string, OptionSpec>;

/** One positional list with exact bounds, as a zod schema with a readable message. */
export function positionals(names: readonly string[], min = names.length, max = names.length) {
  const label = names.map((n, i) => (i < min ? n : `[${n}]`)).join(" ");
  return z
    .array(z.string())
    .min(min, `expects ${label}`)
    .max(max, `expects only ${label || "no arguments"}`);
}
