/**
 * The old local address book of deployed contracts: $AERGO_HOME/contracts.json. Contract names
 * now live on chain (`aergo deploy --name` registers one, cli/accountResolver.ts resolves them);
 * nothing writes this file any more. It is still read, as the last fallback for a CONTRACT
 * argument, so that names people recorded before keep working (many were not valid chain names,
 * e.g. "Gold"). Names were kept per repository: `gold` in alice/ledger and `gold` on the root
 * chain are two entries that never clash.
 *
 * File: `{ "version": 2, "repos": { "aergo/main": { "NAME": "ADDRESS" }, "alice/ledger": {...} } }`.
 * A book of the first release (a flat `{ "NAME": "ADDRESS" }`) is read as the root repository's
 * names.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { isAddress } from "../chain/crypto/address.ts";
import { ROOT_REPO } from "../chain/repo/names.ts";
import { CliError } from "./errors.ts";

export const ZContractName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a contract name is 1-64 letters, digits, '.', '_' or '-'");

const ZNames = z.record(ZContractName, z.string().refine((a) => isAddress(a), "not an Aergo address"));
/** One repository's names: NAME -> ADDRESS. */
export type ContractBook = z.infer<typeof ZNames>;

const ZBookFile = z.union([
  z.object({ version: z.literal(2), repos: z.record(z.string().regex(/^[a-z0-9-]+\/[a-z0-9._-]+$/, "not OWNER/NAME"), ZNames) }),
  ZNames.transform((names) => ({ version: 2 as const, repos: { [ROOT_REPO]: names } })),
]);
type BookFile = { version: 2; repos: Record<string, ContractBook> };

export const contractBookFile = (home: string) => path.join(home, "contracts.json");

/**
 * The whole book, empty when the file does not exist yet.
 * @throws CliError when the file exists but is not a valid book (it is never silently replaced).
 */
async function readBookFile(home: string): Promise<BookFile> {
  const file = contractBookFile(home);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { version: 2, repos: {} };
    throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON; fix or remove it (it maps contract names to addresses).`);
  }
  const parsed = ZBookFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${file} is damaged (${issue?.path.join(".") || "top level"}: ${issue?.message}); it must map repositories to contract names and addresses.`);
  }
  return parsed.data;
}

/** One repository's names (default the root repository's), empty when it has none. */
export async function readContractBook(home: string, repo: string = ROOT_REPO): Promise<ContractBook> {
  const book = await readBookFile(home);
  return Object.hasOwn(book.repos, repo) ? book.repos[repo]! : {};
}
