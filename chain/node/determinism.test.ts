import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AER_PER_AERGO, AER_PER_GAER } from "../amount.ts";
import { contractAddressOf } from "../crypto/address.ts";
import { utf8Bytes } from "../crypto/hash.ts";
import { devKeyPair, type KeyPair } from "../crypto/keys.ts";
import { isChainError } from "../errors.ts";
import { buildTx } from "../tx/buildTx.ts";
import type { SignedTx } from "../tx/tx.ts";
import type { ReceiptJSON, TxTypeName } from "../types.ts";
import { createTestChain } from "../testing/testChain.ts";
import { createExecutionWorker } from "../exec/executionWorker.ts";
import { EXAMPLE_CONTRACTS, NAME_POOL, exampleSource, randomStep, typedArg, type ExampleContract, type RandomStep } from "../testing/randomTxs.ts";

const ACTORS = Array.from({ length: 4 }, (_, i) => devKeyPair(`determinism-${i}`));
const GAS = 2_000_000;
const SOURCES = Object.fromEntries(EXAMPLE_CONTRACTS.map((c) => [c, exampleSource(c)])) as Record<ExampleContract, string>;

type TestChain = Awaited<ReturnType<typeof createTestChain>>;
/** What one chain answered to a transaction: a receipt, or the code of its refusal. */
type Outcome = { receipt: Omit<ReceiptJSON, "blockHeight" | "blockHash"> } | { refused: string };

/**
 * Two chains from the same genesis on the same manual clock, fed every transaction alike; with
 * `offMain`, b runs every call on an execution worker (no slice on its own thread) and adopts
 * its results.
 */
async function twinChains(offMain = false) {
  const a = await createTestChain();
  const worker = offMain ? createExecutionWorker() : null;
  const b = await createTestChain(worker ? { executionWorker: worker, callSliceMs: 0 } : {});
  return { a, b, close: () => Promise.all([a.node.close(), b.node.close(), worker?.close()]) };
}

async function submit(chain: TestChain, tx: SignedTx): Promise<Outcome> {
  try {
    const r = await chain.node.submitTx(tx.bytes);
    return { receipt: r };
  } catch (e) {
    if (isChainError(e)) return { refused: e.code };
    throw e;
  }
}

/** Every row of every table of every contract, as the node shows them. */
function contractRows(chain: TestChain) {
  return Object.fromEntries(
    chain.node.listContracts().map((address) => {
      const { abi } = chain.node.getContract(address);
      return [address, Object.fromEntries(abi.tables.map((t) => [t.name, chain.node.contractTable(address, t.name, { limit: 1000 }).rows]))];
    }),
  );
}

/** Signs transactions with nonces that follow what the chains accepted. */
function signer(chainIdHash: string, minGasPrice: bigint) {
  const nonces = new Map<string, number>();
  return {
    sign(key: KeyPair, type: TxTypeName, fields: { to?: string; amount?: bigint; payload?: unknown }) {
      return buildTx({ type, key, chainIdHash, nonce: (nonces.get(key.address) ?? 0) + 1, to: fields.to, amount: fields.amount, gasLimit: type === "deploy" || type === "call" ? GAS : undefined, gasPrice: minGasPrice, payload: fields.payload === undefined ? undefined : utf8Bytes(JSON.stringify(fields.payload)) });
    },
    accepted(tx: SignedTx) {
      nonces.set(tx.from, tx.nonce);
    },
  };
}

/**
 * Turns an abstract step into a signed transaction against what exists now: the contract it
 * calls is one of those deployed (or being deployed), the procedure one of its ABI's (or one it
 * lacks), the arguments typed for the parameters or wild.
 */
