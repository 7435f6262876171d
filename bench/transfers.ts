/**
 * Signed transfers over HTTP, end to end (submit → sealed in a block): throughput with 32
 * concurrent senders, receipt latency sequential and concurrent, the verification ceiling of
 * this machine measured in the same run, and the hub's memory.
 */
import { performance } from "node:perf_hooks";
import { startHub } from "./hubProcess.ts";
import { benchKeys, chainParams, fundAccounts, openConnection, request, sendRaw, signCalls, signMany, signTransfers, waitSealed, type ChainParams } from "./client.ts";
import type { KeyPair } from "../chain/crypto/keys.ts";
import type { SignedTx } from "../chain/tx/tx.ts";
import { TOKEN_EXAMPLE } from "../chain/sql/testing/examples.ts";
import { deployPayloadBytes } from "../chain/exec/contractPayload.ts";

/** What each sender sends: native transfers, or calls of the AergoSQL Token example's transfer. */
export type Workload = "transfer" | "token";

/** Deploys the Token example and hands every sender tokens; returns how to sign its sends. */
async function prepareToken(hub: string, params: ChainParams, holders: KeyPair[], sink: string) {
  const [deployer] = benchKeys(1, "token-deployer");
  await fundAccounts(hub, [deployer!.address]);
  const [deploy] = signMany(deployer!, 1, 1, params, () => ({ type: "deploy", to: null, amount: 0n, payload: deployPayloadBytes(TOKEN_EXAMPLE, ["Bench", 1_000_000_000_000]), gasLimit: 5_000_000 }));
  const receipt = (await sendRaw(hub, deploy!)).json;
  if (receipt.status !== "success") throw new Error(`deploy failed: ${JSON.stringify(receipt)}`);
  const token: string = receipt.contractAddress;
  const grants = signCalls(deployer!, token, "transfer", (i) => [holders[i]!.address, 1_000_000_000], holders.length, 2, params);
  for (const g of grants) {
    const r = (await sendRaw(hub, g)).json;
    if (r.status !== "success") throw new Error(`grant failed: ${JSON.stringify(r)}`);
  }
  await waitSealed(hub, [grants.at(-1)!.hashText]);
  return (key: KeyPair, count: number): SignedTx[] => signCalls(key, token, "transfer", () => [sink, 1], count, 1, params);
}
import { fmt, summarize } from "./stats.ts";
import { measureVerifyCeiling } from "./verifyCeiling.ts";

export async function benchTransfers(opts: { senders?: number; perSender?: number; sequential?: number; port?: number; workload?: Workload } = {}) {
  const workload = opts.workload ?? "transfer";
  const senders = opts.senders ?? 32;
  const perSender = opts.perSender ?? 600;
  const sequential = opts.sequential ?? 1000;
  const hub = await startHub({ port: opts.port ?? 3301 });
  try {
    const params = await chainParams(hub.url);
    const keys = benchKeys(senders + 1, "transfer");
    const sink = benchKeys(1, "sink")[0]!.address;
    await fundAccounts(hub.url, keys.map((k) => k.address));
    const sign = workload === "token" ? await prepareToken(hub.url, params, keys, sink) : (key: KeyPair, count: number) => signTransfers(key, sink, count, 1, params);

    // Sequential: one sender, each send waits for its receipt.
    const seqKey = keys[senders]!;
    const seqTxs = sign(seqKey, sequential + 100);
    const seqLatency: number[] = [];
    const seqConnection = openConnection(hub.url);
    let seqFrom = 0;
    for (let i = 0; i < seqTxs.length; i++) {
      if (i === 100) seqFrom = Date.now();
      const t0 = performance.now();
      const r = await seqConnection.sendRaw(seqTxs[i]!);
      if (r.status !== 200) throw new Error(`send failed: ${JSON.stringify(r.json)}`);
      if (i >= 100) seqLatency.push(performance.now() - t0); // the first 100 warm up
    }
    const seqTo = Date.now();
    seqConnection.close();
    await waitSealed(hub.url, [seqTxs[seqTxs.length - 1]!.hashText]);

    // Concurrent: 32 senders, each sending its own sequence as fast as receipts come back.
    const batches = keys.slice(0, senders).map((k) => sign(k, perSender));
    // One connection per sender, opened before the clock starts (as a pool of kept-alive sockets would be).
    const connections = batches.map(() => openConnection(hub.url));
    const concLatency: number[] = [];
    let errors = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const hubCpu0 = hub.cpuSeconds();
    const main0 = hub.mainThreadSched();
    await Promise.all(
      batches.map(async (txs, s) => {
        for (const tx of txs) {
          const t0 = performance.now();
          const r = await connections[s]!.sendRaw(tx);
          concLatency.push(performance.now() - t0);
          if (r.status !== 200 || r.json.status !== "success") errors++;
        }
      }),
    );
    const submitted = performance.now();
    for (const c of connections) c.close();
    const cpu = process.cpuUsage(cpu0);
    const clientCores = (cpu.user + cpu.system) / 1000 / (submitted - start);
    const hubCores = (hub.cpuSeconds() - hubCpu0) * 1000 / (submitted - start);
    // Where the main thread's wall time went: on a core, runnable but waiting for one (another
    // thread of the hub, the client or the machine had it), or idle; and how often it was put back.
    const main1 = hub.mainThreadSched();
    const mainThread = main0 && main1 ? { onCpu: (main1.onCpu - main0.onCpu) / (submitted - start), waiting: (main1.waiting - main0.waiting) / (submitted - start), slicesPerTx: (main1.slices - main0.slices) / (senders * perSender) } : null;
    await waitSealed(hub.url, batches.map((b) => b[b.length - 1]!.hashText));
    const sealed = performance.now();
    const total = senders * perSender;
    const tps = total / ((sealed - start) / 1000);
    const submitTps = total / ((submitted - start) / 1000);
    const memory = hub.memory();
    const ceiling = await measureVerifyCeiling();
    // OpenSSL's ceiling too: the yardstick of the figures before the hub took libsecp256k1.
    const opensslCeiling = ceiling.engine === "openssl" ? ceiling : await measureVerifyCeiling(2000, "openssl");
    const seq = summarize(seqLatency);
    // The same receipts' journal writes (one each): a receipt is answered once its record is on the disk.
    // (The window's wall clock has whole milliseconds: the warm-up's last write may fall in it.)
    const seqWrites = hub.journalWrites(seqFrom, seqTo).slice(-seqLatency.length);
    const seqJournal = summarize(seqWrites);
    // One write per receipt, in order: each receipt's time less its write's is the rest of its path.
    const seqBesidesDisk = seqWrites.length === seqLatency.length ? summarize(seqLatency.map((ms, i) => ms - seqWrites[i]!)) : null;
    const conc = summarize(concLatency);
    const info = (await request(`${hub.url}/v1/getChainInfo`, "GET")).json;
    return { total, errors, tps, submitTps, seq, seqJournal, seqBesidesDisk, conc, memory, ceiling, opensslCeiling, senders, clientCores, hubCores, mainThread, workload, height: info.height as number };
  } finally {
    await hub.stop();
  }
}

