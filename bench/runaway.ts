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
import { callPayloadBytes, deployPayloadBytes, redeployPayloadBytes } from "../chain/exec/contractPayload.ts";
import { fmt, summarize } from "./stats.ts";
import type { SignedTx } from "../chain/tx/tx.ts";
import { SPIN_CONTRACT } from "../chain/sql/testing/examples.ts";
import { DEFAULT_LIMITS } from "../chain/sql/runtime/limits.ts";

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
  bigSources: Phase & { runaways: number; runawayMs: ReturnType<typeof summarize>; bytes: number };
  redeploys: Phase & { runaways: number; runawayMs: ReturnType<typeof summarize> };
  memory: { peakMiB: number };
};

/** SPIN_CONTRACT again with a table whose MIGRATE fills it from `t`'s rows, counting without end for each. */
const SPIN_MIGRATING = `${SPIN_CONTRACT}CREATE TABLE u (k INTEGER PRIMARY KEY, n INTEGER NOT NULL);
MIGRATE BEGIN
  CREATE TABLE u (k INTEGER PRIMARY KEY, n INTEGER NOT NULL);
  INSERT INTO u (k, n) SELECT k, (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c) FROM t;
END;
`;

/** A source just under the size limit (DEFAULT_LIMITS.maxSourceBytes) whose last procedure refers to a table that does not exist. */
function bigBrokenSource(): string {
  let source = "CONTRACT Big;\nCREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);\n";
  const broken = "PROCEDURE last () AS\nBEGIN\n  INSERT INTO missing VALUES (1);\nEND;\n";
  for (let i = 0; ; i++) {
    const p = `PROCEDURE p${i} (a INTEGER) AS\nBEGIN\n  INSERT INTO t (k, v) SELECT :a + x.k, (SELECT count(*) FROM t AS y WHERE y.v > x.v) FROM t AS x WHERE x.k IN (SELECT k FROM t WHERE v < :a);\nEND;\n`;
    if (source.length + p.length + broken.length > DEFAULT_LIMITS.maxSourceBytes) return source + broken;
    source += p;
  }
}

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

    // Deploys of a source at the size limit whose last line does not compile: refused, and free
    // (compiling one took the hub ~0.1–0.4 s). Each signed with the same nonce: none is included.
    const big = bigBrokenSource();
    const bigDeploys = Array.from({ length: count }, () => signMany(key!, 1, 2 + 3 * count, params, () => ({ type: "deploy", to: null, amount: 0n, payload: deployPayloadBytes(big, []), gasLimit: GAS }))[0]!);
    done = false;
    const readingBig = readWhile(hub.url, () => done);
    const bigMs: number[] = [];
    for (const tx of bigDeploys) {
      const t0 = performance.now();
      const r = await sendRaw(hub.url, tx);
      bigMs.push(performance.now() - t0);
      if (r.status === 200 || !/does not compile/.test(JSON.stringify(r.json))) throw new Error(`the broken source was not refused: ${JSON.stringify(r.json).slice(0, 300)}`);
    }
    done = true;
    const duringBig = await readingBig;

    // Redeploys of the spin contract whose migration runs away on its one row (each ends out of
    // gas and changes nothing, so the same contract is redeployed again).
    const [one] = signMany(key!, 1, 2 + 3 * count, params, () => ({ type: "call", to: contract, amount: 0n, payload: callPayloadBytes("one", []), gasLimit: GAS }));
    if ((await sendRaw(hub.url, one!)).json.status !== "success") throw new Error("the spin contract's row was not written");
    const redeploys = signMany(key!, count, 3 + 3 * count, params, () => ({ type: "redeploy", to: contract, amount: 0n, payload: redeployPayloadBytes(SPIN_MIGRATING), gasLimit: GAS }));
    done = false;
    const readingRedeploys = readWhile(hub.url, () => done);
    const redeployMs = await runaways(redeploys);
    done = true;
    const duringRedeploys = await readingRedeploys;
    return {
      idle: { reads: readFigures(idle) },
      calls: { reads: readFigures(duringCalls), runaways: count, runawayMs: summarize(runawayMs), transfers: summarize(transferMs) },
      views: { reads: readFigures(duringViews), runaways: count, runawayMs: summarize(viewMs) },
      deploys: { reads: readFigures(duringDeploys), runaways: count, runawayMs: summarize(deployMs) },
      bigSources: { reads: readFigures(duringBig), runaways: count, runawayMs: summarize(bigMs), bytes: big.length },
      redeploys: { reads: readFigures(duringRedeploys), runaways: count, runawayMs: summarize(redeployMs) },
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
  console.log(line(`during ${f.bigSources.runaways} deploys of a ${fmt(f.bigSources.bytes / 1024, 0)} KiB source that does not compile (each ${fmt(f.bigSources.runawayMs.p50, 0)} ms to its refusal, p50)`, f.bigSources.reads));
  console.log(line(`during ${f.redeploys.runaways} redeploys whose migration runs away (each ${fmt(f.redeploys.runawayMs.p50, 0)} ms to its out-of-gas receipt, p50)`, f.redeploys.reads));
  const delay = (p: Phase) => fmt(p.reads.max - f.idle.reads.p50);
  console.log(`  delay a runaway adds to another request (worst read during − idle p50): calls ${delay(f.calls)} ms, views ${delay(f.views)} ms, deploys ${delay(f.deploys)} ms, big sources ${delay(f.bigSources)} ms, redeploys ${delay(f.redeploys)} ms (goal ≤ 10 ms)`);
  console.log(`  hub peak RSS ${fmt(f.memory.peakMiB, 0)} MiB`);
}

if (import.meta.url === `file://${process.argv[1]}`) printRunaway(await benchRunaway());
