/**
 * Signed transfers over HTTP, end to end (submit → sealed in a block): throughput with 32
 * concurrent senders, receipt latency sequential and concurrent, the verification ceiling of
 * this machine measured in the same run, and the hub's memory.
 */
import { performance } from "node:perf_hooks";
import { startHub } from "./hubProcess.ts";
import { benchKeys, chainParams, fundAccounts, sendRaw, signTransfers, waitSealed } from "./client.ts";
import { fmt, summarize } from "./stats.ts";
import { measureVerifyCeiling } from "./verifyCeiling.ts";

export async function benchTransfers(opts: { senders?: number; perSender?: number; sequential?: number; port?: number } = {}) {
  const senders = opts.senders ?? 32;
  const perSender = opts.perSender ?? 600;
  const sequential = opts.sequential ?? 1000;
  const hub = await startHub({ port: opts.port ?? 3301 });
  try {
    const params = await chainParams(hub.url);
    const keys = benchKeys(senders + 1, "transfer");
    const sink = benchKeys(1, "sink")[0]!.address;
    await fundAccounts(hub.url, keys.map((k) => k.address));

    // Sequential: one sender, each send waits for its receipt.
    const seqKey = keys[senders]!;
    const seqTxs = signTransfers(seqKey, sink, sequential + 100, 1, params);
    const seqLatency: number[] = [];
    for (let i = 0; i < seqTxs.length; i++) {
      const t0 = performance.now();
      const r = await sendRaw(hub.url, seqTxs[i]!);
      if (r.status !== 200) throw new Error(`send failed: ${JSON.stringify(r.json)}`);
      if (i >= 100) seqLatency.push(performance.now() - t0); // the first 100 warm up
    }
    await waitSealed(hub.url, [seqTxs[seqTxs.length - 1]!.hashText]);

    // Concurrent: 32 senders, each sending its own sequence as fast as receipts come back.
    const batches = keys.slice(0, senders).map((k) => signTransfers(k, sink, perSender, 1, params));
    const concLatency: number[] = [];
    let errors = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const hubCpu0 = hub.cpuSeconds();
    await Promise.all(
      batches.map(async (txs) => {
        for (const tx of txs) {
          const t0 = performance.now();
          const r = await sendRaw(hub.url, tx);
          concLatency.push(performance.now() - t0);
          if (r.status !== 200) errors++;
        }
      }),
    );
    const submitted = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const clientCores = (cpu.user + cpu.system) / 1000 / (submitted - start);
    const hubCores = (hub.cpuSeconds() - hubCpu0) * 1000 / (submitted - start);
    await waitSealed(hub.url, batches.map((b) => b[b.length - 1]!.hashText));
    const sealed = performance.now();
    const total = senders * perSender;
    const tps = total / ((sealed - start) / 1000);
    const submitTps = total / ((submitted - start) / 1000);
    const memory = hub.memory();
    const ceiling = await measureVerifyCeiling();
    const seq = summarize(seqLatency);
    const conc = summarize(concLatency);
    return { total, errors, tps, submitTps, seq, conc, memory, ceiling, senders, clientCores, hubCores };
  } finally {
    await hub.stop();
  }
}

export function printTransfers(r: Awaited<ReturnType<typeof benchTransfers>>) {
  console.log(`signed transfers over HTTP, ${r.senders} concurrent senders, ${r.total} txs (${r.errors} errors)`);
  console.log(`  end to end (submit → sealed):  ${fmt(r.tps, 0)} tx/s   (target ≥ 4,700)`);
  console.log(`  submit only (receipts):        ${fmt(r.submitTps, 0)} tx/s`);
  console.log(`  CPU while submitting: hub ${fmt(r.hubCores)} cores, benchmark client ${fmt(r.clientCores)} cores (same machine)`);
  console.log(`  verification ceiling, ${r.ceiling.cores} cores: ${fmt(r.ceiling.perSecond, 0)} verifies/s → ratio ${fmt(r.tps / r.ceiling.perSecond, 3)}`);
  console.log(`  receipt latency, sequential:   p50 ${fmt(r.seq.p50)} ms  p99 ${fmt(r.seq.p99)} ms   (targets ≤ 1.4 / ≤ 5.7)`);
  console.log(`  receipt latency, concurrent:   p50 ${fmt(r.conc.p50)} ms  p99 ${fmt(r.conc.p99)} ms   (target p99 ≤ 30)`);
  console.log(`  hub memory: RSS ${fmt(r.memory.rssMiB, 0)} MiB, peak ${fmt(r.memory.peakMiB, 0)} MiB   (target ≤ 1024)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTransfers(await benchTransfers());
}