function materialize(step: Exclude<RandomStep, { kind: "seal" }>, chain: TestChain, known: string[], deployers: Map<string, KeyPair>, sign: ReturnType<typeof signer>["sign"]): SignedTx | null {
  const addresses = [...ACTORS.map((k) => k.address), ...known];
  switch (step.kind) {
    case "deploy": {
      const key = ACTORS[step.sender]!;
      const args = step.contract === "token" ? [`Token ${step.symbol}`, step.symbol, step.supply] : [];
      const tx = sign(key, "deploy", { payload: { source: SOURCES[step.contract], args } });
      const address = contractAddressOf(key.address, tx.nonce);
      if (!known.includes(address)) known.push(address);
      deployers.set(address, key);
      return tx;
    }
    case "call": {
      const target = known[step.target % Math.max(known.length, 1)];
      if (!target) return null;
      const info = safeContract(chain, target);
      const procedures = info?.abi.procedures.filter((p) => !p.resolver) ?? [];
      const proc = step.bogus ? undefined : procedures[step.procedure % procedures.length];
      const procedure = proc?.name ?? "noSuchProcedure";
      const args = proc && step.typed ? proc.params.map((p, i) => typedArg(p, step.args[i]?.pick ?? i * 7, { addresses, names: NAME_POOL })) : step.args.map((a) => a.wild);
      const sender = (step.asDeployer && deployers.get(target)) || ACTORS[step.sender]!;
      return sign(sender, "call", { to: target, amount: BigInt(step.gaer) * AER_PER_GAER, payload: { procedure, args } });
    }
    case "transfer": {
      const to = step.toContract && known.length ? known[step.to % known.length]! : ACTORS[step.to % ACTORS.length]!.address;
      return sign(ACTORS[step.from]!, "transfer", { to, amount: BigInt(step.aergo) * AER_PER_AERGO });
    }
  }
}

function safeContract(chain: TestChain, address: string) {
  try {
    return chain.node.getContract(address);
  } catch {
    return null;
  }
}

function nativeBalances(chain: TestChain, addresses: readonly string[]) {
  return Object.fromEntries(addresses.map((a) => [a, BigInt(chain.node.getAccount(a).balance.aer)]));
}

/** Runs the steps on twin chains, checking at every step what determinism and atomicity promise. */
async function replayOnTwins(steps: readonly RandomStep[], offMain = false) {
  const { a, b, close } = await twinChains(offMain);
  try {
    const { sign, accepted } = signer(a.node.chainIdHash, a.net.genesis.minGasPrice);
    // Contract addresses deploys were sent to (a failed or refused deploy leaves none there).
    const known: string[] = [];
    const deployers = new Map<string, KeyPair>();
    for (const key of ACTORS) {
      const fund = sign(a.net.faucetKey, "transfer", { to: key.address, amount: 1000n * AER_PER_AERGO });
      expect(await submit(a, fund)).toEqual(await submit(b, fund));
      accepted(fund);
    }
    const tally = { calls: 0, reverts: 0 };
    // Every run starts with the four examples deployed, so the random calls have something to call.
    const prelude: RandomStep[] = EXAMPLE_CONTRACTS.map((contract, i) => ({ kind: "deploy", contract, sender: i % ACTORS.length, symbol: "HUB", supply: 1_000_000 }));
    for (const step of [...prelude, ...steps]) {
      if (step.kind === "seal") {
        const [sa, sb] = [a.next(), b.next()];
        expect(sa?.block).toEqual(sb?.block);
        expect(sa?.receipts).toEqual(sb?.receipts);
        continue;
      }
      const tx = materialize(step, a, known, deployers, sign);
      if (!tx) continue;
      const watched = [...ACTORS.map((k) => k.address), ...known];
      const before = tx.type === "call" ? { rows: contractRows(a), balances: nativeBalances(a, watched) } : null;

      const [oa, ob] = [await submit(a, tx), await submit(b, tx)];
      expect(oa).toEqual(ob);
      if (!("receipt" in oa)) continue;
      accepted(tx);
      const r = oa.receipt;
      if (tx.type === "call") tally[r.status === "success" ? "calls" : "reverts"]++;
      if (before && r.status === "error") {
        // A reverted call changes nothing but the fee its sender pays.
        expect(r.events).toEqual([]);
        expect(r.returnValue).toBeNull();
        expect(contractRows(a)).toEqual(before.rows);
        const after = nativeBalances(a, watched);
        for (const address of watched) {
          const paid = address === tx.from ? BigInt(r.fee.aer) : 0n;
          expect(after[address], `balance of ${address}`).toBe(before.balances[address]! - paid);
        }
      }
    }
    const [sa, sb] = [a.next(), b.next()];
    expect(sa?.block).toEqual(sb?.block);
    expect(sa?.receipts).toEqual(sb?.receipts);
    expect(a.node.stateRoot()).toBe(b.node.stateRoot());
    expect(contractRows(a)).toEqual(contractRows(b));
    return { ...tally, contracts: a.node.listContracts().length };
  } finally {
    await close();
  }
}

