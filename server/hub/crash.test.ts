/**
 * The durability promise, tested on the real process: a receipt the hub answered survives a
 * kill -9 even when its block was not sealed yet, and sealed blocks come back byte for byte.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import type { SealedBlock, TxLookup } from "../../chain/node/types.ts";
import type { AccountJSON, BlockJSON, ChainInfoJSON, ReceiptJSON } from "../../chain/types.ts";
import type { IndexStatsJSON } from "../../db/queries/shapes.ts";
import { sleep, startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { createTransferSender, sendTxBody, type TransferSender } from "../testing/transfers.ts";

const PORT = 3190;
const BLOCK_INTERVAL_MS = 1000;
const KILLS = 2;
const dev1 = devKeyPair("dev-1");
const recipient = devKeyPair("crash-test-recipient").address;

async function getJson<T>(hub: HubProcess, pathAndQuery: string): Promise<T> {
  const answer = await hub.request(pathAndQuery);
  if (answer.status !== 200) throw new Error(`${pathAndQuery} answered ${answer.status}: ${answer.text}`);
  return answer.json as T;
}

async function getBlock(hub: HubProcess, height: number): Promise<BlockJSON> {
  return (await getJson<SealedBlock>(hub, `/v1/getBlock?number=${height}`)).block;
}

async function sendTransfer(hub: HubProcess, sender: TransferSender): Promise<ReceiptJSON> {
  const answer = await hub.request("/v1/sendSignedTransaction", {
    body: sendTxBody(sender.transfer(recipient, 1_000_000n)),
    headers: { "content-type": "application/json" },
  });
  if (answer.status !== 200) throw new Error(`sendSignedTransaction answered ${answer.status}: ${answer.text}`);
  return answer.json as ReceiptJSON;
}

/** Milliseconds into the current block slot (slots are wall-clock windows of the interval). */
const slotPhase = () => Date.now() % BLOCK_INTERVAL_MS;

/** The `journal: restored N answered transactions` line a restarted hub prints, or 0. */
function restoredCount(output: string): number {
  const match = /journal: restored (\d+) answered transactions into block (\d+)/.exec(output);
  return match ? Number(match[1]) : 0;
}

