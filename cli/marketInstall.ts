/**
 * `aergo market install PACKAGE@VERSION --repo OWNER/NAME`: the hub copies a bought version's files
 * into the repository's branch (POST /v1/installMarketListing on that repository, signed in).
 * With --out DIR the same files are also written here, but only after their source hash, computed
 * here, matches the one the chain pins the listing by: a hub cannot hand over other code.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { sourceHashOf } from "../chain/market/payload.ts";
import type { SourceFile } from "../chain/market/records.ts";
import { ZBranchName, MAIN_BRANCH } from "../chain/repo/names.ts";
import { MAX_SOURCE_PATH_CHARS, SOURCE_PATH_PATTERN } from "../chain/repo/sourcePaths.ts";
import { parseInput, positionals, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { CliError, usageError } from "./errors.ts";
import { ZMarketInstallJSON } from "./hubSchemas.ts";
import { fetchListing, requireListingRef, type ListingRef } from "./marketTx.ts";
import { repoArg } from "./repoDirectory.ts";
import { requireSession } from "./session.ts";

const ZInstallFlags = z.object({
  repo: z.string({ error: "--repo OWNER/NAME is required (the repository to install into)" }),
  branch: z.string().optional(),
  replace: z.boolean().default(false),
  out: z.string().optional(),
});

/**
 * The listing's files, checked against its pinned source hash and the source path rule.
 * @throws CliError when they do not match (nothing is installed or written then).
 */
async function verifiedFiles(ctx: CommandContext, ref: ListingRef): Promise<{ files: SourceFile[]; sourceHash: string }> {
  const { listing, files } = await fetchListing(ctx.hub(), ref);
  const actual = sourceHashOf(files);
  if (actual !== listing.sourceHash) {
    throw new CliError(`The files the hub sent for ${ref.package}@${ref.version} hash to ${actual}, not the listing's source hash ${listing.sourceHash}; nothing was installed or written.`);
  }
  // A path that breaks the rule could climb out of --out ("../"); the chain never stores one.
  const bad = files.find((f) => f.path.length > MAX_SOURCE_PATH_CHARS || !SOURCE_PATH_PATTERN.test(f.path));
  if (bad) throw new CliError(`The listing holds a file named "${bad.path.slice(0, 80)}", which is not a source path; nothing was installed or written.`);
  return { files, sourceHash: listing.sourceHash };
}

/** Files under `dir` that exist with other content. */
async function differingFiles(dir: string, files: readonly SourceFile[]): Promise<string[]> {
  const differing: string[] = [];
  for (const f of files) {
    const target = path.join(dir, ...f.path.split("/"));
    const current = await fs.readFile(target, "utf8").catch((e: NodeJS.ErrnoException) => (e.code === "ENOENT" ? null : Promise.reject(new CliError(`Cannot read ${target}: ${e.code ?? e.message}.`))));
    if (current !== null && current !== f.content) differing.push(target);
  }
  return differing;
}

async function writeFiles(dir: string, files: readonly SourceFile[]): Promise<string[]> {
  const written: string[] = [];
  for (const f of files) {
    const target = path.join(dir, ...f.path.split("/"));
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, f.content);
    } catch (e) {
      throw new CliError(`Cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    }
    written.push(target);
  }
  return written;
}

export async function installListing(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  const [refText] = parseInput(positionals(["PACKAGE@VERSION"]), args.positionals.slice(1), "market install");
  const flags = parseInput(ZInstallFlags, args.values, "market install");
  const ref = requireListingRef(refText!);
  const repo = repoArg(flags.repo, "market install");
  const branchParsed = ZBranchName.safeParse(flags.branch ?? MAIN_BRANCH);
  if (!branchParsed.success) throw usageError(`aergo market install: --branch "${(flags.branch ?? "").slice(0, 80)}" is not a branch name: ${branchParsed.error.issues[0]?.message}.`);
  const branch = branchParsed.data;
  // The hub installs for the signed-in person (their purchase): say so before asking it.
  requireSession(ctx.home, ctx.hubUrl);
  const out = flags.out === undefined ? undefined : path.resolve(flags.out);
  const local = out === undefined ? undefined : await verifiedFiles(ctx, ref);
  if (out !== undefined && local && !flags.replace) {
    const differing = await differingFiles(out, local.files);
    if (differing.length) throw new CliError(`${differing.join(", ")} ${differing.length === 1 ? "exists and differs" : "exist and differ"} from ${ref.package}@${ref.version}; pass --replace to overwrite. Nothing was installed.`);
  }
  const installed = await ctx.hubAt(repo, branch).post("installMarketListing", { package: ref.package, version: ref.version, replace: flags.replace }, ZMarketInstallJSON);
  const lines = [
    `Installed ${installed.package}@${installed.version} into ${installed.repo} (branch ${installed.branch}): ${installed.folder}/`,
    `files     ${installed.files.join(", ")} (${installed.written} written, ${installed.files.length - installed.written} unchanged)`,
    `main      ${installed.mainFile}`,
    `source    ${installed.sourceHash}`,
  ];
  if (out === undefined || !local) return { json: installed, text: lines.join("\n") };
  if (installed.sourceHash !== local.sourceHash) {
    throw new CliError(`The hub installed source ${installed.sourceHash}, not the listing's ${local.sourceHash}; nothing was written to ${out}.`);
  }
  const written = await writeFiles(out, local.files);
  lines.push(`wrote     ${written.join(", ")} (source hash verified)`);
  return { json: { ...installed, out: { dir: out, files: written, sourceHash: local.sourceHash } }, text: lines.join("\n") };
}
