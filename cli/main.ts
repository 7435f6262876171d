/**
 * The `aergo` command line: parses the command and its flags, runs the command module (imported
 * lazily so startup stays fast), prints one JSON document (--json) or text, and maps failures to
 * a one-line reason on stderr with exit 1 (bad input, hub errors) or 2 (usage).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { MAIN_BRANCH, ROOT_REPO, ZBranchName, ZRepoFullName } from "../chain/repo/names.ts";
import type { Command, CommandContext } from "./command.ts";
import { CliError, toCliError, usageError } from "./errors.ts";
import type { HubClient } from "./hubClient.ts";

/** `chain`: the command reads or writes a repository's chain, so it takes --repo. */
type Entry = { readonly summary: string; readonly chain?: true; load(): Promise<{ command: Command }> };

const COMMANDS: Readonly<Record<string, Entry>> = {
  keys: { summary: "new | list | import | export | import-dev: local Aergo keystores", load: () => import("./keys.ts") },
  login: { summary: "--key NAME [--username USER]: sign in to the hub with a local key", load: () => import("./login.ts") },
  logout: { summary: "forget this hub's session", load: () => import("./logout.ts") },
  whoami: { summary: "who you are signed in as on this hub", load: () => import("./whoami.ts") },
  repo: { summary: "create | fork | list | show | members: repositories and their members", load: () => import("./repo.ts") },
  branch: { summary: "create | list | delete: a repository's branches", chain: true, load: () => import("./branch.ts") },
  merge: { summary: "SOURCE --into TARGET [--preview] [--resolve …]: merge a branch (automated or consistent)", chain: true, load: () => import("./merge.ts") },
  diff: { summary: "A B | A...B [--table T] [--contract C]: rows that differ between two branches or heights", chain: true, load: () => import("./diff.ts") },
  faucet: { summary: "ADDRESS|NAME [AMOUNT]: free AERGO on the dev network", load: () => import("./faucet.ts") },
  send: { summary: "--from NAME --to ADDRESS|NAME --amount 1.5aergo: transfer AERGO", chain: true, load: () => import("./send.ts") },
  balance: { summary: "ADDRESS|NAME [--proof] [--height H]: balance, optionally proven", chain: true, load: () => import("./balance.ts") },
  name: { summary: "register | show | update NAME: on-chain names (resolve wherever an address is taken)", chain: true, load: () => import("./name.ts") },
  tx: { summary: "HASH: a transaction and its receipt", chain: true, load: () => import("./tx.ts") },
  block: { summary: "HEIGHT|HASH: a block", chain: true, load: () => import("./block.ts") },
  chain: { summary: "chain id, height, finality, producers, candidates", chain: true, load: () => import("./chain.ts") },
  stake: { summary: "AMOUNT --from NAME: stake AERGO", chain: true, load: () => import("./stake.ts") },
  unstake: { summary: "AMOUNT --from NAME: take stake back", chain: true, load: () => import("./unstake.ts") },
  vote: { summary: "CANDIDATE... --from NAME: vote for block producers", chain: true, load: () => import("./vote.ts") },
  proposal: { summary: "list | show | create | vote: chain-parameter proposals voted by stake", chain: true, load: () => import("./proposal.ts") },
  compile: { summary: "FILE: compile an AergoSQL contract here; diagnostics or its ABI", load: () => import("./compile.ts") },
  deploy: { summary: "FILE --from NAME [--args JSON] [--name NAME]: deploy a contract", chain: true, load: () => import("./deploy.ts") },
  call: { summary: "CONTRACT PROC --from NAME [--args JSON] [--amount X]: run a procedure", chain: true, load: () => import("./call.ts") },
  query: { summary: "CONTRACT VIEW [--args JSON] [--at HEIGHT]: run a view (no fee)", chain: true, load: () => import("./query.ts") },
  table: { summary: "CONTRACT TABLE [--at HEIGHT] [--limit N]: a contract table's rows", chain: true, load: () => import("./table.ts") },
  blame: { summary: "CONTRACT TABLE KEY... [--branch B]: a row's versions and who wrote each cell", chain: true, load: () => import("./blame.ts") },
  events: { summary: "CONTRACT [--event NAME] [--from HEIGHT]: a contract's events", chain: true, load: () => import("./events.ts") },
  market: { summary: "list | show | publish | buy | install | review | unsafe: the marketplace (root chain)", load: () => import("./market.ts") },
  redeploy: { summary: "FILE --contract CONTRACT --from NAME: replace a contract's code, keep its rows", chain: true, load: () => import("./redeploy.ts") },
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
    "Usage: aergo COMMAND [ARGS] [--json] [--hub URL] [--repo OWNER/NAME]",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`),
    "",
    "Global options:",
    "  --json        print exactly one JSON document on stdout",
    `  --hub URL     the hub to talk to (default $AERGO_HUB or ${DEFAULT_HUB})`,
    `  --repo OWNER/NAME  chain commands: the repository whose chain to use (default $AERGO_REPO or ${ROOT_REPO})`,
    "  --branch NAME      chain commands: the branch to read and write (default $AERGO_BRANCH or main)",
    "  --help, -h    usage (also: aergo COMMAND --help)",
    "",
    "CONTRACT: an address, or a name recorded by \"aergo deploy --name\" in $AERGO_HOME/contracts.json.",
    "Sessions: \"aergo login\" keeps one per hub in $AERGO_HOME/session.json; requests carry it.",
    "Environment: AERGO_HUB, AERGO_REPO, AERGO_HOME (keys in $AERGO_HOME/keys, default ~/.aergo),",
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

const REPO_OPTION = { repo: { type: "string" }, branch: { type: "string" } } as const;

const REPO_USAGE = `
Repository (every chain command):
  --repo OWNER/NAME  the repository whose chain to use (default $AERGO_REPO or ${ROOT_REPO});
                     private ones need "aergo login" as one of their members
  --branch NAME      the branch to read and write (default $AERGO_BRANCH or main)`;

function branchOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = flag ?? (env.AERGO_BRANCH || MAIN_BRANCH);
  const parsed = ZBranchName.safeParse(raw);
  if (!parsed.success) throw usageError(`${flag === undefined ? "AERGO_BRANCH" : "--branch"} "${raw.slice(0, 80)}" is not a branch name: ${parsed.error.issues[0]!.message}.`, "See aergo branch list.");
  return parsed.data;
}

function repoOf(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const raw = flag ?? (env.AERGO_REPO || ROOT_REPO);
  const parsed = ZRepoFullName.safeParse(raw);
  if (!parsed.success) {
    const from = flag === undefined ? "AERGO_REPO" : "--repo";
    throw usageError(`${from} "${raw.slice(0, 110)}" is not a repository (OWNER/NAME).`, "Give it as OWNER/NAME, e.g. --repo alice/ledger (see aergo repo list).");
  }
  return parsed.data;
}

/** Hints for the hub's refusals that a sign-in would change. */
function hintFor(signedIn: boolean, repo: string | undefined) {
  return (code: string): string | undefined => {
    if (code === "UNAUTHENTICATED") return signedIn ? "Your session has ended: run aergo login --key NAME again." : "Run aergo login --key NAME first.";
    if (code === "NOT_FOUND" && !signedIn && repo !== undefined && repo !== ROOT_REPO) return `If ${repo} is private, sign in as one of its members: aergo login --key NAME.`;
    return undefined;
  };
}

function parseCommandArgs(name: string, entry: Entry, cmd: Command, argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...(entry.chain ? REPO_OPTION : {}), ...cmd.options }, allowPositionals: true, strict: true });
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
    const parsed = parseCommandArgs(name, entry, command, rest);
    if (parsed.values.help) {
      io.out(command.usage + (entry.chain ? `\n${REPO_USAGE}` : "") + "\n");
      return 0;
    }
    const { json, hub, help: _help, ...commandValues } = parsed.values;
    // --repo/--branch are the context of chain commands; any other command that takes them reads them itself.
    const { repo: repoFlag, branch: branchFlag, ...chainValues } = commandValues as typeof commandValues & { repo?: string; branch?: string };
    const values = entry.chain ? chainValues : commandValues;
    const hubUrl = hubUrlOf(hub as string | undefined, env);
    const repo = entry.chain ? repoOf(repoFlag, env) : ROOT_REPO;
    const branch = entry.chain ? branchOf(branchFlag, env) : MAIN_BRANCH;
    let client: HubClient | null = null;
    const [{ createHubClient }, { aergoHome }, { sessionFor }] = await Promise.all([import("./hubClient.ts"), import("./keyDir.ts"), import("./session.ts")]);
    const home = aergoHome(env);
    const session = () => sessionFor(home, hubUrl);
    const clientAt = (targetRepo: string, targetBranch: string): HubClient => {
      const token = session()?.token;
      const target = targetRepo === ROOT_REPO ? undefined : targetRepo;
      return createHubClient(hubUrl, { repo: target, branch: targetBranch === MAIN_BRANCH ? undefined : targetBranch, token, hintFor: hintFor(token !== undefined, target) });
    };
    const ctx: CommandContext = {
      json: json === true,
      hubUrl,
      home,
      env,
      repo,
      branch,
      session,
      // Only chain commands name a repository: the others (faucet, repo ...) say which in their input.
      hub: () => (client ??= clientAt(entry.chain ? repo : ROOT_REPO, branch)),
      hubAt: clientAt,
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
