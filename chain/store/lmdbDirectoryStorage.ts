/**
 * Directory chains on disk: one LMDB environment in the caller's folder, one record per block
 * keyed [repo, height] (ordered keys, so a repository's blocks read back in height order).
 * Commits are synced: a block reported appended survives kill -9.
 * Values are the blocks' JSON; loading does not trust them (the directory verifies every chain).
 */
import fs from "node:fs";
import path from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import { ChainError, ErrorCode } from "../errors.ts";
import type { DirectoryBlock } from "../repo/directoryChain.ts";
import type { DirectoryStorage } from "../repo/directoryStorage.ts";

export type LmdbDirectoryStorage = DirectoryStorage & { close(): Promise<void> };

type Key = [string, number];

export function createLmdbDirectoryStorage(dir: string): LmdbDirectoryStorage {
  fs.mkdirSync(dir, { recursive: true });
  const env: RootDatabase = open({ path: path.join(dir, "directory.lmdb"), maxDbs: 4, compression: false });
  const blocks = env.openDB({ name: "blocks", encoding: "string", keyEncoding: "ordered-binary" }) as unknown as Database<string, Key>;
  /** repo -> number of blocks: the head height + 1, so listRepos and append need no range scan. */
  const heads = env.openDB({ name: "heads", encoding: "string", keyEncoding: "ordered-binary" }) as unknown as Database<string, string>;

  const storedCount = (repo: string): number => {
    const v = heads.get(repo);
    return v === undefined ? 0 : Number(v);
  };

  return {
    listRepos: () => [...heads.getKeys()].map(String),
    load(repo) {
      const out: DirectoryBlock[] = [];
      for (const { key, value } of blocks.getRange({ start: [repo, 0], end: [repo, Number.MAX_SAFE_INTEGER] })) {
        try {
          out.push(JSON.parse(value) as DirectoryBlock);
        } catch {
          throw new ChainError(ErrorCode.StoreCorrupt, `The stored directory block ${key[1]} of ${repo} is not readable JSON.`, { repo, height: key[1] });
        }
      }
      return out;
    },
    append(repo, block) {
      env.transactionSync(() => {
        const count = storedCount(repo);
        // Checked inside the write transaction: two writers cannot both land the same height.
        if (block.height !== count) {
          throw new ChainError(ErrorCode.Conflict, `Directory block ${block.height} of ${repo} does not follow the stored head (${count} blocks).`);
        }
        blocks.putSync([repo, block.height], JSON.stringify(block));
        heads.putSync(repo, String(count + 1));
      });
    },
    async close() {
      await env.close();
    },
  };
}
