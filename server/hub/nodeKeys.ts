/**
 * Keys the hub itself holds (not people's): the directory's sealing key. Kept as hex in a file
 * readable by the hub's user only, created on first start; never logged, never indexed.
 */
import fs from "node:fs";
import path from "node:path";
import { fromHex, toHex } from "../../chain/crypto/hash.ts";
import { createKeyPair, keyPairFromPrivateKey, type KeyPair } from "../../chain/crypto/keys.ts";
import { ChainError, ErrorCode } from "../../chain/errors.ts";

export function loadOrCreateNodeKey(dataDir: string, name: string): KeyPair {
  const dir = path.join(dataDir, "node-keys");
  const file = path.join(dir, `${name}.key`);
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, "utf8").trim();
    try {
      return keyPairFromPrivateKey(fromHex(text));
    } catch {
      throw new ChainError(ErrorCode.StoreCorrupt, `The node key ${file} is damaged; restore it from a backup.`);
    }
  }
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = createKeyPair();
  // Written to a temporary name and renamed: a crash never leaves half a key behind.
  fs.writeFileSync(`${file}.tmp`, toHex(key.privateKey), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
  return key;
}
