/**
 * Execution only, through the node's own path: pre-signed calls of the Token example's transfer
 * replayed into an in-process node (manual clock, in-memory store) whose verifier accepts every
 * signature — a replay of verified blocks checks no signature again — and sealed in blocks, so
 * the figure counts decoding, nonce and fee checks, the AergoSQL engine, receipts, the journal,
 * and sealing (row Merkle trees, contract snapshots, account state root, block encoding).
 * The same SQL run directly on sqlite-wasm (bench/sqlExec.ts) is measured in the same run.
 *
 *   npx tsx bench/replay.ts     (BENCH_REPLAY_TXS sets the transfers, default 30,000)
 */
import { performance } from "node:perf_hooks";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { devKeyPair, type KeyPair } from "../chain/crypto/keys.ts";
import { TOKEN_EXAMPLE } from "../chain/sql/testing/examples.ts";
import { createTestChain } from "../chain/testing/testChain.ts";
import type { SignedTx } from "../chain/tx/tx.ts";
import { benchSqlExec } from "./sqlExec.ts";
import { fmt } from "./stats.ts";

// As the hub does (server/main.ts): node:crypto's SHA-256 on the server's hot path.
useNodeCrypto();

const ACCOUNTS = 1000;
const GAS_LIMIT = 1_000_000;

export type ReplayFigures = {
  readonly txs: number;
  readonly blockTxs: number;
  readonly blocks: number;
  /** Transactions per second, executing and sealing. */
  readonly perSecond: number;
  /** Transactions per second counting only the submits (execution), not the seals. */
  readonly executePerSecond: number;
  readonly sealMsPerBlock: number;
  readonly gasPerTransfer: number;
  /** The same transfer's SQL directly on sqlite-wasm, same run. */
  readonly direct: number;
  /** The AergoSQL engine alone (no node), same run. */
  readonly engineOnly: number;
  readonly signSeconds: number;
};

/** Senders and recipients in a fixed pseudo-random pattern (every run does the same work). */
function pairs(n: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const from = s % ACCOUNTS;
    const to = (from + 1 + ((s >>> 10) % (ACCOUNTS - 1))) % ACCOUNTS;
    out.push({ from, to });
  }
  return out;
}

export async function benchReplay(opts: { txs?: number; blockTxs?: number; warmup?: number } = {}): Promise<ReplayFigures> {
  const n = opts.txs ?? Number(process.env.BENCH_REPLAY_TXS ?? 30_000);
  const blockTxs = opts.blockTxs ?? 2500;
  const warmup = opts.warmup ?? 2500;
  const chain = await createTestChain({ verify: () => true, maxBlockTxs: blockTxs + 1 });
  const { node } = chain;
  try {
    const deployer = devKeyPair("replay:deployer");
    const holders: KeyPair[] = Array.from({ length: ACCOUNTS }, (_, i) => devKeyPair(`replay:holder:${i}`));
    // Setup (not measured): fees for everyone, the token, and tokens for every holder.
    const setup: SignedTx[] = [chain.tx(chain.net.faucetKey, "transfer", { to: deployer.address, amount: 1000n * 10n ** 18n })];
    for (const h of holders) setup.push(chain.tx(chain.net.faucetKey, "transfer", { to: h.address, amount: 1000n * 10n ** 18n }));
    await submitAll(setup, blockTxs);
    const deploy = await node.submitTx(chain.tx(deployer, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Replay", 1_000_000_000_000] }, gasLimit: 5_000_000 }).bytes);
    if (deploy.status !== "success") throw new Error(`deploy failed: ${JSON.stringify(deploy.error)}`);
    const token = deploy.contractAddress!;
    const call = (key: KeyPair, to: string, amount: number) => chain.tx(key, "call", { to: token, payload: { procedure: "transfer", args: [to, amount] }, gasLimit: GAS_LIMIT });
    await submitAll(holders.map((h) => call(deployer, h.address, 1_000_000_000)), blockTxs);

    const sign = (list: Array<{ from: number; to: number }>) => list.map((p) => call(holders[p.from]!, holders[p.to]!.address, 1));
    const all = pairs(warmup + n);
    await submitAll(sign(all.slice(0, warmup)), blockTxs);

    const s0 = performance.now();
    const txs = sign(all.slice(warmup)).map((t) => t.bytes);
    const signSeconds = (performance.now() - s0) / 1000;

    // Measured: submit every transaction in order, sealing a block every `blockTxs`.
    let gas = 0;
    let failed = 0;
    let sealMs = 0;
    let blocks = 0;
    const t0 = performance.now();
    for (let i = 0; i < txs.length; i++) {
      const r = await node.submitTx(txs[i]!);
      gas += r.gasUsed;
      if (r.status !== "success") failed++;
      if ((i + 1) % blockTxs === 0 || i === txs.length - 1) {
        const b0 = performance.now();
        if (!chain.next()) throw new Error("the node did not seal a block");
        sealMs += performance.now() - b0;
        blocks++;
      }
    }
    const elapsed = performance.now() - t0;
    if (failed) throw new Error(`${failed} transfers failed`);

    // The direct baseline and the engine alone, in the same process and run.
    const sql = await benchSqlExec({ txs: n, rounds: 1 });
    return {
      txs: n,
      blockTxs,
      blocks,
      perSecond: n / (elapsed / 1000),
      executePerSecond: n / ((elapsed - sealMs) / 1000),
      sealMsPerBlock: sealMs / blocks,
      gasPerTransfer: gas / n,
      direct: sql.direct,
      engineOnly: sql.engine,
      signSeconds,
    };
  } finally {
    await node.close();
  }

  async function submitAll(list: readonly SignedTx[], perBlock: number) {
    for (let i = 0; i < list.length; i++) {
      const r = await chain.node.submitTx(list[i]!.bytes);
      if (r.status !== "success") throw new Error(`setup transaction failed: ${JSON.stringify(r.error)}`);
      if ((i + 1) % perBlock === 0) chain.next();
    }
    chain.next();
  }
}

export function printReplay(r: ReplayFigures) {
  console.log(`Execution only through the node (replay of verified blocks): Token.transfer calls, ${r.txs.toLocaleString("en-US")} txs among ${ACCOUNTS} accounts, ${r.blocks} blocks of ≤ ${r.blockTxs.toLocaleString("en-US")}`);
  console.log(`  executed and sealed:                    ${fmt(r.perSecond, 0)} tx/s   (target ≥ 24,000)`);
  console.log(`  same SQL directly on sqlite-wasm:       ${fmt(r.direct, 0)} tx/s   (same run)`);
  console.log(`  ratio node / direct:                    ${fmt(r.perSecond / r.direct, 3)}   (target ≥ 0.3)`);
  console.log(`  execution without sealing:              ${fmt(r.executePerSecond, 0)} tx/s; sealing ${fmt(r.sealMsPerBlock, 1)} ms per block`);
  console.log(`  AergoSQL engine alone (no node):        ${fmt(r.engineOnly, 0)} tx/s   gas per transfer ${fmt(r.gasPerTransfer, 0)} (with intrinsic)`);
  console.log(`  signing the transactions (not counted): ${fmt(r.signSeconds, 1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printReplay(await benchReplay());
}
