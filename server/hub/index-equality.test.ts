/**
 * The index is derived data: what a running hub indexed must equal the chain it follows, on
 * both backends, and `npm run reindex` must rebuild exactly the same rows from the chain store.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../../chain/amount.ts";
import { utf8Bytes } from "../../chain/crypto/hash.ts";
import { devKeyPair, type KeyPair } from "../../chain/crypto/keys.ts";
import { buildTx } from "../../chain/tx/buildTx.ts";
import type { TxTypeName } from "../../chain/types.ts";
import { createIndexDb } from "../../db/client.ts";
import { accounts, blocks, txs } from "../../db/schema.ts";
import { postgresIsUp } from "../../db/testing/backends.ts";
import { snapshotIndex } from "../../db/testing/snapshot.ts";
import type { HubConfig } from "../config.ts";
import { createScratchDatabase, type ScratchDatabase } from "../testing/scratchDatabase.ts";
import { runScript } from "../testing/runScript.ts";
import { sleep, waitUntil } from "../testing/hubProcess.ts";
import { createHub } from "./createHub.ts";
import type { Hub } from "./types.ts";

const BLOCK_INTERVAL_MS = 100;
const devAccounts = [1, 2, 3, 4].map((i) => devKeyPair(`dev-${i}`));
const strangers = Array.from({ length: 6 }, (_, i) => devKeyPair(`index-equality-${i}`).address);

type Backend = { readonly kind: "pglite" | "postgres"; open(): Promise<string | undefined>; dispose(): Promise<void> };

function pgliteBackend(): Backend {
  return { kind: "pglite", open: async () => undefined, dispose: async () => {} };
}

function postgresBackend(): Backend {
  let scratch: ScratchDatabase | undefined;
  return {
    kind: "postgres",
    async open() {
      scratch = await createScratchDatabase("aergo_index_equality");
      return scratch.url;
    },
    dispose: async () => scratch?.drop(),
  };
}

// Both backends, always: postgresIsUp fails the run when the test Postgres is not reachable.
await postgresIsUp();
const backends = [pgliteBackend(), postgresBackend()];

/** Transfers among the demo accounts and to new addresses, a stake and a vote, as fast as the pool answers. */
async function sendTraffic(hub: Hub, rounds: number): Promise<string[]> {
  const node = hub.node;
  const gasPrice = hub.node.genesis.minGasPrice;
  const nonces = new Map(devAccounts.map((k) => [k.address, node.getAccount(k.address).nonce]));
  const send = async (key: KeyPair, type: TxTypeName, fields: { to?: string; amount?: bigint; payload?: unknown }) => {
    const nonce = nonces.get(key.address)! + 1;
    nonces.set(key.address, nonce);
    const payload = fields.payload === undefined ? undefined : utf8Bytes(JSON.stringify(fields.payload));
    const tx = buildTx({ type, key, chainIdHash: node.chainIdHash, nonce, to: fields.to, amount: fields.amount, gasPrice, payload });
    return (await node.submitTx(tx.bytes)).txHash;
  };
  const hashes: string[] = [];
  const candidates = hub.node.info().producers.slice(0, 2).map((p) => p.address);
  hashes.push(await send(devAccounts[1]!, "stake", { amount: 500n * AER_PER_AERGO }));
  hashes.push(await send(devAccounts[1]!, "vote", { payload: candidates }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, key] of devAccounts.entries()) {
      const to = round % 3 === 0 ? strangers[(round + i) % strangers.length]! : devAccounts[(i + 1) % devAccounts.length]!.address;
      hashes.push(await send(key, "transfer", { to, amount: BigInt(round + 1) * 10n ** 15n }));
    }
    if (round % 10 === 9) await sleep(BLOCK_INTERVAL_MS); // spread over several blocks
  }
  hashes.push((await hub.faucet(strangers[0]!, 5n * AER_PER_AERGO)).txHash);
  return hashes;
}

