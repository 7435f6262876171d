/**
 * `aergo branch create|list|delete`: a repository's branches. Reads go through /v1/getBranches;
 * creating and deleting are directory entries signed here by the signed-in person's key, so the
 * repository's audit trail shows who moved which ref (see repoDirectory.ts).
 */
import { z } from "zod";
import { ROOT_REPO, ZBranchName } from "../chain/repo/names.ts";
import { parseInput, positionals, type Command, type CommandContext, type CommandOutput } from "./command.ts";
import { CliError, usageError } from "./errors.ts";
import { applyAction, sessionSigner } from "./repoDirectory.ts";

const usage = `Usage:
  aergo branch list [--repo OWNER/NAME]
  aergo branch create NAME [--from BRANCH] [--at HEIGHT] [--consistent] [--repo OWNER/NAME]
  aergo branch delete NAME [--repo OWNER/NAME]

A branch is a named line of blocks of a repository's chain. It starts at a sealed block of
another branch (default: main's head) and costs nothing to create: no state is copied, it reads
the state of that block and builds its own blocks on it. Use it with --branch NAME on any chain
command (deploy, call, query, table, send, balance, ...).

  list                the branches: head, where each starts, transactions waiting
  create NAME         1–64 lowercase letters, digits, '.', '_' or '-'
    --from BRANCH     the branch to start from (default main)
    --at HEIGHT       the block to start at (default that branch's head)
    --consistent      merge it later three-way by rows and MERGE POLICY (default: automated,
                      by replaying its transactions); see "aergo merge --help"
  delete NAME         its creator or an admin; not main, not while it has transactions waiting

Creating and deleting are entries signed by your key ("aergo login --key NAME" first; writers
may create). The root repository ${ROOT_REPO} has no branches of its own.`;

const ZBranchJSON = z.object({
  name: z.string(),
  head: z.object({ height: z.number(), hash: z.string(), timestamp: z.number() }),
  base: z.object({ branch: z.string(), height: z.number(), hash: z.string() }).nullable(),
  lastIrreversible: z.number(),
  pendingTxs: z.number(),
  createdAt: z.number(),
  createdBy: z.string().nullable(),
  mergeMode: z.enum(["automated", "consistent"]),
});
type BranchOut = z.infer<typeof ZBranchJSON>;

const listBranches = (ctx: CommandContext) => ctx.hub().get("getBranches", {}, z.array(ZBranchJSON));

function branchName(text: string | undefined, what: string): string {
  const parsed = ZBranchName.safeParse(text ?? "");
  if (!parsed.success) throw new CliError(`${what} "${(text ?? "").slice(0, 80)}" is not a branch name: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

function listText(branches: readonly BranchOut[]): string {
  const width = Math.max(...branches.map((b) => b.name.length));
  return branches
    .map((b) => `${b.name.padEnd(width)}  head ${b.head.height}  ${b.base ? `from ${b.base.branch} @ ${b.base.height}` : "(main line)"}${b.mergeMode === "consistent" ? "  consistent" : ""}${b.pendingTxs ? `  ${b.pendingTxs} waiting` : ""}`)
    .join("\n");
}

async function create(rest: readonly string[], values: Record<string, unknown>, ctx: CommandContext): Promise<CommandOutput> {
  const [nameArg] = parseInput(positionals(["NAME"]), rest, "branch create");
  const opts = parseInput(z.object({ from: z.string().optional(), at: z.string().regex(/^\d{1,15}$/, "--at takes a block height").optional(), consistent: z.boolean().optional() }), values, "branch create");
  const name = branchName(nameArg, "The name");
  const from = branchName(opts.from ?? "main", "--from");
  const known = await listBranches(ctx);
  const base = known.find((b) => b.name === from);
  if (!base) throw new CliError(`There is no branch "${from}" in ${ctx.repo}; branches: ${known.map((b) => b.name).join(", ")}.`);
  const height = opts.at === undefined ? base.head.height : Number(opts.at);
  const signer = await sessionSigner(ctx);
  await applyAction(ctx, signer, ctx.repo, { kind: "createBranch", name, from, height, ...(opts.consistent ? { mergeMode: "consistent" as const } : {}) });
  const created = (await listBranches(ctx)).find((b) => b.name === name);
  return { json: created, text: `Created branch ${name} of ${ctx.repo} from ${from} at block ${height}${opts.consistent ? " (consistent merges)" : ""}. Use it with --branch ${name}.` };
}

async function remove(rest: readonly string[], ctx: CommandContext): Promise<CommandOutput> {
  const [nameArg] = parseInput(positionals(["NAME"]), rest, "branch delete");
  const name = branchName(nameArg, "The name");
  const signer = await sessionSigner(ctx);
  await applyAction(ctx, signer, ctx.repo, { kind: "deleteBranch", name });
  return { json: { deleted: name, repo: ctx.repo }, text: `Deleted branch ${name} of ${ctx.repo}.` };
}

export const command: Command = {
  usage,
  options: { from: { type: "string" }, at: { type: "string" }, consistent: { type: "boolean" } },
  async run(args, ctx) {
    const [sub, ...rest] = args.positionals;
    switch (sub) {
      case "list": {
        parseInput(positionals([]), rest, "branch list");
        const branches = await listBranches(ctx);
        return { json: branches, text: listText(branches) };
      }
      case "create":
        return create(rest, args.values, ctx);
      case "delete":
        return remove(rest, ctx);
      default:
        throw usageError(sub === undefined ? "aergo branch: which one? list, create or delete." : `aergo branch: unknown subcommand "${sub.slice(0, 40)}" (use list, create, delete).`, 'Run "aergo branch --help" for usage.');
    }
  },
};
