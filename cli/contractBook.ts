/**
 * The local address book of deployed contracts: $AERGO_HOME/contracts.json, `{ "NAME": "ADDRESS" }`,
 * written by `aergo deploy --name NAME` and read wherever a CONTRACT is expected. Names are
 * local to this machine: on-chain names come with a later version of the chain.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { decodeAddress, isAddress } from "../chain/crypto/address.ts";
import { isChainError } from "../chain/errors.ts";
import { CliError } from "./errors.ts";

export const ZContractName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a contract name is 1-64 letters, digits, '.', '_' or '-'");

const ZContractBook = z.record(ZContractName, z.string().refine((a) => isAddress(a), "not an Aergo address"));
export type ContractBook = z.infer<typeof ZContractBook>;

export const contractBookFile = (home: string) => path.join(home, "contracts.json");

/**
 * The address book, empty when the file does not exist yet.
 * @throws CliError when the file exists but is not a valid book (it is never silently replaced).
 */
export async function readContractBook(home: string): Promise<ContractBook> {
  const file = contractBookFile(home);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CliError(`${file} is not valid JSON; fix or remove it (it maps contract names to addresses).`);
  }
  const parsed = ZContractBook.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${file} is damaged (${issue?.path.join(".") || "top level"}: ${issue?.message}); it must map contract names to addresses.`);
  }
  return parsed.data;
}

/**
 * Refuses a name that is malformed or already taken, before anything is deployed under it.
 * @throws CliError naming the address the name already points to.
 */
export async function checkNewContractName(home: string, name: string): Promise<void> {
  const valid = ZContractName.safeParse(name);
  if (!valid.success) throw new CliError(`"${name.slice(0, 70)}" is not a valid contract name: ${valid.error.issues[0]?.message}.`);
  const book = await readContractBook(home);
  const taken = Object.hasOwn(book, name) ? book[name] : undefined;
  if (taken) throw new CliError(`The name "${name}" already stands for the contract ${taken} in ${contractBookFile(home)}; pick another name or remove that entry.`);
}

/** Adds NAME → ADDRESS (re-reading the book first, so two deploys in a row both keep their entry). */
export async function recordContract(home: string, name: string, address: string): Promise<string> {
  const file = contractBookFile(home);
  const book = { ...(await readContractBook(home)), [name]: address };
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
export async function resolveContract(home: string, text: string): Promise<string> {
  // Called on an unknown so the type guard does not narrow `text` to never below.
  if (isAddress(text as unknown)) return text;
  if (ZContractName.safeParse(text).success) {
    const book = await readContractBook(home);
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
  throw new CliError(`The contract "${text.slice(0, 70)}" is neither an address nor a name in ${contractBookFile(home)} (names are recorded by "aergo deploy --name NAME").`);
}
