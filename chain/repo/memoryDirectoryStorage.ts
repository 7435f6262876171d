/** Directory storage in memory: tests and throwaway dev hubs. */
import { ChainError, ErrorCode } from "../errors.ts";
import type { DirectoryBlock } from "./directoryChain.ts";
import type { DirectoryStorage } from "./directoryStorage.ts";

export function createMemoryDirectoryStorage(): DirectoryStorage {
  const chains = new Map<string, DirectoryBlock[]>();
  return {
    listRepos: () => [...chains.keys()],
    load: (repo) => [...(chains.get(repo) ?? [])],
    append(repo, block) {
      const chain = chains.get(repo) ?? [];
      // Same contract as LMDB's: a block lands only right after the last one.
      if (block.height !== chain.length) {
        throw new ChainError(ErrorCode.Conflict, `Directory block ${block.height} of ${repo} does not follow the stored head (${chain.length} blocks).`);
      }
      chains.set(repo, [...chain, block]);
    },
  };
}
