/**
 * `aergo market publish`: lists a version on the root chain. The source files are read from disk
 * and stored under their path relative to --base (default: the current directory), the names the
 * buyer's repository gets them under; the chain's parser checks the listing before anything is
 * signed, and the payload names its source hash so the chain refuses a bundle that changed.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { parseAmount, toAmountJSON } from "../chain/amount.ts";
import { LISTING_KINDS, type SourceFile } from "../chain/market/records.ts";
import { sourceHashOf } from "../chain/market/payload.ts";
import { MAX_SOURCE_PATH_CHARS, SOURCE_PATH_PATTERN } from "../chain/repo/sourcePaths.ts";
import { parseInput, positionals, ZWait, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { CliError } from "./errors.ts";
import { buildMarketPayload, marketReceiptOutput, marketSigner, sendMarketTx } from "./marketTx.ts";
import { repoArg } from "./repoDirectory.ts";

const ZPublishFlags = z.object({
  package: z.string({ error: "--package P is required" }),
  version: z.string({ error: "--version V is required (semver, e.g. 1.0.0)" }),
  repo: z.string({ error: "--repo OWNER/NAME is required (a repository you administer)" }),
  price: z.string({ error: "--price AMOUNT is required (0 for a free listing)" }),
  title: z.string({ error: "--title T is required" }),
  description: z.string().optional(),
  readme: z.string().optional(),
  license: z.string().default("MIT"),
  tag: z.array(z.string()).default([]),
  main: z.string().optional(),
  kind: z.enum(LISTING_KINDS, { error: `--kind must be ${LISTING_KINDS.join(" or ")}` }).optional(),
  base: z.string().optional(),
  from: z.string().optional(),
  wait: ZWait,
});

/** Reads a file as UTF-8 text. @throws CliError naming the file and what is wrong with it. */
async function readText(file: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`Cannot read the ${what} ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (code ?? (e as Error).message)}.`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new CliError(`The ${what} ${file} is not UTF-8 text.`);
  }
}

/**
 * The path a file is stored under: relative to `base`, "/"-separated.
 * @throws CliError when it is outside `base` or breaks the source store's path rule.
 */
function storedPath(file: string, base: string): string {
  const rel = path.relative(base, path.resolve(file)).split(path.sep).join("/");
  if (rel === "" || rel.startsWith("../") || rel === ".." || path.isAbsolute(rel)) {
    throw new CliError(`${file} is outside ${base}: files are stored under their path relative to --base DIR (default: the current directory).`);
  }
  if (rel.length > MAX_SOURCE_PATH_CHARS || !SOURCE_PATH_PATTERN.test(rel)) {
    throw new CliError(`${file} would be stored as "${rel.slice(0, 80)}", which is not a source path: lowercase '/'-separated segments of letters, digits, '-' or '_', ending in .sql (use --base DIR to store it under a shorter path).`);
  }
  return rel;
}

export async function publishListing(args: ParsedArgs, ctx: CommandContext): Promise<CommandOutput> {
  const fileArgs = parseInput(positionals(["FILE.sql", "FILE.sql ..."], 1, Infinity), args.positionals.slice(1), "market publish");
  const flags = parseInput(ZPublishFlags, args.values, "market publish");
  const repo = repoArg(flags.repo, "market publish");
  const base = path.resolve(flags.base ?? ".");
  const price = parseAmount(flags.price);
  const files: SourceFile[] = [];
  for (const file of fileArgs) files.push({ path: storedPath(file, base), content: await readText(file, "source file") });
  const mainFile = flags.main === undefined ? undefined : storedPath(flags.main, base);
  const readme = flags.readme === undefined ? undefined : await readText(flags.readme, "README");
  const sourceHash = sourceHashOf(files);
  const payload = buildMarketPayload({
    op: "publish",
    package: flags.package,
    version: flags.version,
    title: flags.title,
    ...(flags.description === undefined ? {} : { description: flags.description }),
    ...(readme === undefined ? {} : { readme }),
    license: flags.license,
    tags: flags.tag,
    price: price.toString(),
    repo,
    files,
    ...(mainFile === undefined ? {} : { mainFile }),
    ...(flags.kind === undefined ? {} : { kind: flags.kind }),
    sourceHash,
  });
  const key = await marketSigner(ctx, flags.from, "publish");
  const receipt = await sendMarketTx(ctx.hub(), key, payload, { wait: flags.wait });
  const listing = { package: flags.package, version: flags.version, sourceHash, price: toAmountJSON(price), repo, files: files.map((f) => f.path), ...(mainFile === undefined ? {} : { mainFile }) };
  return marketReceiptOutput(
    receipt,
    `market publish ${flags.package}@${flags.version}`,
    [`source    ${sourceHash} (${files.length} file${files.length === 1 ? "" : "s"}: ${listing.files.join(", ")})`, `price     ${price === 0n ? "free" : `${listing.price.aergo} AERGO`}`, `from repo ${repo}`, `publisher ${key.address}`],
    { listing },
  );
}