describe.each(backends)("the index of a running hub on $kind", (backend) => {
  let dataDir: string;
  let hub: Hub | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), `aergo-index-${backend.kind}-`));
  });
  afterAll(async () => {
    await hub?.close();
    await backend.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("equals the chain block by block, tx by tx and account by account, and a reindex rebuilds the same rows", { timeout: 90_000 }, async () => {
    const databaseUrl = await backend.open();
    const config: HubConfig = { port: 0, host: "127.0.0.1", dataDir, databaseUrl, web: false, dev: false, blockIntervalMs: BLOCK_INTERVAL_MS, devNetwork: true, publicUrl: undefined, trustedProxies: [] };
    const hubLog: string[] = [];
    hub = await createHub(config, (line) => hubLog.push(line));
    const node = hub.node;
    expect(hub.index.kind).toBe(backend.kind);

    const sent = await sendTraffic(hub, 60);
    // Let every answered tx be sealed, then stop production so the chain holds still.
    await waitUntil("the answered transactions to be sealed", () => (node.info().pendingTxs === 0 && node.getTx(sent.at(-1)!)?.state !== "pending" ? true : undefined));
    for (const key of hub.devNetwork!.producerKeys) node.setProducerOnline(key.address, false);
    const head = node.headHeight();
    await hub.indexer.whenIndexed(head);
    expect(hub.indexer.indexedHeight()).toBe(head);
    const db = hub.index.db;

    // Blocks: every height, the same hash, tx count and state root.
    const blockRows = await db.select({ height: blocks.height, hash: blocks.hash, txCount: blocks.txCount, stateRoot: blocks.stateRoot }).from(blocks).orderBy(blocks.height);
    const chainBlocks = Array.from({ length: head + 1 }, (_, h) => node.getBlock(h)!);
    expect(blockRows).toEqual(chainBlocks.map(({ block }) => ({ height: block.height, hash: block.hash, txCount: block.txCount, stateRoot: block.stateRoot })));

    // Transactions: every tx of every block, in its block and place, with its receipt's result.
    const txRows = await db.select({ hash: txs.hash, blockHeight: txs.blockHeight, txIndex: txs.txIndex, status: txs.status, gasUsed: txs.gasUsed, feeAer: txs.feeAer }).from(txs).orderBy(txs.blockHeight, txs.txIndex);
    const chainTxs = chainBlocks.flatMap(({ block, receipts }) =>
      block.txs.map((tx, i) => ({ hash: tx.hash, blockHeight: block.height, txIndex: i, status: receipts[i]!.status, gasUsed: receipts[i]!.gasUsed, feeAer: receipts[i]!.fee.aer })),
    );
    expect(txRows).toEqual(chainTxs);
    expect(new Set(txRows.map((t) => t.hash))).toEqual(new Set([...sent, ...chainTxs.map((t) => t.hash)]));

    // Accounts: every address the chain touched, with its state after the last indexed block.
    const accountRows = await db.select().from(accounts).orderBy(accounts.address);
    const touched = new Set(chainBlocks.flatMap(({ block }) => [block.producer, ...block.txs.flatMap((t) => (t.to ? [t.from, t.to] : [t.from]))]));
    expect(accountRows.map((a) => a.address)).toEqual([...touched].sort());
    for (const row of accountRows) {
      const onChain = node.getAccount(row.address, { height: head });
      expect({ address: row.address, balance: row.balanceAer, nonce: row.nonce, staked: row.stakedAer, votes: row.votes }).toEqual({
        address: row.address,
        balance: onChain.balance.aer,
        nonce: onChain.nonce,
        staked: onChain.staked.aer,
        votes: onChain.votes,
      });
    }
    expect(accountRows.some((a) => a.stakedAer !== "0" && a.votes.length === 2)).toBe(true);

    expect(hubLog.filter((line) => line.startsWith("indexer:")), "the indexer reported failures").toEqual([]);

    const before = await snapshotIndex(db);
    await hub.close();
    hub = undefined;

    // The reindex script, run as an operator would once the hub is stopped.
    const run = await runScript("scripts/reindex.ts", { DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? "", HUB_BLOCK_INTERVAL_MS: String(BLOCK_INTERVAL_MS) });
    expect(run.stderr, run.stdout).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Reindexed ${head + 1} blocks (heights 0..${head}), ${chainTxs.length} transactions and ${accountRows.length} accounts`);

    const reopened = await createIndexDb(databaseUrl ? { url: databaseUrl } : { dataDir });
    try {
      const after = await snapshotIndex(reopened.db);
      expect(after).toEqual(before);
    } finally {
      await reopened.close();
    }
  });
});
