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
import { startHubProcess, subscribeHubEvents, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
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

/**
 * Slots are wall-clock windows of the interval, and the hub (same machine, same clock) seals the
 * block of slot s at the earliest when slot s begins, once. So once the head is slot s's block,
 * nothing is sealed before slot s + 1 begins: a transfer answered after that and a kill sent
 * before it leave that transfer answered and unsealed, however slow this machine is.
 */
const slotOf = (ms: number) => Math.floor(ms / BLOCK_INTERVAL_MS);
const slotStart = (slot: number) => slot * BLOCK_INTERVAL_MS;
/** How long before the next slot begins the kill must be sent (the signal's delivery, nothing else). */
const KILL_MARGIN_MS = 50;

type LastSealed = { readonly height: number; readonly hash: string; readonly moment: string };

/** Kills the hub at once if no block can have been sealed since `headSlot`'s (see slotOf); false otherwise. */
function killIfStillIn(hub: HubProcess, headSlot: number): Promise<unknown> | false {
  if (Date.now() >= slotStart(headSlot + 1) - KILL_MARGIN_MS) return false;
  return hub.kill("SIGKILL");
}

/**
 * Waits for the current slot's block, sends to the middle of the slot, and kills before the next
 * one: the transfers answered meanwhile wait for their block. When this machine is too slow to get
 * that done within one slot, nothing is killed and it goes again in a later slot.
 */
async function killMidSlot(hub: HubProcess, sender: TransferSender, answered: ReceiptJSON[]): Promise<LastSealed> {
  for (;;) {
    const { info, slot } = await waitUntil(
      "the block of the current slot",
      async () => {
        const info = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
        const slot = (await getBlock(hub, info.height)).consensus.slot;
        return slot === slotOf(Date.now()) ? { info, slot } : undefined;
      },
      60_000,
      10,
    );
    const sent = answered.length;
    while (answered.length === sent || Date.now() < slotStart(slot) + BLOCK_INTERVAL_MS / 2) answered.push(await sendTransfer(hub, sender));
    const pool = await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo");
    const last = await getJson<TxLookup>(hub, `/v1/getTx?hash=${answered.at(-1)!.txHash}`);
    const killed = killIfStillIn(hub, slot);
    if (!killed) continue;
    await killed;
    // Read before the kill, in the slot of the head: nothing could have been sealed since.
    expect({ height: pool.height, lastState: last.state }).toEqual({ height: info.height, lastState: "pending" });
    expect(pool.pendingTxs).toBeGreaterThanOrEqual(answered.length - sent);
    return { height: info.height, hash: info.headHash, moment: "mid-slot" };
  }
}

/**
 * Sends until the hub announces a block holding some of these transfers, answers a few more,
 * and kills right after, before the next slot: the block just committed must survive, and the
 * transfers answered after it wait for the next. Too late in the slot, it goes on to a later block.
 */
async function killJustAfterABlock(hub: HubProcess, sender: TransferSender, answered: ReceiptJSON[]): Promise<LastSealed> {
  const stream = await subscribeHubEvents(hub.url);
  try {
    let fromHeight = (await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo")).height;
    const newestAnnounced = () =>
      stream.events.findLast((e): e is { event: "block"; data: { height: number; hash: string; txCount: number } } => {
        const data = e.data as { height: number; txCount: number };
        return e.event === "block" && data.height > fromHeight && data.txCount > 0;
      });
    for (;;) {
      while (!newestAnnounced()) answered.push(await sendTransfer(hub, sender));
      const block = newestAnnounced()!.data;
      const slot = (await getBlock(hub, block.height)).consensus.slot;
      for (let i = 0; i < 5; i++) answered.push(await sendTransfer(hub, sender));
      const killed = killIfStillIn(hub, slot);
      if (killed) {
        await killed;
        return { height: block.height, hash: block.hash, moment: "just after a block" };
      }
      fromHeight = block.height;
    }
  } finally {
    stream.close();
  }
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

  it("restarts into the same head and state root and loses no answered transaction", { timeout: 240_000 }, async () => {
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
        60_000,
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
      // The answered-but-unsealed ones are among those the journal restored into a later block (the
      // hub's own start-up faucet transfers may still wait there too on a loaded machine).
      const unsealedAtKill = sealedAll.filter((l) => l.receipt.blockHeight! > lastSealed.height).length;
      expect(restored).toBeGreaterThan(0);
      const byHeight = new Map<number, number>();
      for (const l of sealedAll) byHeight.set(l.receipt.blockHeight!, (byHeight.get(l.receipt.blockHeight!) ?? 0) + 1);
      expect(unsealedAtKill, `kill ${kill} (${lastSealed.moment}) at head ${lastSealed.height}; this round's txs by block: ${JSON.stringify([...byHeight])}; the restarted hub said:\n${hub.output()}`).toBeLessThanOrEqual(restored);
      expect(unsealedAtKill).toBeGreaterThan(0);
      expect((await getJson<AccountJSON>(hub, `/v1/getState?account=${dev1.address}`)).nonce).toBe(sender.nextNonce() - 1);

      // The index follows the chain again, up to the head it reports now.
      const target = (await getJson<ChainInfoJSON>(hub, "/v1/getChainInfo")).height;
      const stats = await waitUntil("the index to catch up", async () => {
        const s = (await getJson<{ result: { data: IndexStatsJSON } }>(hub!, "/api/trpc/chain.indexStats")).result.data;
        return s.lastIndexedHeight >= target ? s : undefined;
      }, 60_000);
      expect(stats.lastIndexedHash).toBe((await getBlock(hub, stats.lastIndexedHeight)).hash);
      expect(stats.txs).toBeGreaterThanOrEqual(answered.length);

      figures.push(`kill ${kill} (${lastSealed.moment}): ${answered.length - burstStart} sent in the burst, ${restored} answered but unsealed at the kill, all recovered`);
    }
    console.info(`crash test: ${answered.length} answered transfers in all; ${figures.join("; ")}`);
  });
});
