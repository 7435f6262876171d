/**
 * `BENCH=runaway npm run bench`: what a runaway contract does to everyone else. A reader asks
 * the hub for its chain info back to back, first on an idle hub, then while one sender submits
 * runaway calls (a recursive CTE that ends out of gas at 5,000,000 gas), then as many again while
 * another sender streams transfers (their receipt times printed), then runaway views (the
 * same CTE, stopped by the view's time budget) one after another. Prints the reads' latency in
 * both phases and the delay the runaways add (worst read while they run minus the idle median).
 * Figures, never pass/fail.
 *
 *   BENCH=runaway npx tsx bench/runaway.ts
 */
import { performance } from "node:perf_hooks";
import { startHub } from "./hubProcess.ts";
import { benchKeys, chainParams, fundAccounts, request, sendRaw, signMany, signTransfers } from "./client.ts";
import { callPayloadBytes, deployPayloadBytes } from "../chain/exec/contractPayload.ts";
import { fmt, summarize } from "./stats.ts";
import type { SignedTx } from "../chain/tx/tx.ts";
import { SPIN_CONTRACT } from "../chain/sql/testing/examples.ts";

const GAS = 5_000_000;
/** A contract whose constructor runs away (the same recursive CTE as SPIN_CONTRACT's `spin`). */
const SPIN_AT_DEPLOY = `CONTRACT SpinAtDeploy;
CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);
CONSTRUCTOR () AS
BEGIN
  INSERT INTO t (k, v) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, x FROM c;
END;
VIEW rows () RETURNS INTEGER AS SELECT count(*) FROM t;
`;

type Phase = { reads: ReturnType<typeof summarize> & { over10: number } };
const readFigures = (ms: number[]) => ({ ...summarize(ms), over10: ms.filter((x) => x > 10).length });
export type RunawayFigures = {
  idle: Phase;
  calls: Phase & { runaways: number; runawayMs: ReturnType<typeof summarize>; transfers: ReturnType<typeof summarize> };
  views: Phase & { runaways: number; runawayMs: ReturnType<typeof summarize> };
  deploys: Phase & { runaways: number; runawayMs: ReturnType<typeof summarize> };
  memory: { peakMiB: number };
};

/** Reads chain info back to back until `until()` says stop; returns each read's latency (ms). */
async function readWhile(hub: string, until: () => boolean): Promise<number[]> {
  const ms: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    const r = await request(`${hub}/v1/getChainInfo`, "GET");
    if (r.status !== 200) throw new Error(`a read failed: ${r.status}`);
    ms.push(performance.now() - t0);
  }
  return ms;
}

