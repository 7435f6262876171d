/**
 * The parallel block executor against the sequential one (`executeBlock`): random blocks from the
 * same parent state, run both ways, must give the same receipts, roots, accounts, row writers and
 * contract databases, byte for byte. Blocks mix AERGO transfers, token calls across several
 * contracts (some of them reverting), deposits with AERGO into a contract, and sometimes a
 * serial transaction (a deploy, a stake, a procedure that CALLs or TRANSFERs).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AER_PER_AERGO } from "../amount.ts";
import { toHex } from "../crypto/hash.ts";
import { devKeyPair } from "../crypto/keys.ts";
import { sealHeader } from "../block/header.ts";
import { receiptBytes } from "../exec/receipt.ts";
import { RELAY_CONTRACT } from "../exec/testing/parallelContracts.ts";
import { TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createMemoryNodeStore, type NodeStore } from "../state/nodeStore.ts";
import { encodeAccount } from "../state/account.ts";
import { createExecutionBed, type ExecutionBed } from "../testing/executionBed.ts";
import { createSeededRandom } from "../testing/seededRandom.ts";
import type { SignedTx } from "../tx/tx.ts";
import { executeBlock } from "./pendingBlock.ts";
import { createParallelExecutor, type ParallelExecutor } from "./executeBlockParallel.ts";
import { aergo, createTestChain } from "../testing/testChain.ts";

const TOKENS = 3;
type User = ExecutionBed["users"][number];
let bed: ExecutionBed;
let executor: ParallelExecutor;

beforeAll(async () => {
  bed = await createExecutionBed({
    users: 24,
    contracts: [...Array.from({ length: TOKENS }, (_, i) => ({ source: TOKEN_EXAMPLE, args: [`T${i}`, 1_000_000] })), { source: RELAY_CONTRACT, args: [] }],
    setup: ({ users, deployer, contracts, call }) => users.flatMap((u) => contracts.slice(0, TOKENS).map((t) => call(deployer, t, "transfer", [u.address, 1000]))),
  });
  executor = createParallelExecutor({ threads: 2, minTxs: 0 });
}, 60_000);
afterAll(async () => {
  await executor?.close();
});

/** A node store layer whose own writes can be counted. */
function layerOver(below: NodeStore) {
  const own = createMemoryNodeStore();
  return { nodes: { get: (h: Uint8Array) => own.get(h) ?? below.get(h), put: (h: Uint8Array, b: Uint8Array) => own.put(h, b) } satisfies NodeStore, own };
}

const sealer = devKeyPair("parallel-test-sealer");
/** A header for `txCount` transactions (the same for both runs: only the body differs). */
const headerCounting = (txCount: number) =>
  sealHeader(
    { chainIdHash: new Uint8Array(32), branch: "main", height: 1, prevHash: new Uint8Array(32), timestamp: 1, producer: sealer.address, txRoot: new Uint8Array(32), receiptsRoot: new Uint8Array(32), stateRoot: new Uint8Array(32), consensus: { kind: "dpos", slot: 0, epoch: 0 }, txCount },
    sealer.privateKey,
  );

/** Everything a block's execution leaves, in bytes that can be compared. */
function fingerprint(run: ReturnType<typeof executeBlock>, runtime: ReturnType<ExecutionBed["runtimeAt"]>, ownNodes: number) {
  const { settled, pending } = run;
  return {
    receipts: pending.receipts.map((r) => new TextDecoder().decode(receiptBytes(r))),
    // The stored block's body (receipts' texts made on the shares' threads when parallel), under one header.
    stored: toHex(pending.body.encode(headerCounting(pending.txs.length))),
    roots: [settled.stateRoot, settled.txRoot, settled.receiptsRoot].map(toHex),
    accounts: [...settled.accounts].map(([a, acct]) => `${a}:${toHex(encodeAccount(acct))}`),
    deployed: settled.deployed,
    writers: settled.writers.map((w) => `${toHex(w.stateKey)}:${w.txHash}`),
    databases: runtime.engine.contractIds().sort().map((c) => `${c}:${toHex(runtime.engine.snapshot(c))}`),
    ownNodes,
  };
}

async function bothWays(txs: readonly SignedTx[]) {
  const seq = layerOver(bed.store);
  const seqRuntime = bed.runtimeAt(seq.nodes);
  const par = layerOver(bed.store);
  const parRuntime = bed.runtimeAt(par.nodes);
  try {
    const sequential = executeBlock(bed.blockOf(txs), bed.envAt(seq.nodes, seqRuntime));
    const parallel = await executor.execute(bed.blockOf(txs), bed.envAt(par.nodes, parRuntime));
    return { sequential: fingerprint(sequential, seqRuntime, seq.own.size), parallel: fingerprint(parallel, parRuntime, par.own.size), path: parallel.path };
  } finally {
    seqRuntime.engine.close();
    parRuntime.engine.close();
  }
}

