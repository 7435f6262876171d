/**
 * Explorer page server time with ~100,000 transactions indexed, the index's lag behind the
 * chain while they arrive, and the hub's memory under that load. Needs a web build
 * (`npx next build`); `npm run bench` builds when it is missing.
 */
import { performance } from "node:perf_hooks";
import { startHub } from "./hubProcess.ts";
import { benchKeys, chainParams, fundAccounts, request, sendRaw, signTransfers, waitSealed } from "./client.ts";
import { fmt, summarize } from "./stats.ts";

export async function benchExplorer(opts: { txs?: number; senders?: number; port?: number; samples?: number } = {}) {
  const senders = opts.senders ?? 32;
  const perSender = Math.ceil((opts.txs ?? 100_000) / senders);
  const hub = await startHub({ port: opts.port ?? 3302, web: true });
  try {
    const params = await chainParams(hub.url);
    const keys = benchKeys(senders, "explorer");
    const sink = benchKeys(1, "explorer-sink")[0]!.address;
    await fundAccounts(hub.url, keys.map((k) => k.address), "100000");
    const batches = keys.map((k) => signTransfers(k, sink, perSender, 1, params));

    // Load: all senders at full speed; meanwhile sample how far the index trails the chain.
    let maxLag = 0;
    let peakMiB = 0;
    let loading = true;
    const sampler = (async () => {
      while (loading) {
        const [info, stats] = await Promise.all([request(`${hub.url}/v1/getChainInfo`, "GET"), request(`${hub.url}/api/trpc/chain.indexStats`, "GET")]);
        const lag = info.json.height - stats.json.result.data.lastIndexedHeight;
        maxLag = Math.max(maxLag, lag);
        peakMiB = Math.max(peakMiB, hub.memory().rssMiB);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const t0 = performance.now();
    await Promise.all(batches.map(async (txs) => { for (const tx of txs) await sendRaw(hub.url, tx); }));
    await waitSealed(hub.url, batches.map((b) => b[b.length - 1]!.hashText));
    const loadSeconds = (performance.now() - t0) / 1000;
    loading = false;
    await sampler;

    const info = (await request(`${hub.url}/v1/getChainInfo`, "GET")).json;
    const someTx = batches[0]![Math.floor(perSender / 2)]!.hashText;
    const busyBlock = (await request(`${hub.url}/v1/getTx?hash=${someTx}`, "GET")).json.receipt.blockHeight;
    const pages = ["/", "/blocks", `/block/${busyBlock}`, `/tx/${someTx}`, `/address/${keys[0]!.address}`, `/address/${sink}`];
    const times: Record<string, number[]> = {};
    const samples = opts.samples ?? 30;
    for (const p of pages) {
      times[p] = [];
      await fetch(hub.url + p); // warm
      for (let i = 0; i < samples; i++) {
        const s = performance.now();
        const r = await fetch(hub.url + p);
        await r.text();
        if (r.status !== 200) throw new Error(`${p} answered ${r.status}`);
        times[p]!.push(performance.now() - s);
      }
    }
    const all = Object.values(times).flat();
    return { txs: senders * perSender, loadSeconds, height: info.height, maxLag, peakMiB, perPage: Object.fromEntries(Object.entries(times).map(([p, t]) => [p, summarize(t)])), overall: summarize(all), busyBlock };
  } finally {
    await hub.stop();
  }
}

export function printExplorer(r: Awaited<ReturnType<typeof benchExplorer>>) {
  console.log(`explorer with ${r.txs} transactions indexed (loaded in ${fmt(r.loadSeconds, 1)} s, head ${r.height})`);
  for (const [p, s] of Object.entries(r.perPage)) console.log(`  ${p.padEnd(62)} p50 ${fmt(s.p50)} ms  p95 ${fmt(s.p95)} ms`);
  console.log(`  all pages: p95 ${fmt(r.overall.p95)} ms   (target ≤ 150)`);
  console.log(`  index lag behind the chain under load: at most ${r.maxLag} block(s)   (target ≤ 1)`);
  console.log(`  hub RSS under load: peak ${fmt(r.peakMiB, 0)} MiB   (target ≤ 1024)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printExplorer(await benchExplorer({ txs: Number(process.env.BENCH_TXS ?? 100_000) }));
}
