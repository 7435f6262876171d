import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../chain/amount.ts";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { createNode, type LocalNode } from "../chain/node/createNode.ts";
import { ROOT_REPO } from "../chain/repo/names.ts";
import { createDevNetwork } from "../chain/node/genesis.ts";
import { createLmdbStore } from "../chain/store/lmdbStore.ts";
import { buildTx } from "../chain/tx/buildTx.ts";
import { createIndexDb } from "../db/client.ts";
import { createIndexer } from "../db/indexer.ts";
import { indexStats } from "../db/queries/indexStats.ts";
import { snapshotIndex } from "../db/testing/snapshot.ts";
import { startHubProcess } from "../server/testing/hubProcess.ts";
import { runScript } from "../server/testing/runScript.ts";
import { reindex, ReindexError } from "./reindex.ts";
import { deployPayloadBytes } from "../chain/exec/contractPayload.ts";
import { TOKEN_EXAMPLE } from "../chain/sql/testing/examples.ts";
import { listContracts } from "../db/queries/listContracts.ts";
import { createRepo, signInWithKey } from "../server/testing/people.ts";
import { sendTxBody } from "../server/testing/transfers.ts";

const HUB_PORT = 3191;
/** Not the hub's default, so the script has to find it out (or be told). */
const BLOCK_INTERVAL_MS = 250;
const scratch: string[] = [];

function scratchDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `aergo-reindex-${label}-`));
  scratch.push(dir);
  return dir;
}

/** Opens the chain store of `dataDir` on a manual clock, with the dev network's producer keys. */
async function openChain(dataDir: string, clock: { now: number }): Promise<LocalNode> {
  const net = createDevNetwork({ blockIntervalMs: BLOCK_INTERVAL_MS });
  return createNode({ genesis: net.genesis, store: createLmdbStore(path.join(dataDir, "chain")), producerKeys: net.producerKeys, autoProduce: false, clock: () => clock.now });
}

