/**
 * `aergo repo create|list|show|members`: repositories (each its own chain) and their members.
 * Reads go through the hub's tRPC procedures; every change is a directory entry signed here by
 * the signed-in person's key (see repoDirectory.ts).
 */
import { z } from "zod";
import { signDirectoryEntry } from "../chain/repo/directoryEntry.ts";
import { ROOT_REPO, ZRepoName, ZRole, ZUsername } from "../chain/repo/names.ts";
import { parseInput, positionals, type CommandContext, type CommandOutput, type Command, type ParsedArgs } from "./command.ts";
import { CliError, usageError } from "./errors.ts";
import { ZPersonJSON, ZProducerChoicesJSON, ZRepoSummaryJSON, type MemberOut, type RepoDetailOut, type RepoSummaryOut } from "./hubSchemas.ts";
import { applyAction, getRepo, repoArg, sessionSigner } from "./repoDirectory.ts";

const usage = `Usage:
  aergo repo create NAME [--private] [--description TEXT] [--producer ADDRESS ...]
  aergo repo fork OWNER/NAME NEWNAME [--from BRANCH] [--at HEIGHT] [--private] [--description TEXT]
  aergo repo list
  aergo repo show OWNER/NAME
  aergo repo members list OWNER/NAME
  aergo repo members add OWNER/NAME USER [--role ROLE]
  aergo repo members remove OWNER/NAME USER
  aergo repo members role OWNER/NAME USER --role ROLE

Repositories are chains of their own, named OWNER/NAME; ${ROOT_REPO} is the hub's root chain.
Public ones: anyone reads, writers write. Private ones: only members read or write, and an
outsider is told the repository does not exist. Roles, weakest first: reader, writer, admin,
owner. Use a repository's chain with --repo OWNER/NAME on any chain command (deploy, call,
query, table, send, ...).

Changes (create, members add/remove/role) are entries signed by your key: sign in first with
"aergo login --key NAME"; the key's password comes from AERGO_PASSWORD or a prompt.

  create NAME         a repository OWNER/NAME owned by you (OWNER = your username)
    --private         members only (default public); needs a block producer
    --description T   up to 280 characters
    --producer A      a block producer of a private repository: one of the hub's node
                      keys, by address or label (producer-1 ...); repeatable. Default: the
                      hub's first node key. Public repositories run on the hub's producers
  fork ORIGIN NAME    a repository of yours whose chain starts from a block of ORIGIN (any
                      repository you can read): its state as of that block (balances,
                      contracts, rows), shared copy-on-write, nothing copied; then each chain
                      goes its own way. --from BRANCH (default main), --at (default its head).
                      A fork of a private repository is private.
  list                signed in: your repositories, then the public ones; otherwise the
                      public ones. JSON: [{ fullName, visibility, role, height, ... }]
  show OWNER/NAME     summary, producers and members
  members list        the members: username, role, address, who added them
  members add         invite USER (they must have an account) with --role (default reader)
  members remove      remove USER (anyone may remove themselves)
  members role        change USER's role to --role

Options:
  --hub URL           the hub (default $AERGO_HUB or http://localhost:3000)
  --json              print one JSON document
  --help              this text`;

const SUBCOMMANDS = ["create", "fork", "list", "show", "members"] as const;
const MEMBER_SUBCOMMANDS = ["list", "add", "remove", "role"] as const;

/** Flags each subcommand accepts; any other is a usage error rather than silently ignored. */
const FLAGS_OF: Record<string, readonly string[]> = {
  create: ["private", "description", "producer"],
  fork: ["private", "description", "producer", "from", "at"],
  "members add": ["role"],
  "members role": ["role"],
};

function checkFlags(sub: string, values: ParsedArgs["values"]) {
  const allowed = FLAGS_OF[sub] ?? [];
  const extra = Object.keys(values).filter((k) => values[k] !== undefined && !allowed.includes(k));
  if (extra.length) throw usageError(`aergo repo ${sub}: unknown option --${extra[0]}.`, 'Run "aergo repo --help" for usage.');
}

const ZCreateFlags = z.object({
  private: z.boolean().default(false),
  description: z.string().max(280, "--description is at most 280 characters").default(""),
  producer: z.array(z.string()).default([]),
});

const ZRoleFlag = z.enum(["reader", "writer", "admin", "owner"], { error: "--role must be reader, writer, admin or owner" });

function roleText(role: string | null) {
  return role ?? "-";
}

function listText(repos: readonly RepoListItem[]): string {
  if (!repos.length) return "No repositories.";
  const rows = repos.map((r) => [r.fullName, r.visibility, roleText(r.role), String(r.height), r.description]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => row[i]!.length), ["REPOSITORY", "VISIBILITY", "ROLE", "HEIGHT"][i]!.length));
  const line = (cells: string[]) => cells.map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c)).join("  ").trimEnd();
  return [line(["REPOSITORY", "VISIBILITY", "ROLE", "HEIGHT", "DESCRIPTION"]), ...rows.map(line)].join("\n");
}

