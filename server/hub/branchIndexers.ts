/**
 * One indexer per branch of a repository (db/indexer.ts): each writes the blocks its branch owns,
 * with its own position, so a busy branch never holds main back. Started with the repository for
 * its live branches, and as the directory creates and deletes branches.
 */
import type { LocalNode } from "../../chain/node/createNode.ts";
import { MAIN_BRANCH } from "../../chain/repo/names.ts";
import type { IndexDb } from "../../db/client.ts";
import { createIndexer, type Indexer } from "../../db/indexer.ts";
import { pruneBranches } from "../../db/writeBlocks.ts";

export type BranchIndexers = {
  /** The indexer of a live branch (main's included). */
  get(branch: string): Indexer | undefined;
  /** Starts the indexers of the live branches not yet followed, then drops the rows no live branch reaches. */
  startAll(): Promise<void>;
  /** Follows a branch just created; resolves once it is caught up. */
  add(branch: string): Promise<Indexer>;
  /**
   * Stops following a branch, lets `deleteOnNode` delete it (so the indexer reads nothing of a
   * branch being deleted), then drops the rows no live branch reaches.
   */
  remove(branch: string, deleteOnNode: () => void): Promise<void>;
  /** Rebuilds every live branch's rows (main's first: the others' lineages read its rows). */
  reindexAll(): Promise<void>;
  /** Stops every branch's indexer but main's (the repository stops that one). */
  stop(): Promise<void>;
};

export function createBranchIndexers(opts: { index: IndexDb; node: LocalNode; repo: string; main: Indexer; log: (line: string) => void }): BranchIndexers {
  const { index, node, repo, main, log } = opts;
  const byName = new Map<string, Indexer>([[MAIN_BRANCH, main]]);

  /**
   * Rows of deleted branches are removed, except those still part of a live branch's history (a
   * branch started from the deleted one reads its blocks up to its base): the store ids every
   * live branch's lineage names are kept.
   */
  async function prune(): Promise<void> {
    const keep = new Set<string>();
    for (const b of node.listBranches()) for (const { id } of node.branchLineage(b.name)) keep.add(id);
    await pruneBranches(index.db, repo, [...keep]);
  }

  async function add(branch: string): Promise<Indexer> {
    const running = byName.get(branch);
    if (running) return running;
    const indexer = createIndexer({ index, chain: node, repo, branch });
    indexer.onError((e) => log(`indexer ${repo}@${branch}: ${e instanceof Error ? e.message : String(e)} (retrying)`));
    byName.set(branch, indexer);
    await indexer.start();
    return indexer;
  }

  return {
    get: (branch) => byName.get(branch),
    async startAll() {
      for (const b of node.listBranches()) {
        if (b.name === MAIN_BRANCH) continue;
        try {
          await add(b.name);
        } catch (e) {
          byName.delete(b.name);
          log(`indexer ${repo}@${b.name} could not start: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      await prune();
    },
    add,
    async remove(branch, deleteOnNode) {
      const indexer = byName.get(branch);
      if (branch !== MAIN_BRANCH) byName.delete(branch);
      await indexer?.stop();
      try {
        deleteOnNode();
      } catch (e) {
        // The node kept the branch: follow it again.
        if (indexer && branch !== MAIN_BRANCH) await add(branch);
        throw e;
      }
      await prune();
    },
    async reindexAll() {
      await main.reindex();
      for (const [name, indexer] of byName) if (name !== MAIN_BRANCH) await indexer.reindex();
    },
    async stop() {
      for (const [name, indexer] of byName) if (name !== MAIN_BRANCH) await indexer.stop();
    },
  };
}
