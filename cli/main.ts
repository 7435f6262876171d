/**
 * The `aergo` command line: parses the command and its flags, runs the command module (imported
 * lazily so startup stays fast), prints one JSON document (--json) or text, and maps failures to
 * a one-line reason on stderr with exit 1 (bad input, hub errors) or 2 (usage).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import type { Command, CommandContext } from "./command.ts";
import { CliError, toCliError, usageError } from "./errors.ts";
import type { HubClient } from "./hubClient.ts";

type Entry = { readonly summary: string; load(): Promise<{ command: Command }> };

const COMMANDS: Readonly<Record<string, Entry>> = {
  keys: { summary: "new | list | import | export | import-dev: local Aergo keystores", load: () => import("./keys.ts") },
  faucet: { summary: "ADDRESS|NAME [AMOUNT]: free AERGO on the dev network", load: () => import("./faucet.ts") },
  send: { summary: "--from NAME --to ADDRESS|NAME --amount 1.5aergo: transfer AERGO", load: () => import("./send.ts") },
  balance: { summary: "ADDRESS|NAME [--proof] [--height H]: balance, optionally proven", load: () => import("./balance.ts") },
  tx: { summary: "HASH: a transaction and its receipt", load: () => import("./tx.ts") },
  block: { summary: "HEIGHT|HASH: a block", load: () => import("./block.ts") },
  chain: { summary: "chain id, height, finality, producers, candidates", load: () => import("./chain.ts") },
  stake: { summary: "AMOUNT --from NAME: stake AERGO", load: () => import("./stake.ts") },
  unstake: { summary: "AMOUNT --from NAME: take stake back", load: () => import("./unstake.ts") },
  vote: { summary: "CANDIDATE... --from NAME: vote for block producers", load: () => import("./vote.ts") },
  compile: { summary: "FILE: compile an AergoSQL contract here; diagnostics or its ABI", load: () => import("./compile.ts") },
  deploy: { summary: "FILE --from NAME [--args JSON] [--name NAME]: deploy a contract", load: () => import("./deploy.ts") },
  call: { summary: "CONTRACT PROC --from NAME [--args JSON] [--amount X]: run a procedure", load: () => import("./call.ts") },
  query: { summary: "CONTRACT VIEW [--args JSON] [--at HEIGHT]: run a view (no fee)", load: () => import("./query.ts") },
  table: { summary: "CONTRACT TABLE [--at HEIGHT] [--limit N]: a contract table's rows", load: () => import("./table.ts") },
  events: { summary: "CONTRACT [--event NAME] [--from HEIGHT]: a contract's events", load: () => import("./events.ts") },
  redeploy: { summary: "FILE --contract CONTRACT --from NAME: replace a contract's code, keep its rows", load: () => import("./redeploy.ts") },
};

const GLOBAL_OPTIONS = {
  json: { type: "boolean" },
  hub: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

export const DEFAULT_HUB = "http://localhost:3000";

function topUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    "Usage: aergo COMMAND [ARGS] [--json] [--hub URL]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`),
    "",
    "Global options:",
    "  --json        print exactly one JSON document on stdout",
    `  --hub URL     the hub to talk to (default $AERGO_HUB or ${DEFAULT_HUB})`,
    "  --help, -h    usage (also: aergo COMMAND --help)",
    "",
    "CONTRACT: an address, or a name recorded by \"aergo deploy --name\" in $AERGO_HOME/contracts.json.",
    "Environment: AERGO_HUB, AERGO_HOME (keys in $AERGO_HOME/keys, default ~/.aergo),",
    "AERGO_PASSWORD (else a hidden prompt on a terminal).",
    "Exit codes: 0 ok, 1 bad input or an error reported by the hub, 2 usage error.",
    "Reference: docs/cli.md",
  ].join("\n");
}

const ZHubUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

function hubUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = flag ?? (env.AERGO_HUB || DEFAULT_HUB);
  const parsed = ZHubUrl.safeParse(raw);
  if (!parsed.success) throw usageError(`The hub URL "${raw.slice(0, 80)}" is not valid: ${parsed.error.issues[0]?.message}.`, "Use --hub http://host:port or set AERGO_HUB.");
  return parsed.data.replace(/\/+$/, "");
}

// Levenshtein distance, for "did you mean" hints on mistyped commands.
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function parseCommandArgs(name: string, cmd: Command, argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...cmd.options }, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = e instanceof Error ? e.message : String(e);
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? "";
      throw usageError(`aergo ${name}: unknown option ${flag}.`, `Run "aergo ${name} --help" for its options.`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw usageError(`aergo ${name}: ${message.split(/(?<=\.)\s/)[0]}`, `Run "aergo ${name} --help" for its options.`);
    }
    throw usageError(`aergo ${name}: ${message}`, `Run "aergo ${name} --help" for usage.`);
  }
}

export type Io = { out(text: string): void; err(text: string): void };

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Runs one CLI invocation and returns its exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      if (name === undefined) {
        io.err(topUsage() + "\n");
        return 2;
      }
      io.out(topUsage() + "\n");
      return 0;
    }
    const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!entry) {
      const close = Object.keys(COMMANDS).filter((c) => distance(c, name) <= 2);
      const hint = close.length ? `Did you mean "aergo ${close[0]}"? Run "aergo --help" for all commands.` : 'Run "aergo --help" for all commands.';
      throw usageError(name.startsWith("-") ? `Give a command before options (got ${name.slice(0, 40)}).` : `Unknown command "${name.slice(0, 40)}".`, hint);
    }
    const { command } = await entry.load();
    const parsed = parseCommandArgs(name, command, rest);
    if (parsed.values.help) {
      io.out(command.usage + "\n");
      return 0;
    }
    const { json, hub, help: _help, ...values } = parsed.values;
    const hubUrl = hubUrlOf(hub as string | undefined, env);
    let client: HubClient | null = null;
    const { createHubClient } = await import("./hubClient.ts");
    const { aergoHome } = await import("./keyDir.ts");
    const ctx: CommandContext = {
      json: json === true,
      hubUrl,
      home: aergoHome(env),
      env,
      hub: () => (client ??= createHubClient(hubUrl)),
    };
    const result = await command.run({ positionals: parsed.positionals, values }, ctx);
    for (const line of result.warnings ?? []) io.err(`${line}\n`);
    io.out((ctx.json ? JSON.stringify(result.json, null, 2) : result.text) + "\n");
    if (result.failure) {
      io.err(`error: ${result.failure}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    const err = toCliError(e);
    for (const line of err.details) io.err(`${oneLine(line)}\n`);
    io.err(`error: ${oneLine(err.message)}\n`);
    if (err.hint) io.err(`${err.hint}\n`);
    if (env.AERGO_DEBUG && e instanceof Error && !(e instanceof CliError)) io.err(`${e.stack}\n`);
    return err.exitCode;
  }
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " ");
