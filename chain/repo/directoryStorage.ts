/**
 * Where directory chains live. The storage only keeps blocks in order; it is not trusted:
 * createDirectory verifies every chain it loads (verifyDirectoryChain), so a storage that
 * returns edited blocks is caught, not believed.
 */
import type { DirectoryBlock } from "./directoryChain.ts";

export interface DirectoryStorage {
  /** Full names of every repository with at least one block. */
  listRepos(): string[];
  /** The repository's blocks by height, from 0; empty when unknown. Values may be unverified. */
  load(repo: string): DirectoryBlock[];
  /** Stores the next block (height = number stored); durable once it returns or resolves. */
  append(repo: string, block: DirectoryBlock): void | Promise<void>;
  close?(): void | Promise<void>;
}