export async function benchRunaway(opts: { port?: number; runaways?: number } = {}): Promise<RunawayFigures> {
  const count = opts.runaways ?? Number(process.env.BENCH_RUNAWAYS ?? 8);
  const hub = await startHub({ port: opts.port ?? 3303 });
  try {
    const params = await chainParams(hub.url);
    const [key, payer] = benchKeys(2, "runaway");
    await fundAccounts(hub.url, [key!.address, payer!.address]);
    const [deploy] = signMany(key!, 1, 1, params, () => ({ type: "deploy", to: null, amount: 0n, payload: deployPayloadBytes(SPIN_CONTRACT, []), gasLimit: GAS }));
    const deployed = (await sendRaw(hub.url, deploy!)).json;
    if (deployed.status !== "success") throw new Error(`deploy failed: ${JSON.stringify(deployed)}`);
    const contract = deployed.contractAddress as string;
    const calls = signMany(key!, 2 * count, 2, params, () => ({ type: "call", to: contract, amount: 0n, payload: callPayloadBytes("spin", []), gasLimit: GAS }));

    // Idle: as long as the runaway phase will roughly take, at least 2 s.
    const idleEnd = performance.now() + 2000;
    const idle = await readWhile(hub.url, () => performance.now() > idleEnd);

    /** Sends the runaway calls one after another; returns each one's time to its receipt. */
    async function runaways(calls: readonly SignedTx[]): Promise<number[]> {
      const ms: number[] = [];
      for (const tx of calls) {
        const t0 = performance.now();
        const r = (await sendRaw(hub.url, tx)).json;
        ms.push(performance.now() - t0);
        if (r.status !== "error" || !/out of gas/.test(r.error?.message ?? "")) throw new Error(`the runaway call did not end out of gas: ${JSON.stringify(r)}`);
      }
      return ms;
    }

    let done = false;
    const reading = readWhile(hub.url, () => done);
    const runawayMs = await runaways(calls.slice(0, count));
    done = true;
    const duringCalls = await reading;

    // Then the same with another sender's transfers to an account the runaways never touch: the
    // pool answers them while a runaway runs on the worker. Signed before the clock runs (signing
    // blocks this process).
    const [sink] = benchKeys(1, "runaway-sink");
    const transfers = signTransfers(payer!, sink!.address, 2000, 1, params);
    done = false;
    const transferMs: number[] = [];
    const paying = (async () => {
      for (const tx of transfers) {
        if (done) break;
        const t0 = performance.now();
        const r = await sendRaw(hub.url, tx);
        transferMs.push(performance.now() - t0);
        if (r.json.status !== "success") throw new Error(`a transfer failed: ${JSON.stringify(r.json)}`);
      }
    })();
    await runaways(calls.slice(count));
    done = true;
    await paying;

    done = false;
    const viewMs: number[] = [];
    const readingViews = readWhile(hub.url, () => done);
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const r = await request(`${hub.url}/v1/queryContract`, "POST", JSON.stringify({ address: contract, view: "spinView", args: [] }));
      viewMs.push(performance.now() - t0);
      if (r.status !== 400) throw new Error(`the runaway view was not stopped: ${JSON.stringify(r.json)}`);
    }
    done = true;
    const duringViews = await readingViews;

    // Deploys whose constructor runs away, one after another (each ends out of gas).
    const deploys = signMany(key!, count, 2 + 2 * count, params, () => ({ type: "deploy", to: null, amount: 0n, payload: deployPayloadBytes(SPIN_AT_DEPLOY, []), gasLimit: GAS }));
    done = false;
    const readingDeploys = readWhile(hub.url, () => done);
    const deployMs = await runaways(deploys);
    done = true;
    const duringDeploys = await readingDeploys;
    return {
      idle: { reads: readFigures(idle) },
      calls: { reads: readFigures(duringCalls), runaways: count, runawayMs: summarize(runawayMs), transfers: summarize(transferMs) },
      views: { reads: readFigures(duringViews), runaways: count, runawayMs: summarize(viewMs) },
      deploys: { reads: readFigures(duringDeploys), runaways: count, runawayMs: summarize(deployMs) },
      memory: { peakMiB: hub.memory().peakMiB },
    };
  } finally {
    await hub.stop();
  }
}

export function printRunaway(f: RunawayFigures) {
  const line = (label: string, s: ReturnType<typeof summarize> & { over10?: number }) => `  ${label}: ${s.n} reads, p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms, max ${fmt(s.max)} ms, ${s.over10 ?? 0} over 10 ms`;
  console.log("Runaway contracts (a reader of /v1/getChainInfo, back to back, while one sender runs runaways)");
  console.log(line("idle hub", f.idle.reads));
  console.log(line(`during ${f.calls.runaways} runaway calls (each ${fmt(f.calls.runawayMs.p50, 0)} ms to its out-of-gas receipt, p50)`, f.calls.reads));
  console.log(`  another sender's transfers during ${f.calls.runaways} more: ${f.calls.transfers.n} answered, receipt p50 ${fmt(f.calls.transfers.p50)} ms, p99 ${fmt(f.calls.transfers.p99)} ms, max ${fmt(f.calls.transfers.max)} ms`);
  console.log(line(`during ${f.views.runaways} runaway views (each ${fmt(f.views.runawayMs.p50, 0)} ms to its refusal, p50)`, f.views.reads));
  console.log(line(`during ${f.deploys.runaways} deploys whose constructor runs away (each ${fmt(f.deploys.runawayMs.p50, 0)} ms to its out-of-gas receipt, p50)`, f.deploys.reads));
  console.log(`  delay a runaway adds to another request (worst read during − idle p50): calls ${fmt(f.calls.reads.max - f.idle.reads.p50)} ms, views ${fmt(f.views.reads.max - f.idle.reads.p50)} ms, deploys ${fmt(f.deploys.reads.max - f.idle.reads.p50)} ms (goal ≤ 10 ms)`);
  console.log(`  hub peak RSS ${fmt(f.memory.peakMiB, 0)} MiB`);
}

if (import.meta.url === `file://${process.argv[1]}`) printRunaway(await benchRunaway());