describe("determinism of AergoSQL contracts on the chain", () => {
  it("seals identical blocks, receipts and tables on two chains fed the same random transactions, and a reverted call changes only the fee", async () => {
    const seen = { calls: 0, reverts: 0, contracts: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(randomStep(ACTORS.length), { minLength: 15, maxLength: 30, size: "max" }), async (steps) => {
        const run = await replayOnTwins(steps);
        seen.calls += run.calls;
        seen.reverts += run.reverts;
        seen.contracts += run.contracts;
      }),
      // Seeded: the coverage below is a property of the steps drawn, and an unseeded draw once
      // reached exactly the bound (10 successful calls in 10 runs) and failed a CI run.
      // (This seed: 45 successful calls, 306 reverts, 136 contracts.)
      { numRuns: 25, seed: 20261207 },
    );
    // The generator must reach the contracts' successes and reverts, not only refusals.
    expect(seen.calls).toBeGreaterThan(25);
    expect(seen.reverts).toBeGreaterThan(100);
    expect(seen.contracts).toBeGreaterThan(80);
  }, 120_000);

  it("gives the same receipts, blocks and tables when every call runs on the execution worker and is adopted", async () => {
    const seen = { calls: 0, reverts: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(randomStep(ACTORS.length), { minLength: 15, maxLength: 30, size: "max" }), async (steps) => {
        const run = await replayOnTwins(steps, true);
        seen.calls += run.calls;
        seen.reverts += run.reverts;
      }),
      // Seeded as above (this seed: 24 successful calls and 104 reverts).
      { numRuns: 10, seed: 20261209 },
    );
    expect(seen.calls).toBeGreaterThan(10);
    expect(seen.reverts).toBeGreaterThan(40);
  }, 120_000);

  it("charges the same gas for the same call on equal state, however often it is repeated", async () => {
    const { a, b, close } = await twinChains();
    try {
      const [owner, other] = [ACTORS[0]!, ACTORS[1]!];
      for (const chain of [a, b]) {
        await chain.fund(owner.address, 100n);
        await chain.fund(other.address, 100n);
      }
      const deploy = async (chain: TestChain) => (await chain.node.submitTx(chain.tx(owner, "deploy", { payload: { source: SOURCES.registry }, gasLimit: GAS }).bytes)).contractAddress!;
      const [ra, rb] = [await deploy(a), await deploy(b)];
      a.next();
      b.next();
      // register then release returns the registry to the same rows: the next register costs the same.
      const cycle = async (chain: TestChain, registry: string) => {
        const gas: number[] = [];
        for (const procedure of ["register", "release"]) {
          const args = procedure === "register" ? ["same.name", other.address] : ["same.name"];
          const r = await chain.node.submitTx(chain.tx(owner, "call", { to: registry, payload: { procedure, args }, gasLimit: GAS }).bytes);
          expect(r.status).toBe("success");
          gas.push(r.gasUsed);
        }
        // A call that reverts (someone else's name) costs the same each time too.
        const denied = await chain.node.submitTx(chain.tx(other, "call", { to: registry, payload: { procedure: "release", args: ["same.name"] }, gasLimit: GAS }).bytes);
        expect(denied.status).toBe("error");
        gas.push(denied.gasUsed);
        return gas;
      };
      const first = await cycle(a, ra);
      expect(await cycle(a, ra)).toEqual(first);
      a.next();
      expect(await cycle(a, ra)).toEqual(first);
      expect(await cycle(b, rb)).toEqual(first);
      expect(a.node.queryContract(ra, "resolve", ["same.name"]).gasUsed).toBe(b.node.queryContract(rb, "resolve", ["same.name"]).gasUsed);
    } finally {
      await close();
    }
  });
});
