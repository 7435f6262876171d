/** `aergo keys new|list|import|export|import-dev`: the local key directory. */
import fs from "node:fs/promises";
import { createKeyPair } from "../chain/crypto/keys.ts";
import { decryptKeystore, encryptKeystore, parseKeystore } from "../chain/crypto/keystore.ts";
import { isChainError } from "../chain/errors.ts";
import { parseInput, positionals, type Command, type CommandContext, type CommandOutput, type ParsedArgs } from "./command.ts";
import { CliError, usageError } from "./errors.ts";
import { checkKeyName, keyExists, keysDir, listKeys, readKeystore, saveKeystore } from "./keyDir.ts";
import { readPassword } from "./password.ts";

const usage = `Usage:
  aergo keys new NAME               create a key, encrypted with AERGO_PASSWORD (or a prompt)
  aergo keys list                   names and addresses of the local keys
  aergo keys import NAME FILE       add an Aergo keystore file (checks its password)
  aergo keys export NAME            print the key's Aergo keystore JSON (still encrypted)
  aergo keys import-dev             add the dev network's demo keys dev-1 .. dev-4

Keys live in $AERGO_HOME/keys (default ~/.aergo/keys), one Aergo keystore (ks_version 1,
scrypt + AES-128-CTR) per key. The password comes from AERGO_PASSWORD or a hidden prompt.

Options:
  --json        print one JSON document
  --help        this text`;

const SUBCOMMANDS = ["new", "list", "import", "export", "import-dev"] as const;

async function keysNew(name: string, ctx: CommandContext): Promise<CommandOutput> {
  checkKeyName(name);
  if (await keyExists(ctx.home, name)) throw new CliError(`A key named "${name}" already exists; pick another name.`);
  const password = await readPassword(ctx.env, `Password for the new key "${name}": `, { confirm: true });
  const key = createKeyPair();
  const file = await saveKeystore(ctx.home, name, await encryptKeystore(key.privateKey, password));
  return { json: { name, address: key.address, file }, text: `Created key "${name}": ${key.address}\nKeystore: ${file}` };
}

async function keysList(ctx: CommandContext): Promise<CommandOutput> {
  const keys = await listKeys(ctx.home);
  const width = Math.max(4, ...keys.map((k) => k.name.length));
  const text = keys.length ? keys.map((k) => `${k.name.padEnd(width)}  ${k.address}`).join("\n") : `No keys in ${keysDir(ctx.home)} (create one with "aergo keys new NAME").`;
  return { json: keys, text };
}

async function keysImport(name: string, file: string, ctx: CommandContext): Promise<CommandOutput> {
  checkKeyName(name);
  if (await keyExists(ctx.home, name)) throw new CliError(`A key named "${name}" already exists; pick another name.`);
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  let ks;
  try {
    ks = parseKeystore(text);
  } catch (e) {
    throw new CliError(`${file}: ${isChainError(e) ? e.message : String(e)}`);
  }
  // Opening it once proves the file is whole and the password is the one the user will need.
  const password = await readPassword(ctx.env, `Password of ${file}: `);
  try {
    await decryptKeystore(ks, password);
  } catch (e) {
    if (isChainError(e) && e.meta.keystore === "wrong_password") throw new CliError(`Wrong password for the keystore ${file}.`);
    throw new CliError(`${file}: ${isChainError(e) ? e.message : String(e)}`);
  }
  const saved = await saveKeystore(ctx.home, name, ks);
  return { json: { name, address: ks.aergo_address, file: saved }, text: `Imported key "${name}": ${ks.aergo_address}` };
}

async function keysExport(name: string, ctx: CommandContext): Promise<CommandOutput> {
  const ks = await readKeystore(ctx.home, name);
  return { json: ks, text: JSON.stringify(ks, null, 2) };
}

async function keysImportDev(ctx: CommandContext): Promise<CommandOutput> {
  // Loaded here only: the genesis module is not needed by any other keys subcommand.
  const { createDevNetwork } = await import("../chain/node/genesis.ts");
  const { devAccounts } = createDevNetwork();
  const password = await readPassword(ctx.env, "Password for the dev keys: ", { confirm: true });
  const result: { name: string; address: string; imported: boolean }[] = [];
  for (const acct of devAccounts) {
    if (await keyExists(ctx.home, acct.label)) {
      const existing = await readKeystore(ctx.home, acct.label);
      if (existing.aergo_address !== acct.address) {
        throw new CliError(`A different key is already named "${acct.label}"; rename ${keysDir(ctx.home)}/${acct.label}.json first.`);
      }
      result.push({ name: acct.label, address: acct.address, imported: false });
      continue;
    }
    await saveKeystore(ctx.home, acct.label, await encryptKeystore(acct.privateKey, password));
    result.push({ name: acct.label, address: acct.address, imported: true });
  }
  const text = result.map((r) => `${r.name}  ${r.address}  ${r.imported ? "imported" : "already present"}`).join("\n");
  return { json: result, text: `${text}\nThese keys are public knowledge: use them on the dev network only.` };
}

export const command: Command = {
  usage,
  options: {},
  async run(args: ParsedArgs, ctx) {
    const [sub, ...rest] = args.positionals;
    if (sub === undefined) throw usageError("aergo keys: which one? new, list, import, export or import-dev.", 'Run "aergo keys --help" for usage.');
    switch (sub as (typeof SUBCOMMANDS)[number]) {
      case "new": {
        const [name] = parseInput(positionals(["NAME"]), rest, "keys new");
        return keysNew(name!, ctx);
      }
      case "list":
        parseInput(positionals([]), rest, "keys list");
        return keysList(ctx);
      case "import": {
        const [name, file] = parseInput(positionals(["NAME", "FILE"]), rest, "keys import");
        return keysImport(name!, file!, ctx);
      }
      case "export": {
        const [name] = parseInput(positionals(["NAME"]), rest, "keys export");
        return keysExport(name!, ctx);
      }
      case "import-dev":
        parseInput(positionals([]), rest, "keys import-dev");
        return keysImportDev(ctx);
      default:
        throw usageError(`aergo keys: unknown subcommand "${sub}" (use ${SUBCOMMANDS.join(", ")}).`, 'Run "aergo keys --help" for usage.');
    }
  },
};