export function printTransfers(r: Awaited<ReturnType<typeof benchTransfers>>) {
  const what = r.workload === "token" ? "AergoSQL token transfers (Token example, signed calls)" : "signed native transfers";
  console.log(`${what} over HTTP, ${r.senders} concurrent senders, ${r.total} txs (${r.errors} errors)`);
  console.log(`  end to end (submit → sealed):  ${fmt(r.tps, 0)} tx/s   (target ≥ ${r.workload === "token" ? "2,800" : "4,700"})`);
  console.log(`  submit only (receipts):        ${fmt(r.submitTps, 0)} tx/s`);
  console.log(`  CPU while submitting: hub ${fmt(r.hubCores)} cores, benchmark client ${fmt(r.clientCores)} cores (same machine)`);
  if (r.mainThread) console.log(`  hub main thread while submitting: on a core ${fmt(r.mainThread.onCpu * 100, 0)}%, waiting for one ${fmt(r.mainThread.waiting * 100, 0)}%, put on a core ${fmt(r.mainThread.slicesPerTx, 2)} times a tx`);
  console.log(`  verification ceiling, ${r.ceiling.cores} cores (${r.ceiling.engine}, the hub's): ${fmt(r.ceiling.perSecond, 0)} verifies/s → ratio ${fmt(r.tps / r.ceiling.perSecond, 3)}`);
  console.log(`  OpenSSL's ceiling (earlier runs' yardstick):          ${fmt(r.opensslCeiling.perSecond, 0)} verifies/s → ratio ${fmt(r.tps / r.opensslCeiling.perSecond, 3)}`);
  console.log(`  receipt latency, sequential:   p50 ${fmt(r.seq.p50)} ms  p99 ${fmt(r.seq.p99)} ms   (targets ≤ 1.4 / ≤ 5.7)`);
  console.log(`    its journal writes (the disk): p50 ${fmt(r.seqJournal.p50)} ms  p99 ${fmt(r.seqJournal.p99)} ms  max ${fmt(r.seqJournal.max)} ms  (${r.seqJournal.n} writes)`);
  if (r.seqBesidesDisk) console.log(`    each receipt less its write:   p50 ${fmt(r.seqBesidesDisk.p50)} ms  p99 ${fmt(r.seqBesidesDisk.p99)} ms  max ${fmt(r.seqBesidesDisk.max)} ms`);
  console.log(`  receipt latency, concurrent:   p50 ${fmt(r.conc.p50)} ms  p99 ${fmt(r.conc.p99)} ms   (target p99 ≤ 30)`);
  console.log(`  hub memory: RSS ${fmt(r.memory.rssMiB, 0)} MiB, peak since it answered ${fmt(r.memory.peakMiB, 0)} MiB   (target ≤ 1024)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printTransfers(await benchTransfers({ workload: (process.env.BENCH_WORKLOAD as Workload | undefined) ?? "transfer" }));
}