/** A stopped hub's data folder: a chain of `blocks` blocks with transfers in them, and no index. */
async function writeChain(dataDir: string, blocks: number): Promise<{ head: number; txs: number }> {
  const net = createDevNetwork({ blockIntervalMs: BLOCK_INTERVAL_MS });
  const clock = { now: Date.now() };
  const node = await openChain(dataDir, clock);
  let nonce = 0;
  let txs = 0;
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 5; i++) {
      const to = devKeyPair(`reindex-${(b * 5 + i) % 7}`).address;
      const tx = buildTx({ type: "transfer", key: net.faucetKey, chainIdHash: node.chainIdHash, nonce: ++nonce, to, amount: AER_PER_AERGO, gasPrice: net.genesis.minGasPrice });
      await node.submitTx(tx.bytes);
      txs++;
    }
    clock.now += BLOCK_INTERVAL_MS;
    node.tick(clock.now);
  }
  const head = node.headHeight();
  await node.close();
  return { head, txs };
}

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("npm run reindex", () => {
  it("rebuilds a stopped hub's index from its chain store, row for row what the indexer builds, and prints the counts", async () => {
    const dataDir = scratchDir("rebuild");
    const { head, txs } = await writeChain(dataDir, 12);

    // HUB_BLOCK_INTERVAL_MS is left out on purpose: the script reads it off the blocks.
    const run = await runScript("scripts/reindex.ts", { DATA_DIR: dataDir, DATABASE_URL: "", HUB_BLOCK_INTERVAL_MS: undefined });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Reindexed ${head + 1} blocks \\(heights 0..${head}\\), ${txs} transactions and \\d+ accounts of the root chain and 0 other repositories in [\\d.]+ s into PGlite in ${path.join(dataDir, "index")}\\.\\n$`));

    const rebuilt = await createIndexDb({ dataDir });
    const followed = await createIndexDb({ memory: true });
    const node = await openChain(dataDir, { now: Date.now() });
    try {
      const indexer = createIndexer({ index: followed, chain: node, maxBlocksPerBatch: 3 });
      await indexer.start();
      await indexer.stop();
      expect(await indexStats(rebuilt.db, ROOT_REPO)).toMatchObject({ blocks: head + 1, txs, lastIndexedHeight: head, lastIndexedHash: node.getBlock(head)!.block.hash });
      expect(await snapshotIndex(rebuilt.db)).toEqual(await snapshotIndex(followed.db));
    } finally {
      await node.close();
      await rebuilt.close();
      await followed.close();
    }
    // A subprocess reindex and two PGlite databases: over a minute on a loaded 2-core machine.
  }, 240_000);

  it("refuses with one line while a hub holds the data folder, and runs once the hub is gone, even killed with kill -9, repositories included", async () => {
    const dataDir = scratchDir("hub");
    const hub = await startHubProcess({ port: HUB_PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: String(BLOCK_INTERVAL_MS) } });
    let contract: string;
    try {
      // A private repository with a contract in it: its chain is reindexed under its own name.
      const owner = await signInWithKey(hub, devKeyPair("reindex-owner"), "rhea");
      expect((await createRepo(hub, owner, "books", "private")).error).toBeNull();
      const info = (await hub.request("/v1/getChainInfo?repo=rhea/books", { headers: { authorization: `Bearer ${owner.token}` } })).json as { chainIdHash: string };
      const deploy = buildTx({ type: "deploy", key: owner.key, chainIdHash: info.chainIdHash, nonce: 1, gasPrice: 0n, gasLimit: 5_000_000, payload: deployPayloadBytes(TOKEN_EXAMPLE, ["Books", 10]) });
      const sent = await hub.request("/v1/sendSignedTransaction?repo=rhea/books", { method: "POST", body: sendTxBody(deploy, "block"), headers: { "content-type": "application/json", authorization: `Bearer ${owner.token}` } });
      expect(sent.status, sent.text).toBe(200);
      contract = (sent.json as { contractAddress: string }).contractAddress;
      const refused = await runScript("scripts/reindex.ts", { DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toBe(`reindex: A hub is running on ${dataDir} (process ${hub.pid}); stop it first: the index cannot be rebuilt under a running hub.\n`);
      // The hub did not notice: it still answers and its index still follows.
      expect((await hub.request("/healthz")).status).toBe(200);
      expect((await hub.request("/api/trpc/chain.indexStats")).status).toBe(200);
    } finally {
      await hub.kill("SIGKILL");
    }
    const after = await runScript("scripts/reindex.ts", { DATA_DIR: dataDir, DATABASE_URL: "" });
    expect(after.stderr).toBe("");
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^Reindexed \d+ blocks .* and 1 other repositories/);
    const index = await createIndexDb({ dataDir });
    try {
      expect((await listContracts(index.db, { repo: "rhea/books", limit: 10 })).map((c) => c.address)).toEqual([contract]);
      expect(await listContracts(index.db, { repo: ROOT_REPO, limit: 10 })).toEqual([]);
    } finally {
      await index.close();
    }
  });

  it("explains a missing chain store, a malformed DATABASE_URL and a block interval that does not match the chain", async () => {
    const empty = scratchDir("empty");
    await expect(reindex({ DATA_DIR: empty })).rejects.toThrow(new ReindexError(`There is no chain store in ${path.join(empty, "chain")}; nothing to reindex (is DATA_DIR right?).`));
    await expect(reindex({ DATA_DIR: empty, DATABASE_URL: "mysql://root@localhost/aergo" })).rejects.toThrow("The setting DATABASE_URL is invalid: must be a postgres:// URL.");
    await expect(reindex({ DATA_DIR: empty, HUB_BLOCK_INTERVAL_MS: "soon" })).rejects.toThrow(/^The setting HUB_BLOCK_INTERVAL_MS is invalid/);

    const dataDir = scratchDir("interval");
    await writeChain(dataDir, 2);
    await expect(reindex({ DATA_DIR: dataDir, HUB_BLOCK_INTERVAL_MS: "1000" })).rejects.toThrow(
      "The chain store was not made by the dev network with a 1000 ms block interval; set HUB_BLOCK_INTERVAL_MS to the value the hub ran with.",
    );
  });
});
