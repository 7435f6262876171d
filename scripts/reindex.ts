/**
 * `npm run reindex`: rebuilds the index from the chain store of DATA_DIR, into the PGlite under
 * DATA_DIR or into DATABASE_URL. The index is derived data; the chain store is the authority.
 * The hub must be stopped first: LMDB lets two processes open the chain store, but the embedded
 * PGlite does not share its folder with another process (and would not say so).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { decodeBlock } from "../chain/block/block.ts";
import { decodeHash, encodeHash } from "../chain/crypto/hash.ts";
import { isChainError, ErrorCode } from "../chain/errors.ts";
import { createNode, type LocalNode } from "../chain/node/createNode.ts";
import { ROOT_REPO } from "../chain/repo/names.ts";
import { createDevNetwork, genesisChainIdHash } from "../chain/node/genesis.ts";
import { createLmdbStore, otherProcessesHoldingStore } from "../chain/store/lmdbStore.ts";
import type { ChainStore } from "../chain/store/types.ts";
import { createIndexDb, type IndexDb } from "../db/client.ts";
import { createIndexer } from "../db/indexer.ts";
import { pruneBranches } from "../db/writeBlocks.ts";
import { indexStats } from "../db/queries/indexStats.ts";
import { createDirectory } from "../chain/repo/directory.ts";
import { createLmdbDirectoryStorage } from "../chain/store/lmdbDirectoryStorage.ts";
import { loadOrCreateNodeKey } from "../server/hub/nodeKeys.ts";
import { hubProducerChoices, repositoryChainDir, repositoryGenesis } from "../server/hub/repositories.ts";

const ZReindexEnv = z.object({
  DATA_DIR: z.string().min(1).default(".data"),
  // An empty DATABASE_URL means "not set" (the embedded index), as a shell `DATABASE_URL=` would.
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// URL").optional()),
  HUB_BLOCK_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).optional(),
});

export type ReindexReport = {
  readonly blocks: number;
  readonly txs: number;
  readonly accounts: number;
  readonly headHeight: number;
  /** Repositories besides the root whose chains were reindexed too. */
  readonly repositories: number;
  readonly seconds: number;
  readonly index: string;
};

/** A failure the operator can act on: printed as one line, exit code 1. */
export class ReindexError extends Error {
  override readonly name = "ReindexError";
}

/**
 * Rebuilds the index of the chain store in `env.DATA_DIR`.
 * @throws ReindexError when the env is invalid, there is no chain store, a hub holds it, or the
 * store was made by another genesis.
 */
export async function reindex(env: Readonly<Record<string, string | undefined>>): Promise<ReindexReport> {
  const parsed = ZReindexEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReindexError(`The setting ${issue?.path.join(".")} is invalid: ${issue?.message}.`);
  }
  const dataDir = path.resolve(parsed.data.DATA_DIR);
  const databaseUrl = parsed.data.DATABASE_URL;
  const chainDir = path.join(dataDir, "chain");
  const lmdbPath = path.join(chainDir, "chain.lmdb");
  if (!existsSync(lmdbPath)) throw new ReindexError(`There is no chain store in ${chainDir}; nothing to reindex (is DATA_DIR right?).`);

  const holders = await otherProcessesHoldingStore(chainDir);
  if (holders.length > 0) {
    throw new ReindexError(`A hub is running on ${dataDir} (process ${holders.join(", ")}); stop it first: the index cannot be rebuilt under a running hub.`);
  }

  const started = performance.now();
  const store = createLmdbStore(chainDir);
  const node = await openNode(store, parsed.data.HUB_BLOCK_INTERVAL_MS);
  let index: IndexDb | undefined;
  try {
    try {
      index = await createIndexDb(databaseUrl ? { url: databaseUrl } : { dataDir });
    } catch (e) {
      const hint = databaseUrl ? "is the database reachable?" : "is a hub still running on it?";
      throw new ReindexError(`The index could not be opened (${describeError(e)}); ${hint}`);
    }
    await createIndexer({ index, chain: node, repo: ROOT_REPO }).reindex();
    const stats = await indexStats(index.db, ROOT_REPO);
    const repositories = await reindexRepositories(dataDir, index, parsed.data.HUB_BLOCK_INTERVAL_MS ?? node.genesis.consensus.blockIntervalMs);
    return {
      blocks: stats.blocks,
      txs: stats.txs,
      accounts: stats.accounts,
      headHeight: stats.lastIndexedHeight,
      repositories,
      seconds: (performance.now() - started) / 1000,
      index: databaseUrl ? `Postgres ${redactUrl(databaseUrl)}` : `PGlite in ${path.join(dataDir, "index")}`,
    };
  } finally {
    await index?.close();
    await node.close();
  }
}


