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
import { sleep, startHubProcess, subscribeHubEvents, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { createTransferSender, sendTxBody, type TransferSender } from "../testing/transfers.ts";

const PORT = 3190;
const BLOCK_INTERVAL_MS = 1000;
const KILLS = 2;
/** Enough to fill a few blocks; every one is looked up again after the restart. */
const STREAM_MAX = 150;
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

/** Looks every answered receipt up, a few requests at a time; a miss fails with both hubs' logs. */
async function lookUpAll(hub: HubProcess, answered: readonly ReceiptJSON[], previousOutput: string): Promise<TxLookup[]> {
  const out: TxLookup[] = [];
  for (let i = 0; i < answered.length; i += 16) {
    const answers = await Promise.all(answered.slice(i, i + 16).map((r) => hub.request(`/v1/getTx?hash=${r.txHash}`)));
    answers.forEach((answer, j) => {
      if (answer.status === 200) return;
      throw new Error(
        `Answered tx ${answered[i + j]!.txHash} (#${i + j} of ${answered.length} looked up) is not found after the restart: ${answer.text}\n` +
          `-- the killed hub said:\n${previousOutput}\n-- the restarted hub says:\n${hub.output()}`,
      );
    });
    out.push(...answers.map((a) => a.json as TxLookup));
  }
  return out;
}

/** Milliseconds into the current block slot (slots are wall-clock windows of the interval). */
const slotPhase = () => Date.now() % BLOCK_INTERVAL_MS;

type LastSealed = { readonly height: number; readonly hash: string; readonly moment: string };

/** Sends from early in a slot to its middle, checks the last answer waits for its block, kills. */
async function killMidSlot(hub: HubProcess, sender: TransferSender, answered: ReceiptJSON[]): Promise<LastSealed> {
  while (slotPhase() < 50 || slotPhase() > 150) await sleep(5);
  while (slotPhase() < 500) answered.push(await sendTransfer(hub, sender));
  const info = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
  const last = await getJson<TxLookup>(hub, `/v1/getTx?hash=${answered.at(-1)!.txHash}`);
  expect(slotPhase()).toBeLessThan(900);
  await hub.kill("SIGKILL");
  expect(last.state).toBe("pending");
  expect(info.pendingTxs).toBeGreaterThan(0);
  return { height: info.height, hash: info.headHash, moment: "mid-slot" };
}

/**
 * Sends until the hub announces a block holding some of these transfers, answers a few more,
 * and kills within milliseconds of the announcement: the block just committed must survive.
 */
async function killJustAfterABlock(hub: HubProcess, sender: TransferSender, answered: ReceiptJSON[]): Promise<LastSealed> {
  const stream = await subscribeHubEvents(hub.url);
  const fromHeight = (await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo")).height;
  const announced = () =>
    stream.events.find((e): e is { event: "block"; data: { height: number; hash: string; txCount: number } } => {
      const data = e.data as { height: number; txCount: number };
      return e.event === "block" && data.height > fromHeight && data.txCount > 0;
    });
  while (!announced()) answered.push(await sendTransfer(hub, sender));
  for (let i = 0; i < 5; i++) answered.push(await sendTransfer(hub, sender));
  await hub.kill("SIGKILL");
  stream.close();
  const block = announced()!.data;
  return { height: block.height, hash: block.hash, moment: "just after a block" };
}

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
      // A stream of transfers over a block or two...
      const roundStart = answered.length;
      const streamUntil = Date.now() + BLOCK_INTERVAL_MS;
      while (Date.now() < streamUntil && answered.length - roundStart < STREAM_MAX) answered.push(await sendTransfer(hub, sender));
      const head = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
      for (let h = 0; h <= head.height; h++) {
        if (sealedBefore.has(h)) continue;
        const block = await getBlock(hub, h);
        sealedBefore.set(h, { hash: block.hash, stateRoot: block.stateRoot });
      }

      // ...then a burst, and the kill while some answered transfers wait for their block.
      const burstStart = answered.length;
      const lastSealed = kill % 2 === 1 ? await killMidSlot(hub, sender, answered) : await killJustAfterABlock(hub, sender, answered);
      const killedOutput = hub.output();

      hub = await startHubProcess({ port: PORT, dataDir, env: { HUB_BLOCK_INTERVAL_MS: String(BLOCK_INTERVAL_MS) } });
      const restored = restoredCount(hub.output());
      const restarted = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
      expect(restarted.height).toBeGreaterThanOrEqual(lastSealed.height);
      expect((await getBlock(hub, lastSealed.height)).hash).toBe(lastSealed.hash);
      for (const [height, before] of sealedBefore) {
        const block = await getBlock(hub, height);
        expect({ height, hash: block.hash, stateRoot: block.stateRoot }).toEqual({ height, ...before });
      }
      // The state root a client would verify a proof against is the one it saw before the crash.
      const proofHeight = Math.max(...sealedBefore.keys());
      const proof = await getJson<{ header: { stateRoot: string } }>(hub, `/v1/getState?account=${dev1.address}&proof=true&height=${proofHeight}`);
      expect(proof.header.stateRoot).toBe(sealedBefore.get(proofHeight)!.stateRoot);

      // Every receipt answered since the last restart is there at once, with the result it was
      // answered with (earlier ones are in the blocks compared above)...
      const thisRound = answered.slice(roundStart);
      const lookups = await lookUpAll(hub, thisRound, killedOutput);
      // ...and again once the block that seals the recovered ones is there.
      const sealedAll = await waitUntil(
        "the recovered transactions to be sealed",
        async () => {
          const [last] = await lookUpAll(hub!, thisRound.slice(-1), killedOutput);
          return last!.state === "pending" ? undefined : lookUpAll(hub!, thisRound, killedOutput);
        },
        10_000,
        100,
      );
      for (const list of [lookups, sealedAll]) {
        list.forEach((lookup, i) => {
          const r = thisRound[i]!;
          expect({ hash: lookup.receipt.txHash, status: lookup.receipt.status, gasUsed: lookup.receipt.gasUsed, fee: lookup.receipt.fee }).toEqual({
            hash: r.txHash,
            status: r.status,
            gasUsed: r.gasUsed,
            fee: r.fee,
          });
        });
      }
      // The answered-but-unsealed ones are exactly those the journal restored into a later block.
      const unsealedAtKill = sealedAll.filter((l) => l.receipt.blockHeight! > lastSealed.height).length;
      expect(restored).toBeGreaterThan(0);
      expect(unsealedAtKill).toBe(restored);
      expect((await getJson<AccountJSON>(hub, `/v1/getState?account=${dev1.address}`)).nonce).toBe(sender.nextNonce() - 1);

      // The index follows the chain again, up to the head it reports now.
      const target = (await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo")).height;
      const stats = await waitUntil("the index to catch up", async () => {
        const s = (await getJson<{ result: { data: IndexStatsJSON } }>(hub!, "/api/trpc/chain.indexStats")).result.data;
        return s.lastIndexedHeight >= target ? s : undefined;
      });
      expect(stats.lastIndexedHash).toBe((await getBlock(hub, stats.lastIndexedHeight)).hash);
      expect(stats.txs).toBeGreaterThanOrEqual(answered.length);

      figures.push(`kill ${kill} (${lastSealed.moment}): ${answered.length - burstStart} sent in the burst, ${restored} answered but unsealed at the kill, all recovered`);
    }
    console.info(`crash test: ${answered.length} answered transfers in all; ${figures.join("; ")}`);
  });
});