function membersText(members: readonly MemberOut[]): string {
  const width = Math.max(...members.map((m) => m.username.length));
  return members.map((m) => `  ${m.username.padEnd(width)}  ${m.role.padEnd(6)}  ${m.address}${m.addedBy !== m.username ? `  (invited by ${m.addedBy})` : ""}`).join("\n");
}

function showText(r: RepoDetailOut): string {
  return [
    `${r.fullName}  ${r.visibility}${r.isRoot ? "  (the hub's root chain)" : ""}`,
    ...(r.description ? [r.description] : []),
    `chain      ${r.directory.chainId} (${r.consensus}), height ${r.height}`,
    `your role  ${roleText(r.access.role)}${r.access.write ? " (may write)" : r.access.read ? " (may read)" : ""}`,
    `producers  ${r.directory.producers.join(", ") || "the hub's DPoS producers"}`,
    `members    ${r.directory.members.length}`,
    ...(r.directory.members.length ? [membersText(r.directory.members)] : []),
  ].join("\n");
}

export type RepoListItem = {
  readonly fullName: string;
  readonly visibility: "public" | "private";
  readonly role: string | null;
  readonly height: number;
  readonly description: string;
  readonly consensus: string;
  readonly memberCount: number;
};

const listItem = (r: RepoSummaryOut): RepoListItem => ({
  fullName: r.fullName,
  visibility: r.visibility,
  role: r.access.role,
  height: r.height,
  description: r.description,
  consensus: r.consensus,
  memberCount: r.memberCount,
});

const ZForkFlags = z.object({ from: z.string().optional(), at: z.string().regex(/^\d{1,15}$/, "--at takes a block height").optional() });
const ZBranchHeads = z.array(z.looseObject({ name: z.string(), head: z.looseObject({ height: z.number(), hash: z.string() }) }));
const ZBlockHeader = z.looseObject({ height: z.number(), hash: z.string() });

/** `repo fork ORIGIN NAME`: the fork point (a block of ORIGIN's branch) resolved here, checked again by the hub. */
async function repoFork(rest: readonly string[], values: ParsedArgs["values"], ctx: CommandContext): Promise<CommandOutput> {
  const [originArg, nameArg] = parseInput(positionals(["ORIGIN", "NAME"]), rest, "repo fork");
  const origin = repoArg(originArg, "repo fork");
  const flags = parseInput(ZForkFlags, { from: values.from, at: values.at }, "repo fork");
  const branch = flags.from ?? "main";
  const heads = await ctx.hub().query("branches.list", { repo: origin }, ZBranchHeads);
  const head = heads.find((b) => b.name === branch);
  if (!head) throw new CliError(`${origin} has no branch "${branch}"; branches: ${heads.map((b) => b.name).join(", ")}.`);
  const at = flags.at === undefined ? head.head : await ctx.hub().query("blocks.header", { repo: origin, branch, id: Number(flags.at) }, ZBlockHeader);
  return repoCreate([nameArg!], values, ctx, { repo: origin, branch, height: at.height, hash: at.hash });
}

async function repoCreate(rest: readonly string[], values: ParsedArgs["values"], ctx: CommandContext, forkOf?: { repo: string; branch: string; height: number; hash: string }): Promise<CommandOutput> {
  const [nameArg] = parseInput(positionals(["NAME"]), rest, "repo create");
  const flags = parseInput(ZCreateFlags, { private: values.private, description: values.description, producer: values.producer }, "repo create");
  const signer = await sessionSigner(ctx);
  const { username } = signer.session;
  // NAME, or OWNER/NAME with your own username as OWNER.
  const [owner, bare] = nameArg!.includes("/") ? (nameArg!.split("/", 2) as [string, string]) : [username, nameArg!];
  if (owner.toLowerCase() !== username) throw new CliError(`You can create repositories under your own name only: ${username}/${bare}.`);
  const name = ZRepoName.safeParse(bare);
  if (!name.success) throw new CliError(`The repository name "${bare.slice(0, 70)}" ${name.error.issues[0]?.message ?? "is not valid"}.`);
  const repo = `${username}/${name.data}`;

  const choices = flags.producer.length || flags.private ? await ctx.hub().query("repos.producerChoices", undefined, ZProducerChoicesJSON) : [];
  const producers = flags.producer.map((p) => choices.find((c) => c.label === p)?.address ?? p);
  if (flags.private && producers.length === 0) {
    const first = choices[0];
    if (!first) throw new CliError(`The hub at ${ctx.hubUrl} offers no block producer for a private repository.`);
    producers.push(first.address);
  }
  const entry = signDirectoryEntry(signer.key, {
    repo,
    prev: "",
    time: Date.now(),
    signer: signer.key.address,
    action: {
      kind: "create",
      repo,
      visibility: flags.private ? "private" : "public",
      description: flags.description,
      owner: { username, address: signer.key.address },
      producers,
      chainId: `hub/${repo}`,
      ...(forkOf ? { forkOf } : {}),
    },
  });
  const created = await ctx.hub().mutate("repos.create", { entry }, ZRepoSummaryJSON);
  const fork = forkOf ? `, forked from ${forkOf.repo}@${forkOf.branch} at block ${forkOf.height}` : "";
  return { json: created, text: `Created ${created.visibility} repository ${created.fullName} (chain hub/${created.fullName}, ${created.consensus}${fork}). Use it with --repo ${created.fullName}.` };
}

