/**
 * Kill -9 cycles against the real hub process: a transfer load and a contract load over REST,
 * a SIGKILL at a seeded random moment (some aimed at the slot boundary, where a block is being
 * sealed), a restart on the same data folder, and after each restart: no answered transaction
 * lost, every block sealed before the kill unchanged, and the index equal to the chain.
 *
 * The index is a Postgres database (compared row by row after every restart) or the embedded
 * PGlite in the hub's data folder, which only the hub may open while it runs: each restart must
 * recover that folder after the kill and catch up to the head, and the rows are compared with the
 * chain once the last hub has stopped.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { devKeyPair } from "../../chain/crypto/keys.ts";
import { createIndexDb } from "../../db/client.ts";
import { sleep, startHubProcess, waitUntil, type HubProcess } from "../testing/hubProcess.ts";
import { createLoadSender, deployToken, startLoad, type AnsweredTx } from "./chainLoad.ts";
import { accountState, chainInfo, inBatches, indexStats } from "./hubReads.ts";
import { accountsOf, indexDifference } from "./indexVersusChain.ts";
import { createSeededRandom, percentile } from "../../chain/testing/seededRandom.ts";
import { createSealedHistory } from "./sealedHistory.ts";

export type KillCycleOptions = {
  readonly cycles: number;
  readonly seed: number;
  readonly port: number;
  /** A Postgres database for the hub's index; without one the hub keeps its embedded PGlite index. */
  readonly databaseUrl?: string;
  readonly blockIntervalMs?: number;
  /**
   * Every contract call on the execution worker (HUB_CALL_SLICE_MS=0): kills then land while
   * calls run there and other senders' transfers take the places before them.
   */
  readonly callsOnWorker?: boolean;
  /** Progress lines (one per cycle). */
  readonly log?: (line: string) => void;
};

export type KillCycleFigures = {
  readonly seed: number;
  readonly cycles: number;
  readonly answeredTxs: number;
  readonly lostTxs: number;
  readonly midSealKills: number;
  /** Answered but unsealed at a kill, put back into a block from the journal (the restarted hubs' own count). */
  readonly restoredFromJournal: number;
  readonly sealedBlocksCompared: number;
  readonly readyMsP50: number;
  readonly readyMsMax: number;
};

const KILL_MOMENTS = ["random", "mid-seal"] as const;
type KillMoment = (typeof KILL_MOMENTS)[number];

/** Every wait on the hub is bounded; a loaded CI machine gets a minute for each. */
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * Runs `cycles` kill-restart cycles on a fresh data folder.
 * @throws Error naming the seed, the cycle and what differed, with the hub's output, on the first violation.
 */
