/**
 * The local address book of deployed contracts: $AERGO_HOME/contracts.json, written by
 * `aergo deploy --name NAME` and read wherever a CONTRACT is expected. Each repository is its own
 * chain, so names are kept per repository: `gold` in alice/ledger and `gold` on the root chain
 * are two entries that never clash. Names are local to this machine.
 *
 * File: `{ "version": 2, "repos": { "aergo/main": { "NAME": "ADDRESS" }, "alice/ledger": {...} } }`.
 * A book of the first release (a flat `{ "NAME": "ADDRESS" }`) is read as the root repository's
 * names and rewritten in this form at the next `deploy --name`.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { decodeAddress, isAddress } from "../chain/crypto/address.ts";
import { isChainError } from "../chain/errors.ts";
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

/**
 * Refuses a name that is malformed or already taken, before anything is deployed under it.
 * @throws CliError naming the address the name already points to.
 */
export async function checkNewContractName(home: string, name: string, repo: string = ROOT_REPO): Promise<void> {
  const valid = ZContractName.safeParse(name);
  if (!valid.success) throw new CliError(`"${name.slice(0, 70)}" is not a valid contract name: ${valid.error.issues[0]?.message}.`);
  const book = await readContractBook(home, repo);
  const taken = Object.hasOwn(book, name) ? book[name] : undefined;
  const where = repo === ROOT_REPO ? "" : ` of ${repo}`;
  if (taken) throw new CliError(`The name "${name}" already stands for the contract ${taken}${where} in ${contractBookFile(home)}; pick another name or remove that entry.`);
}

/** Adds NAME → ADDRESS under `repo` (re-reading the book first, so two deploys in a row both keep their entry). */
export async function recordContract(home: string, name: string, address: string, repo: string = ROOT_REPO): Promise<string> {
  const file = contractBookFile(home);
  const whole = await readBookFile(home);
  const book: BookFile = { version: 2, repos: { ...whole.repos, [repo]: { ...whole.repos[repo], [name]: address } } };
  await fs.mkdir(home, { recursive: true, mode: 0o700 });
  // Write then rename: an interrupted write never leaves half a book.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(tmp, JSON.stringify(book, null, 2) + "\n", { mode: 0o600 });
    await fs.rename(tmp, file);
  } catch (e) {
    throw new CliError(`Cannot write ${file}: ${(e as Error).message}`);
  }
  return file;
}

/**
 * A CONTRACT argument: an address, or a name from the address book.
 * @throws CliError when it is neither (with the decoder's reason for a mistyped address).
 */
export async function resolveContract(home: string, text: string, repo: string = ROOT_REPO): Promise<string> {
  // Called on an unknown so the type guard does not narrow `text` to never below.
  if (isAddress(text as unknown)) return text;
  if (ZContractName.safeParse(text).success) {
    const book = await readContractBook(home, repo);
    const address = Object.hasOwn(book, text) ? book[text] : undefined;
    if (address) return address;
  }
  if (/^A[1-9A-HJ-NP-Za-km-z]{39,}$/.test(text)) {
    try {
      decodeAddress(text);
    } catch (e) {
      throw new CliError(`The contract "${text}" is not a valid Aergo address: ${isChainError(e) ? e.message : "bad address"}`);
    }
  }
  const where = repo === ROOT_REPO ? "" : ` for ${repo}`;
  throw new CliError(`The contract "${text.slice(0, 70)}" is neither an address nor a name${where} in ${contractBookFile(home)} (names are recorded by "aergo deploy --name NAME").`);
}