/**
 * Every repository of the directory (verified from scratch as the hub does on start), each chain
 * opened without producing and reindexed under its own name.
 */
async function reindexRepositories(dataDir: string, index: IndexDb, blockIntervalMs: number): Promise<number> {
  const directoryDir = path.join(dataDir, "directory");
  if (!existsSync(path.join(directoryDir, "directory.lmdb"))) return 0;
  const storage = createLmdbDirectoryStorage(directoryDir);
  try {
    const directory = createDirectory({ storage, sealKey: loadOrCreateNodeKey(dataDir, "directory") });
    const choices = hubProducerChoices(createDevNetwork({ blockIntervalMs }).producerKeys);
    let count = 0;
    for (const state of directory.list()) {
      const store = createLmdbStore(repositoryChainDir(dataDir, state.fullName));
      const repoNode = await createNode({ genesis: repositoryGenesis(state, choices, blockIntervalMs), store, autoProduce: false });
      try {
        await createIndexer({ index, chain: repoNode, repo: state.fullName }).reindex();
        // Its branches too, each its own rows (db/lineage.ts); rows of branches gone are dropped.
        const keep = new Set<string>();
        for (const branch of repoNode.listBranches()) {
          for (const { id } of repoNode.branchLineage(branch.name)) keep.add(id);
          if (branch.base !== null) await createIndexer({ index, chain: repoNode, repo: state.fullName, branch: branch.name }).reindex();
        }
        await pruneBranches(index.db, state.fullName, [...keep]);
        count++;
      } finally {
        await repoNode.close();
      }
    }
    return count;
  } finally {
    await storage.close();
  }
}

/**
 * Opens the chain without producing blocks (no producer keys, no timers). The dev genesis depends
 * on the hub's block interval; when HUB_BLOCK_INTERVAL_MS is not given it is read off the blocks
 * (a slot is `floor(time / interval)`) and checked against the stored chain id hash.
 */
async function openNode(store: ChainStore, configuredIntervalMs: number | undefined): Promise<LocalNode> {
  const intervalMs = configuredIntervalMs ?? inferBlockInterval(store) ?? 1000;
  const devNetwork = createDevNetwork({ blockIntervalMs: intervalMs });
  try {
    return await createNode({ genesis: devNetwork.genesis, store, autoProduce: false });
  } catch (e) {
    await store.close();
    if (isChainError(e) && e.code === ErrorCode.StoreCorrupt) {
      throw new ReindexError(`The chain store was not made by the dev network with a ${intervalMs} ms block interval; set HUB_BLOCK_INTERVAL_MS to the value the hub ran with.`);
    }
    throw e;
  }
}

function inferBlockInterval(store: ChainStore): number | undefined {
  const storedChain = store.getMeta("chainIdHash");
  const head = store.getMeta("head");
  if (!storedChain || !head) return undefined;
  const bytes = store.getBlockBytes(decodeHash(head));
  const header = bytes && decodeBlock(bytes).header;
  if (!header || header.consensus.slot === 0) return undefined;
  const candidate = Math.round(header.timestamp / header.consensus.slot);
  const matches = encodeHash(genesisChainIdHash(createDevNetwork({ blockIntervalMs: candidate }).genesis)) === storedChain;
  return matches ? candidate : undefined;
}

/** One line: the error's first line, and its cause's (drivers wrap ECONNREFUSED in a query error). */
function describeError(e: unknown): string {
  const firstLine = (x: unknown) => (x instanceof Error ? x.message : String(x)).split("\n")[0]!.trim();
  const cause = e instanceof Error && e.cause !== undefined ? `: ${firstLine(e.cause)}` : "";
  return `${firstLine(e)}${cause}`;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

async function main() {
  try {
    const r = await reindex(process.env);
    console.log(
      `Reindexed ${r.blocks} blocks (heights 0..${r.headHeight}), ${r.txs} transactions and ${r.accounts} accounts of the root chain and ${r.repositories} other repositories in ${r.seconds.toFixed(2)} s into ${r.index}.`,
    );
    process.exit(0);
  } catch (e) {
    const message = e instanceof ReindexError || isChainError(e) ? e.message : `The reindex failed: ${describeError(e)}`;
    console.error(`reindex: ${message}`);
    if (process.env.HUB_DEBUG) console.error(e);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) void main();
