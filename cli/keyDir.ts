/**
 * The user's key directory: $AERGO_HOME/keys (default ~/.aergo/keys), one Aergo keystore per
 * named key in NAME.json. The files are Aergo's own keystore format, so any of them can be
 * handed to aergocli or herajs as is; the private key exists in clear only inside this process.
 */
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { KeyPair } from "../chain/crypto/keys.ts";
import { decryptKeystore, parseKeystore, type Keystore } from "../chain/crypto/keystore.ts";
import { isChainError } from "../chain/errors.ts";
import { CliError } from "./errors.ts";
import { readPassword } from "./password.ts";

export const ZKeyName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "a key name is 1-64 letters, digits, '.', '_' or '-'");

export function aergoHome(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.AERGO_HOME || path.join(os.homedir(), ".aergo"));
}

export const keysDir = (home: string) => path.join(home, "keys");
const keyFile = (home: string, name: string) => path.join(keysDir(home), `${name}.json`);

/** @throws CliError (exit 1) when the name is not a valid key name. */
export function checkKeyName(name: string): string {
  const parsed = ZKeyName.safeParse(name);
  if (!parsed.success) throw new CliError(`"${name.slice(0, 70)}" is not a valid key name: ${parsed.error.issues[0]?.message}.`);
  return parsed.data;
}

export async function keyExists(home: string, name: string): Promise<boolean> {
  try {
    await fs.access(keyFile(home, checkKeyName(name)));
    return true;
  } catch (e) {
    if (e instanceof CliError) throw e;
    return false;
  }
}

/**
 * Reads a named key's keystore (still encrypted).
 * @throws CliError when there is no such key or its file is damaged.
 */
export async function readKeystore(home: string, name: string): Promise<Keystore> {
  const file = keyFile(home, checkKeyName(name));
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch {
    throw new CliError(`There is no key named "${name}" in ${keysDir(home)} (see "aergo keys list").`);
  }
  try {
    return parseKeystore(text);
  } catch (e) {
    throw new CliError(`The key file ${file} is damaged: ${isChainError(e) ? e.message : String(e)}`);
  }
}

/** Writes a new key; never overwrites one. Owner-only permissions: it is still a secret's file. */
export async function saveKeystore(home: string, name: string, ks: Keystore): Promise<string> {
  const file = keyFile(home, checkKeyName(name));
  await fs.mkdir(keysDir(home), { recursive: true, mode: 0o700 });
  try {
    await fs.writeFile(file, JSON.stringify(ks, null, 2) + "\n", { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new CliError(`A key named "${name}" already exists; pick another name.`);
    throw new CliError(`Cannot write ${file}: ${(e as Error).message}`);
  }
  return file;
}

export type KeyEntry = { readonly name: string; readonly address: string };

/** Every readable key, by name. Damaged files are reported on stderr and left out. */
export async function listKeys(home: string): Promise<KeyEntry[]> {
  let files: string[];
  try {
    files = await fs.readdir(keysDir(home));
  } catch {
    return [];
  }
  const out: KeyEntry[] = [];
  for (const f of files.filter((f) => f.endsWith(".json")).sort()) {
    const name = f.slice(0, -".json".length);
    if (!ZKeyName.safeParse(name).success) continue;
    try {
      out.push({ name, address: (await readKeystore(home, name)).aergo_address });
    } catch (e) {
      process.stderr.write(`warning: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  return out;
}

/**
 * Decrypts a named key with AERGO_PASSWORD or a prompt.
 * @throws CliError "Wrong password for key ..." or when the key is missing.
 */
export async function unlockKey(home: string, env: NodeJS.ProcessEnv, name: string): Promise<KeyPair> {
  const ks = await readKeystore(home, name);
  const password = await readPassword(env, `Password for key "${name}": `);
  try {
    return await decryptKeystore(ks, password);
  } catch (e) {
    if (isChainError(e) && e.meta.keystore === "wrong_password") throw new CliError(`Wrong password for key "${name}".`);
    throw new CliError(`The key "${name}" cannot be opened: ${isChainError(e) ? e.message : String(e)}`);
  }
}