async function repoList(ctx: CommandContext): Promise<CommandOutput> {
  const hub = ctx.hub();
  const [mine, explore] = await Promise.all([hub.signedIn ? hub.query("repos.mine", undefined, z.array(ZRepoSummaryJSON)) : [], hub.query("repos.explore", { q: "" }, z.array(ZRepoSummaryJSON))]);
  const seen = new Set<string>();
  const all = [...mine, ...explore].filter((r) => !seen.has(r.fullName) && (seen.add(r.fullName), true)).map(listItem);
  return { json: all, text: listText(all) };
}

async function repoShow(rest: readonly string[], ctx: CommandContext): Promise<CommandOutput> {
  const [arg] = parseInput(positionals(["OWNER/NAME"]), rest, "repo show");
  const repo = await getRepo(ctx, repoArg(arg, "repo show"));
  return { json: repo, text: showText(repo) };
}

async function repoMembers(rest: readonly string[], values: ParsedArgs["values"], ctx: CommandContext): Promise<CommandOutput> {
  const [sub, ...args] = rest;
  if (sub === undefined) throw usageError("aergo repo members: which one? list, add, remove or role.", 'Run "aergo repo --help" for usage.');
  if (!(MEMBER_SUBCOMMANDS as readonly string[]).includes(sub)) {
    throw usageError(`aergo repo members: unknown subcommand "${sub.slice(0, 40)}" (use ${MEMBER_SUBCOMMANDS.join(", ")}).`, 'Run "aergo repo --help" for usage.');
  }
  checkFlags(`members ${sub}`, values);
  const command = `repo members ${sub}`;
  if (sub === "list") {
    const [arg] = parseInput(positionals(["OWNER/NAME"]), args, command);
    const repo = await getRepo(ctx, repoArg(arg, command));
    return { json: repo.directory.members, text: membersText(repo.directory.members) };
  }
  const [arg, userArg] = parseInput(positionals(["OWNER/NAME", "USER"]), args, command);
  const repo = repoArg(arg, command);
  const parsedUser = ZUsername.safeParse(userArg);
  if (!parsedUser.success) throw new CliError(`"${userArg!.slice(0, 60)}" is not a username: it ${parsedUser.error.issues[0]?.message ?? "is not valid"}.`);
  const user = parsedUser.data;
  const role = sub === "add" ? parseInput(z.object({ role: ZRoleFlag.default("reader") }), values, command).role : sub === "role" ? parseInput(z.object({ role: ZRoleFlag.optional() }), values, command).role : undefined;
  if (sub === "role" && role === undefined) throw usageError(`aergo ${command}: --role ROLE is required (reader, writer, admin or owner).`, 'Run "aergo repo --help" for usage.');
  const signer = await sessionSigner(ctx);
  let text: string;
  let directory;
  if (sub === "add") {
    const person = await ctx.hub().query("people.lookup", { username: user }, ZPersonJSON);
    directory = await applyAction(ctx, signer, repo, { kind: "invite", username: person.username, address: person.address, role: ZRole.parse(role) });
    text = `Added ${person.username} to ${repo} as ${role}.`;
  } else if (sub === "remove") {
    directory = await applyAction(ctx, signer, repo, { kind: "remove", username: user });
    text = `Removed ${user} from ${repo}.`;
  } else {
    directory = await applyAction(ctx, signer, repo, { kind: "setRole", username: user, role: ZRole.parse(role) });
    text = `${user} is now ${role} of ${repo}.`;
  }
  return { json: { repo, members: directory.members }, text: `${text}\n${membersText(directory.members)}` };
}

export const command: Command = {
  usage,
  options: { private: { type: "boolean" }, description: { type: "string" }, producer: { type: "string", multiple: true }, role: { type: "string" }, from: { type: "string" }, at: { type: "string" } },
  async run(args: ParsedArgs, ctx) {
    const [sub, ...rest] = args.positionals;
    if (sub === undefined) throw usageError("aergo repo: which one? create, list, show or members.", 'Run "aergo repo --help" for usage.');
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw usageError(`aergo repo: unknown subcommand "${sub.slice(0, 40)}" (use ${SUBCOMMANDS.join(", ")}).`, 'Run "aergo repo --help" for usage.');
    }
    if (sub !== "members") checkFlags(sub, args.values);
    switch (sub as (typeof SUBCOMMANDS)[number]) {
      case "create":
        return repoCreate(rest, args.values, ctx);
      case "fork":
        return repoFork(rest, args.values, ctx);
      case "list":
        parseInput(positionals([]), rest, "repo list");
        return repoList(ctx);
      case "show":
        return repoShow(rest, ctx);
      case "members":
        return repoMembers(rest, args.values, ctx);
    }
  },
};