export async function runKillCycles(opts: KillCycleOptions): Promise<KillCycleFigures> {
  const random = createSeededRandom(opts.seed);
  const intervalMs = opts.blockIntervalMs ?? 500;
  const log = opts.log ?? (() => {});
  const dataDir = mkdtempSync(path.join(tmpdir(), "aergo-soak-kill-"));
  const env = { HUB_BLOCK_INTERVAL_MS: String(intervalMs), ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}), ...(opts.callsOnWorker ? { HUB_CALL_SLICE_MS: "0" } : {}) };
  const start = () => startHubProcess({ port: opts.port, dataDir, env, startTimeoutMs: 120_000 });
  let hub: HubProcess = await start();
  const index = opts.databaseUrl ? await createIndexDb({ url: opts.databaseUrl }) : null;
  const fail = (cycle: number, what: string, previousOutput = ""): never => {
    throw new Error(`soak seed ${opts.seed}, cycle ${cycle}: ${what}\n-- the killed hub said (tail):\n${previousOutput.slice(-3000)}\n-- the hub says (tail):\n${hub.output().slice(-3000)}`);
  };
  try {
    const info = await chainInfo(hub);
    const params = { chainIdHash: info.chainIdHash, gasPrice: BigInt(info.minGasPrice.aer) };
    const [dev1, dev2] = [devKeyPair("dev-1"), devKeyPair("dev-2")];
    // The demo accounts are funded by faucet transfers while the hub starts.
    for (const key of [dev1, dev2]) await waitUntil(`${key.address} to be funded`, async () => ((await accountState(hub, key.address)).balance.aer !== "0" ? true : undefined), SETTLE_TIMEOUT_MS);
    const transfers = createLoadSender(dev1, params);
    const caller = createLoadSender(dev2, params);
    await Promise.all([transfers.resync(hub), caller.resync(hub)]);
    const token = await deployToken(hub, caller);
    const ledger: AnsweredTx[] = [token.answered];
    const recipients = [0, 1, 2, 3].map((i) => devKeyPair(`soak-recipient-${i}`).address);
    const history = createSealedHistory();
    const readyMs: number[] = [];
    let midSealKills = 0;
    let lostTxs = 0;
    let restoredFromJournal = 0;

    for (let cycle = 1; cycle <= opts.cycles; cycle++) {
      // Quiet chain: the pool drained, the index caught up and compared row by row.
      await settle(hub, history, index?.db ?? null, (what) => fail(cycle, what));

      const roundStart = ledger.length;
      const load = startLoad(hub, { transfers, caller, token: token.address, recipients, ledger });
      const moment: KillMoment = random.pick(KILL_MOMENTS);
      await sleep(random.int(100, 2000));
      // What cannot change from here on: every block up to the head seen now.
      await history.extend(hub, (await chainInfo(hub)).height);
      if (moment === "mid-seal") {
        // The producer seals when a slot begins: aim just past the next boundary.
        const nextSlot = (Math.floor(Date.now() / intervalMs) + 1) * intervalMs;
        await sleep(Math.max(0, nextSlot - Date.now()) + random.int(0, 25));
        midSealKills += 1;
      } else {
        await sleep(random.int(0, 400));
      }
      await hub.kill("SIGKILL");
      await load.stop();
      if (load.refusals.length > 0) fail(cycle, `the hub refused load transactions: ${load.refusals.join("; ")}`);
      const killedOutput = hub.output();

      const restartedAt = Date.now();
      hub = await start();
      readyMs.push(Date.now() - restartedAt);
      restoredFromJournal += restoredCount(hub.output());

      const changed = await history.mismatches(hub);
      if (changed.length > 0) fail(cycle, `blocks sealed before the kill changed: ${changed.slice(0, 5).join("; ")}`, killedOutput);
      const answered = ledger.slice(roundStart);
      const missing = await unfoundOrChanged(hub, answered);
      lostTxs += missing.length;
      if (missing.length > 0) fail(cycle, `${missing.length} of ${answered.length} answered transactions are lost or changed: ${missing.slice(0, 5).join("; ")}`, killedOutput);
      // Transactions in flight at the kill may have been journaled without an answer: the hub's nonce is the truth.
      await Promise.all([transfers.resync(hub), caller.resync(hub)]);
      log(`cycle ${cycle}/${opts.cycles}: ${moment} kill, ${answered.length} answered this cycle (all found), head ${history.head()} unchanged, ready in ${readyMs.at(-1)} ms`);
    }
    await settle(hub, history, index?.db ?? null, (what) => fail(opts.cycles + 1, what));
    // The whole ledger once more, at the end.
    const sweep = await unfoundOrChanged(hub, ledger);
    lostTxs += sweep.length;
    if (sweep.length > 0) fail(opts.cycles, `${sweep.length} answered transactions are missing at the end: ${sweep.slice(0, 5).join("; ")}`);
    if (!index) {
      // The embedded index, read once its hub has stopped, against the chain as the hub last showed it.
      const head = history.head();
      const touched = [...new Set(history.blocks().flatMap((b) => b.touched))];
      const states = new Map((await inBatches(touched, 16, (a) => accountState(hub, a))).map((a) => [a.address, a]));
      await hub.stop();
      const embedded = await createIndexDb({ dataDir });
      try {
        const difference = await indexDifference(embedded.db, async (a) => states.get(a)!, history.blocks(), head);
        if (difference) fail(opts.cycles + 1, `the embedded index differs from the chain at head ${head}: ${difference}`);
      } finally {
        await embedded.close();
      }
    }
    return {
      seed: opts.seed,
      cycles: opts.cycles,
      answeredTxs: ledger.length,
      lostTxs,
      midSealKills,
      restoredFromJournal,
      sealedBlocksCompared: history.head() + 1,
      readyMsP50: percentile(readyMs, 50),
      readyMsMax: Math.max(0, ...readyMs),
    };
  } finally {
    await hub.stop();
    await index?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Waits (bounded polls, never a race with the block clock) until the pool is empty and the index
 * reached the head, records the sealed history up to it and compares the index with the chain
 * (a Postgres index; an embedded one is compared at the end, `db` null).
 */
async function settle(hub: HubProcess, history: ReturnType<typeof createSealedHistory>, db: Parameters<typeof indexDifference>[0] | null, fail: (what: string) => never): Promise<void> {
  const head = await waitUntil("the pool to drain", async () => {
    const info = await chainInfo(hub);
    return info.pendingTxs === 0 ? info.height : undefined;
  }, SETTLE_TIMEOUT_MS, 50);
  await waitUntil("the index to reach the head", async () => ((await indexStats(hub)).lastIndexedHeight >= head ? true : undefined), SETTLE_TIMEOUT_MS, 50);
  await history.extend(hub, head);
  if (!db) return;
  const difference = await indexDifference(db, accountsOf(hub), history.blocks(), head);
  if (difference) fail(`the index differs from the chain at head ${head}: ${difference}`);
}

/** Answered transactions that the hub no longer finds, or finds with another result. */
async function unfoundOrChanged(hub: HubProcess, answered: readonly AnsweredTx[]): Promise<string[]> {
  const found = await inBatches(answered, 16, (a) => hub.request(`/v1/getTx?hash=${a.hash}`));
  return answered.flatMap((a, i) => {
    const answer = found[i]!;
    if (answer.status !== 200) return [`${a.kind} ${a.hash}: ${answer.status} ${answer.text.slice(0, 120)}`];
    const r = (answer.json as { receipt: { status: string; gasUsed: number; fee: { aer: string } } }).receipt;
    const now = { status: r.status, gasUsed: r.gasUsed, feeAer: r.fee.aer };
    const then = { status: a.status, gasUsed: a.gasUsed, feeAer: a.feeAer };
    return JSON.stringify(now) === JSON.stringify(then) ? [] : [`${a.kind} ${a.hash}: answered ${JSON.stringify(then)}, now ${JSON.stringify(now)}`];
  });
}

/** The `journal: restored N answered transactions` line a restarted hub prints (server/hub), or 0. */
function restoredCount(output: string): number {
  const match = /journal: restored (\d+) answered transactions/.exec(output);
  return match ? Number(match[1]) : 0;
}