/** A random block on the bed's parent: `serialChance` of one serial transaction somewhere in it. */
function randomBlock(seed: number, serialChance: number): SignedTx[] {
  const rnd = createSeededRandom(seed);
  bed.resetNonces();
  const tokens = bed.contracts.slice(0, TOKENS);
  const relay = bed.contracts[TOKENS]!;
  const txs: SignedTx[] = [];
  const count = rnd.int(2, 40);
  const serialAt = rnd.next() < serialChance ? rnd.int(0, count - 1) : -1;
  // Users and tokens fall in clusters that rarely meet, so that blocks split into several groups.
  const cluster = (k: number) => bed.users.filter((_, j) => j % TOKENS === k);
  for (let i = 0; i < count; i++) {
    const k = rnd.int(0, TOKENS - 1);
    const from = rnd.pick(cluster(k));
    const to = rnd.next() < 0.1 ? rnd.pick(bed.users) : rnd.pick(cluster(k));
    const token = rnd.next() < 0.1 ? rnd.pick(tokens) : tokens[k]!;
    if (i === serialAt) {
      const kind = rnd.int(0, 3);
      if (kind === 0) txs.push(bed.sign.deploy(from, TOKEN_EXAMPLE, ["New", 10]));
      else if (kind === 1) txs.push(bed.sign.stake(from, AER_PER_AERGO));
      else if (kind === 2) txs.push(bed.sign.call(from, relay, "withdraw", [0]));
      else txs.push(bed.sign.call(from, relay, "forward", [rnd.pick(tokens), to.address, 1]));
      continue;
    }
    const kind = rnd.int(0, 9);
    if (kind <= 1) txs.push(bed.sign.transfer(from, to.address, BigInt(rnd.int(1, 1000)) * 10n ** 15n));
    else if (kind === 2) txs.push(bed.sign.transfer(from, token, 10n ** 9n)); // AERGO to a contract's account
    else if (kind === 3 && rnd.next() < 0.3) txs.push(bed.sign.call(from, relay, "deposit", [], BigInt(rnd.int(1, 5)) * 10n ** 9n));
    else if (kind === 4) txs.push(bed.sign.call(from, token, "transfer", [to.address, 5000])); // reverts: more than held
    else txs.push(bed.sign.call(from, token, "transfer", [to.address, rnd.int(1, 50)]));
  }
  return txs;
}

describe("parallel block execution", () => {
  it("runs calls on different token contracts in separate groups and matches the sequential run", async () => {
    const [a, b, c, d] = bed.users as [User, User, User, User];
    bed.resetNonces();
    const [t0, t1] = bed.contracts as [string, string];
    const txs = [bed.sign.call(a, t0, "transfer", [b.address, 3]), bed.sign.call(c, t1, "transfer", [d.address, 4]), bed.sign.call(b, t0, "transfer", [a.address, 1]), bed.sign.call(d, t1, "transfer", [c.address, 9999])];
    const r = await bothWays(txs);
    expect(r.path).toMatchObject({ mode: "parallel", groups: 2, threads: 2 });
    expect(r.parallel.receipts.map((x) => JSON.parse(x)[1])).toEqual(["success", "success", "success", "error"]);
    expect(r.parallel).toEqual(r.sequential);
  });

  it("falls back to the sequential run when a transaction is serial", async () => {
    bed.resetNonces();
    const [a, b] = bed.users as [User, User];
    const r = await bothWays([bed.sign.transfer(a, b.address, 1n), bed.sign.call(b, bed.contracts[TOKENS]!, "withdraw", [0])]);
    expect(r.path).toMatchObject({ mode: "sequential", reason: expect.stringContaining("transfers AERGO") });
    expect(r.parallel).toEqual(r.sequential);
  });

  it("gives byte-identical receipts, roots, rows and databases to the sequential run on random blocks", async () => {
    let parallelRuns = 0;
    const paths: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const r = await bothWays(randomBlock(seed, 0.25));
        if (r.path.mode === "parallel") parallelRuns++;
        paths.push(r.path.mode === "parallel" ? `${r.path.groups} groups` : r.path.reason);
        expect(r.parallel).toEqual(r.sequential);
      }),
      { numRuns: 30, seed: 20261206 },
    );
    expect(parallelRuns, paths.join("; ")).toBeGreaterThan(10);
  }, 120_000);
});

describe("node.verifyBlockParallel", () => {
  it("verifies blocks the producer sealed, running independent token calls on the workers", async () => {
    const chain = await createTestChain();
    try {
      const holders = bed.users.slice(0, 6);
      for (const k of [bed.deployer, ...holders]) await chain.fund(k.address, 100n);
      chain.next();
      const deploy = async (name: string) => (await chain.node.submitTx(chain.tx(bed.deployer, "deploy", { payload: { source: TOKEN_EXAMPLE, args: [name, 1000] }, gasLimit: 5_000_000 }).bytes)).contractAddress!;
      const tokens = [await deploy("A"), await deploy("B")];
      for (const [i, h] of holders.entries()) await chain.node.submitTx(chain.tx(bed.deployer, "call", { to: tokens[i % 2]!, payload: { procedure: "transfer", args: [h.address, 100] }, gasLimit: 5_000_000 }).bytes);
      chain.next();
      // Holders of A trade A, holders of B trade B: two groups; one of them also sends AERGO.
      for (let round = 0; round < 3; round++) {
        for (const [i, h] of holders.entries()) {
          const to = holders[(i + 2) % holders.length]!;
          await chain.node.submitTx(chain.tx(h, "call", { to: tokens[i % 2]!, payload: { procedure: "transfer", args: [to.address, 1 + round] }, gasLimit: 5_000_000 }).bytes);
        }
      }
      await chain.node.submitTx(chain.tx(holders[0]!, "transfer", { to: holders[2]!.address, amount: aergo(1) }).bytes);
      chain.next();
      const paths = [];
      for (let h = 1; h <= chain.node.headHeight(); h++) {
        const { path, ...verification } = await chain.node.verifyBlockParallel(h, { executor });
        expect(verification).toEqual(chain.node.verifyBlock(h));
        expect(verification.status).toBe("verified");
        paths.push(path?.mode);
      }
      expect(paths).toContain("parallel");
    } finally {
      await chain.node.close();
    }
  }, 60_000);
});
