/**
 * blocks.header and blocks.txs through createCaller on a real in-process hub: the block page
 * reads a header and one page of txs instead of the whole block, from the index, and from the
 * chain while the index has not reached the block.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../../../chain/amount.ts";
import { toHex } from "../../../chain/crypto/hash.ts";
import { createKeyPair, devKeyPair } from "../../../chain/crypto/keys.ts";
import { buildTx } from "../../../chain/tx/buildTx.ts";
import type { HubConfig } from "../../config.ts";
import { createHub } from "../../hub/createHub.ts";
import type { Hub } from "../../hub/types.ts";
import { waitUntil } from "../../testing/hubProcess.ts";
import { createCaller } from "../root.ts";
import { createTrpcContext } from "../trpc.ts";

const dev1 = devKeyPair("dev-1");
let dataDir: string;
let hub: Hub;
let caller: ReturnType<typeof createCaller>;

/** Sends `count` transfers from dev-1 with consecutive nonces and returns the height of the block holding the first. */
async function sendTransfers(count: number): Promise<number> {
  const nonce = hub.node.getAccount(dev1.address).nonce + 1;
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const tx = buildTx({ type: "transfer", key: dev1, chainIdHash: hub.node.chainIdHash, nonce: nonce + i, to: createKeyPair().address, amount: AER_PER_AERGO, gasPrice: hub.node.genesis.minGasPrice });
    await caller.transactions.send({ tx: toHex(tx.bytes) });
    hashes.push(tx.hashText);
  }
  return waitUntil("the transfers to be sealed", () => hub.node.getTx(hashes[0]!)?.receipt.blockHeight ?? undefined);
}

/** Every tx of the block at `height`, read through blocks.txs `limit` at a time. */
async function allPages(height: number, limit: number) {
  const seen: Awaited<ReturnType<typeof caller.blocks.txs>> = [];
  for (let page = await caller.blocks.txs({ height, limit }); page.length > 0; page = await caller.blocks.txs({ height, afterTxIndex: page.at(-1)!.txIndex, limit })) seen.push(...page);
  return seen;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "aergo-blocks-router-"));
  const config: HubConfig = { port: 0, host: "127.0.0.1", dataDir, databaseUrl: undefined, web: false, dev: false, blockIntervalMs: 200, devNetwork: true, publicUrl: undefined, trustedProxies: [] };
  hub = await createHub(config, () => {});
  caller = createCaller(createTrpcContext(hub));
  await waitUntil("dev-1 to be funded", () => (hub.node.getAccount(dev1.address).balance.aer !== "0" ? true : undefined));
});

afterAll(async () => {
  await hub?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("blocks.header and blocks.txs", () => {
  it("answer a block's header with its tx count, and its txs a page at a time in block order, as the chain sealed them", async () => {
    const height = await sendTransfers(7);
    await hub.indexer.whenIndexed(height);
    const { block, receipts } = await caller.blocks.get({ id: height });
    const { txs, ...header } = block;
    expect(await caller.blocks.header({ id: height })).toEqual(header);
    expect(await caller.blocks.header({ id: String(height) })).toEqual(header);
    expect(await caller.blocks.header({ id: block.hash })).toEqual(header);
    expect(header.txCount).toBe(txs.length);

    const listed = await allPages(height, 3);
    expect(listed.map((t) => t.hash)).toEqual(txs.map((t) => t.hash));
    expect(listed.map((t) => t.txIndex)).toEqual(txs.map((_, i) => i));
    expect(listed[0]).toMatchObject({ from: txs[0]!.from, to: txs[0]!.to, amount: txs[0]!.amount, fee: receipts[0]!.fee, status: receipts[0]!.status, blockHeight: height, blockHash: block.hash, timestamp: block.timestamp });
  });

  it("answer from the chain for a block the index has not reached yet, the same as the index answers once it has", async () => {
    await hub.indexer.stop();
    let following = false;
    try {
      const height = await sendTransfers(5);
      expect(hub.indexer.indexedHeight()).toBeLessThan(height);
      const { txs: _txs, ...header } = (await caller.blocks.get({ id: height })).block;
      expect(await caller.blocks.header({ id: height })).toEqual(header);
      const fromChain = await allPages(height, 2);
      expect(fromChain).toHaveLength(header.txCount);
      await hub.indexer.start();
      following = true;
      await hub.indexer.whenIndexed(height);
      expect(await allPages(height, 2)).toEqual(fromChain);
    } finally {
      if (!following) await hub.indexer.start();
    }
  });

  it("answer NOT_FOUND for a block beyond the head, an empty page past a block's last tx, and BAD_REQUEST for malformed input", async () => {
    const head = hub.node.headHeight();
    await expect(caller.blocks.header({ id: 10 ** 9 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.blocks.header({ id: "not-a-hash" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(caller.blocks.txs({ height: 10 ** 9 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const { txCount } = await caller.blocks.header({ id: head });
    expect(await caller.blocks.txs({ height: head, afterTxIndex: txCount - 1 })).toEqual([]);
    for (const bad of [{ height: -1 }, { height: 1.5 }, { height: 1, afterTxIndex: -2 }, { height: 1, limit: 101 }, { height: 1, limit: 0 }]) {
      const error = await caller.blocks.txs(bad).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
  });
});