describe("a hub killed with kill -9", () => {
  let dataDir: string;
  let hub: HubProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), "aergo-crash-"));
  });
  afterAll(async () => {
    await hub?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("restarts into the same head and state root and loses no answered transaction", { timeout: 100_000 }, async () => {
    hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: String(BLOCK_INTERVAL_MS) } });
    const info = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
    // dev-1 is funded by a faucet transfer while the hub starts.
    const funded = await waitUntil("dev-1 to be funded", async () => {
      const account = await getJson<AccountJSON>(hub!, `/v1/getState?account=${dev1.address}`);
      return account.balance.aer !== "0" ? account : undefined;
    });
    const sender = createTransferSender({ key: dev1, chainIdHash: info.chainIdHash, gasPrice: BigInt(info.minGasPrice.aer), lastNonce: funded.nonce });
    const answered: ReceiptJSON[] = [];
    const sealedBefore = new Map<number, { hash: string; stateRoot: string }>();
    const figures: string[] = [];

    for (let kill = 1; kill <= KILLS; kill++) {
      // A stream of transfers over a couple of blocks...
      const streamUntil = Date.now() + 1.5 * BLOCK_INTERVAL_MS;
      while (Date.now() < streamUntil) answered.push(await sendTransfer(hub, sender));
      const head = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
      for (let h = 0; h <= head.height; h++) {
        if (sealedBefore.has(h)) continue;
        const block = await getBlock(hub, h);
        sealedBefore.set(h, { hash: block.hash, stateRoot: block.stateRoot });
      }

      // ...then a burst early in a slot, and the kill before that slot's block is sealed.
      while (slotPhase() < 50 || slotPhase() > 150) await sleep(5);
      const burstStart = answered.length;
      while (slotPhase() < 500) answered.push(await sendTransfer(hub, sender));
      const beforeKill = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
      const lastAnswered = await getJson<TxLookup>(hub, `/v1/getTx?hash=${answered.at(-1)!.txHash}`);
      expect(slotPhase()).toBeLessThan(900);
      await hub.kill("SIGKILL");
      expect(lastAnswered.state).toBe("pending");
      expect(beforeKill.pendingTxs).toBeGreaterThan(0);

      hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: String(BLOCK_INTERVAL_MS) } });
      const restored = restoredCount(hub.output());
      {
        const missing: number[] = [];
        for (let i = 0; i < answered.length; i++) {
          const a = await hub.request(`/v1/getTx?hash=${answered[i]!.txHash}`);
          if (a.status !== 200) missing.push(i);
        }
        console.log("DEBUG kill", kill, "answered", answered.length, "burstStart", burstStart, "missing", missing.length, missing[0], missing.at(-1), "beforeKill", beforeKill.height, beforeKill.pendingTxs, "restored", restored, hub.output());
      }
      const restarted = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
      expect(restarted.height).toBeGreaterThanOrEqual(beforeKill.height);
      expect((await getBlock(hub, beforeKill.height)).hash).toBe(beforeKill.headHash);
      for (const [height, before] of sealedBefore) {
        const block = await getBlock(hub, height);
        expect({ height, hash: block.hash, stateRoot: block.stateRoot }).toEqual({ height, ...before });
      }
      // The state root a client would verify a proof against is the one it saw before the crash.
      const proofHeight = Math.max(...sealedBefore.keys());
      const proof = await getJson<{ header: { stateRoot: string } }>(hub, `/v1/getState?account=${dev1.address}&proof=true&height=${proofHeight}`);
      expect(proof.header.stateRoot).toBe(sealedBefore.get(proofHeight)!.stateRoot);

      // Every answered receipt is there, with the result it was answered with; once sealed too.
      const sealedAll = await waitUntil(
        "the recovered transactions to be sealed",
        async () => {
          const lookups = await Promise.all(answered.map((r) => getJson<TxLookup>(hub!, `/v1/getTx?hash=${r.txHash}`)));
          return lookups.every((l) => l.state !== "pending") ? lookups : undefined;
        },
        10_000,
        200,
      );
      sealedAll.forEach((lookup, i) => {
        const r = answered[i]!;
        expect({ hash: lookup.receipt.txHash, status: lookup.receipt.status, gasUsed: lookup.receipt.gasUsed, fee: lookup.receipt.fee }).toEqual({
          hash: r.txHash,
          status: r.status,
          gasUsed: r.gasUsed,
          fee: r.fee,
        });
      });
      // The answered-but-unsealed ones are exactly those the journal restored into a later block.
      const unsealedAtKill = sealedAll.filter((l) => l.receipt.blockHeight! > beforeKill.height).length;
      expect(restored).toBeGreaterThan(0);
      expect(unsealedAtKill).toBe(restored);
      expect((await getJson<AccountJSON>(hub, `/v1/getState?account=${dev1.address}`)).nonce).toBe(sender.nextNonce() - 1);

      // The index follows the chain again, up to the head it reports now.
      const target = (await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo")).height;
      const stats = await waitUntil("the index to catch up", async () => {
        const s = ((await getJson<{ result: { data: IndexStatsJSON } }>(hub!, "/api/trpc/chain.indexStats")).result.data);
        return s.lastIndexedHeight >= target ? s : undefined;
      });
      expect(stats.lastIndexedHash).toBe((await getBlock(hub, stats.lastIndexedHeight)).hash);
      expect(stats.txs).toBeGreaterThanOrEqual(answered.length);

      figures.push(`kill ${kill}: ${answered.length - burstStart} sent in the burst, ${restored} answered but unsealed at the kill, all recovered`);
    }
    console.info(`crash test: ${answered.length} answered transfers in all; ${figures.join("; ")}`);
  });
});
