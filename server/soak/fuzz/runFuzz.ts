/**
 * The fuzz runner: a real hub process, a seeded stream of inputs over every door, and the
 * verdicts that matter: 0 crashes (the hub answers after every batch), 0 5xx answers, refusals
 * as 4xx with a clear JSON message, and no state change from refused input.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { decodeHash, utf8Bytes } from "../../../chain/crypto/hash.ts";
import { devKeyPair } from "../../../chain/crypto/keys.ts";
import { buildTx, contractGasLimit } from "../../../chain/tx/buildTx.ts";
import { appRouter } from "../../api/root.ts";
import { REST_ENDPOINTS } from "../../rest/v1.ts";
import { REPO_ROOT, startHubProcess, waitUntil, type HubProcess } from "../../testing/hubProcess.ts";
import { signInWithKey } from "../../testing/people.ts";
import { accountState, chainInfo, sealedBlock } from "../hubReads.ts";
import { readSealedBlock } from "../sealedHistory.ts";
import { cliFuzzInput, httpFuzzInput, type DoorShares, type FuzzInput, type FuzzMaterial } from "./fuzzInputs.ts";
import { REGRESSION_INPUTS } from "./regressions.ts";
import { runCliInput, sendHttpInput, type DoorContext, type FuzzSigner, type Verdict } from "./fuzzDoors.ts";

export type FuzzOptions = {
  /** Inputs in all; the CLI gets a small share of them (its spawns take a second each). */
  readonly inputs: number;
  readonly seed: number;
  readonly port: number;
  readonly log?: (line: string) => void;
};

type DoorTally = { sent: number; refused: number; accepted: number; failures: number };

export type FuzzFigures = {
  readonly seed: number;
  readonly inputs: number;
  readonly byDoor: Readonly<Record<FuzzInput["door"], DoorTally>>;
  readonly serverErrors: number;
  readonly crashes: number;
  /** Accepted inputs that may change chain state (the state root is compared only when there are none). */
  readonly acceptedWrites: number;
  readonly stateRootCompared: boolean;
  /** Every violation, with the input that caused it. */
  readonly failures: readonly string[];
};

const SHARES: DoorShares = { rawTx: 25, txBody: 8, absurdTx: 4, rest: 30, trpc: 25, contract: 8 };
const HTTP_WIDTH = 8;
const CHUNK = 500;
const MAX_REPORTED = 40;

/** The CLI's share: 0.2 % of the inputs, at least 2 and at most 150 spawns. */
export const cliShareOf = (inputs: number) => Math.min(150, Math.max(2, Math.round(inputs * 0.002)));

export async function runFuzz(opts: FuzzOptions): Promise<FuzzFigures> {
  const log = opts.log ?? (() => {});
  const tmp = mkdtempSync(path.join(tmpdir(), "aergo-soak-fuzz-"));
  const hub = await startHubProcess({ port: opts.port, dataDir: path.join(tmp, "data"), env: { HUB_BLOCK_INTERVAL_MS: "500" }, startTimeoutMs: 120_000 });
  try {
    const ctx = await prepare(hub, tmp);
    const material = await materialOf(hub, ctx);
    const watched = [ctx.mutator.key.address, ctx.deployer.key.address, ctx.person.key.address];
    const before = await quietState(hub, watched);

    const tally = Object.fromEntries((["rawTx", "txBody", "absurdTx", "rest", "trpc", "contract", "cli"] as const).map((d) => [d, { sent: 0, refused: 0, accepted: 0, failures: 0 }])) as Record<FuzzInput["door"], DoorTally>;
    const failures: string[] = [];
    let serverErrors = 0;
    let crashes = 0;
    let acceptedWrites = 0;
    const record = (input: FuzzInput, v: Verdict) => {
      const t = tally[input.door];
      t.sent += 1;
      if (v.kind === "failure") {
        t.failures += 1;
        if (v.status >= 500) serverErrors += 1;
        if (failures.length < MAX_REPORTED) failures.push(`${input.door} ${v.why}\n  input: ${describeInput(input)}`);
        return;
      }
      t[v.kind] += 1;
      if (v.kind === "accepted" && v.writes) acceptedWrites += 1;
      // Each absurd transaction breaks a rule of the pool: accepting one is a bug.
      if (v.kind === "accepted" && input.door === "absurdTx" && failures.length < MAX_REPORTED) failures.push(`absurdTx accepted\n  input: ${describeInput(input)}`);
    };

    for (const input of REGRESSION_INPUTS) record(input, await sendHttpInput(ctx, input));
    const cliCount = Math.min(cliShareOf(opts.inputs), opts.inputs);
    const httpCount = Math.max(0, opts.inputs - cliCount - REGRESSION_INPUTS.length);
    const arbitrary = httpFuzzInput(material, SHARES);
    for (let done = 0, chunk = 0; done < httpCount; chunk++) {
      // Drawn in chunks (seed + chunk): a run of 100,000 never holds every input in memory.
      const inputs = fc.sample(arbitrary, { seed: opts.seed + chunk, numRuns: Math.min(CHUNK, httpCount - done) });
      for (let i = 0; i < inputs.length; i += HTTP_WIDTH) {
        const batch = inputs.slice(i, i + HTTP_WIDTH);
        const verdicts = await Promise.all(batch.map((input) => sendHttpInput(ctx, input).catch((e: unknown): Verdict => ({ kind: "failure", status: 0, why: `the fuzzer failed: ${String(e)}` }))));
        batch.forEach((input, j) => record(input, verdicts[j]!));
      }
      done += inputs.length;
      if (!(await alive(hub))) {
        crashes += 1;
        failures.push(`the hub stopped answering after input ${done}:\n${hub.output().slice(-3000)}`);
        break;
      }
      log(`fuzz: ${done}/${httpCount} HTTP inputs, ${serverErrors} 5xx, ${failures.length} failures`);
    }
    if (crashes === 0) {
      const cliInputs = fc.sample(cliFuzzInput(material), { seed: opts.seed, numRuns: cliCount });
      for (let i = 0; i < cliInputs.length; i += 2) {
        const batch = cliInputs.slice(i, i + 2);
        const verdicts = await Promise.all(batch.map((input) => runCliInput(ctx, (input as Extract<FuzzInput, { door: "cli" }>).args)));
        batch.forEach((input, j) => record(input, verdicts[j]!));
      }
      if (!(await alive(hub))) {
        crashes += 1;
        failures.push(`the hub stopped answering after the CLI inputs:\n${hub.output().slice(-3000)}`);
      }
    }

    let stateRootCompared = false;
    if (crashes === 0) {
      const after = await quietState(hub, watched);
      for (const [i, signer] of [ctx.mutator, ctx.deployer].entries()) {
        const [b, a] = [before.accounts[i]!, after.accounts[i]!];
        // Refused transactions move nothing; each accepted one moves the nonce by one.
        if (a.nonce !== b.nonce + signer.accepted) failures.push(`${signer.key.address}: nonce ${b.nonce} before, ${a.nonce} after, with ${signer.accepted} accepted transactions`);
        if (signer.accepted === 0 && a.balance !== b.balance) failures.push(`${signer.key.address}: balance ${b.balance} before, ${a.balance} after, with every transaction refused`);
      }
      if (JSON.stringify(after.accounts[2]) !== JSON.stringify(before.accounts[2])) failures.push(`the fuzz person's account changed: ${JSON.stringify(before.accounts[2])} → ${JSON.stringify(after.accounts[2])}`);
      failures.push(...(await unattributedChanges(hub, before.head, after.head, [ctx.mutator, ctx.deployer])));
      if (acceptedWrites === 0) {
        stateRootCompared = true;
        if (after.stateRoot !== before.stateRoot) failures.push(`every write was refused, yet the state root moved from ${before.stateRoot} to ${after.stateRoot}`);
      }
    }
    return { seed: opts.seed, inputs: Object.values(tally).reduce((n, t) => n + t.sent, 0), byDoor: tally, serverErrors, crashes, acceptedWrites, stateRootCompared, failures };
  } finally {
    await hub.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function prepare(hub: HubProcess, tmp: string): Promise<DoorContext> {
  const info = await chainInfo(hub);
  const [mutatorKey, deployerKey] = [devKeyPair("dev-3"), devKeyPair("dev-4")];
  for (const key of [mutatorKey, deployerKey]) await waitUntil(`${key.address} to be funded`, async () => ((await accountState(hub, key.address)).balance.aer !== "0" ? true : undefined), 60_000);
  const signer = async (key: typeof mutatorKey): Promise<FuzzSigner> => ({ key, nonce: (await accountState(hub, key.address)).nonce, accepted: 0 });
  const person = await signInWithKey(hub, devKeyPair("fuzz-person"), "fuzzperson");
  let queue: Promise<unknown> = Promise.resolve();
  return {
    hub,
    chainIdHash: decodeHash(info.chainIdHash),
    gasPrice: BigInt(info.minGasPrice.aer),
    mutator: await signer(mutatorKey),
    deployer: await signer(deployerKey),
    person,
    cliHome: path.join(tmp, "cli-home"),
    withSigner<T>(work: () => Promise<T>) {
      const run = queue.then(work, work);
      queue = run.catch(() => {});
      return run;
    },
  };
}

/** Valid transactions of every type from the mutator at its next nonce, real addresses and hashes, the router's procedures. */
async function materialOf(hub: HubProcess, ctx: DoorContext): Promise<FuzzMaterial> {
  const info = await chainInfo(hub);
  const sources = readdirSync(path.join(REPO_ROOT, "examples/contracts")).filter((f) => f.endsWith(".sql")).map((f) => readFileSync(path.join(REPO_ROOT, "examples/contracts", f), "utf8"));
  const key = ctx.mutator.key;
  const common = { key, chainIdHash: ctx.chainIdHash, nonce: ctx.mutator.nonce + 1, gasPrice: ctx.gasPrice };
  const payload = (v: unknown) => utf8Bytes(JSON.stringify(v));
  const deployPayload = payload({ source: sources[0], args: ["Fuzz", "FZ", 10] });
  const signedTxs = [
    buildTx({ ...common, type: "transfer", to: ctx.deployer.key.address, amount: 10n ** 15n }),
    buildTx({ ...common, type: "deploy", payload: deployPayload, gasLimit: contractGasLimit(deployPayload.length) }),
    buildTx({ ...common, type: "call", to: ctx.deployer.key.address, payload: payload({ procedure: "transfer", args: [key.address, 1] }), gasLimit: 5_000_000 }),
    buildTx({ ...common, type: "stake", amount: 10n ** 18n }),
    buildTx({ ...common, type: "vote", payload: payload(info.producers.slice(0, 1).map((p) => p.address)) }),
  ].map((tx) => tx.bytes);
  const genesis = (await sealedBlock(hub, 0)).block;
  const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: "query" | "mutation" | "subscription" } }> } })._def.procedures)
    .filter(([, p]) => p._def.type !== "subscription")
    .map(([name, p]) => ({ name, type: p._def.type as "query" | "mutation" }));
  return {
    signedTxs,
    addresses: [key.address, ctx.deployer.key.address, ...info.producers.map((p) => p.address)],
    hashes: [info.headHash, genesis.hash, info.chainIdHash],
    restEndpoints: REST_ENDPOINTS,
    procedures,
    sources,
  };
}

/** The chain at rest (pool drained): the head's state root and the watched accounts. */
async function quietState(hub: HubProcess, addresses: readonly string[]) {
  const head = await waitUntil("the pool to drain", async () => {
    const info = await chainInfo(hub);
    return info.pendingTxs === 0 ? info.height : undefined;
  }, 60_000, 50);
  const stateRoot = (await sealedBlock(hub, head)).block.stateRoot;
  const accounts = await Promise.all(addresses.map(async (a) => {
    const s = await accountState(hub, a);
    return { nonce: s.nonce, balance: s.balance.aer, staked: s.staked.aer };
  }));
  return { head, stateRoot, accounts };
}

/**
 * Where the chain's state can have moved during the fuzz: the senders of every transaction sealed
 * in (from, to]. Only the fuzzer's signers (each exactly as often as the hub accepted one of its
 * transactions) and the faucet (accepted drips) may appear.
 */
async function unattributedChanges(hub: HubProcess, from: number, to: number, signers: readonly FuzzSigner[]): Promise<string[]> {
  const faucet = devKeyPair("genesis-community and partners").address;
  const sent = new Map<string, number>();
  for (let h = from + 1; h <= to; h++) {
    for (const tx of (await readSealedBlock(hub, h)).senders) sent.set(tx, (sent.get(tx) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const [sender, count] of sent) {
    const signer = signers.find((x) => x.key.address === sender);
    if (signer && count !== signer.accepted) out.push(`${sender} has ${count} transactions sealed during the fuzz, ${signer.accepted} accepted`);
    if (!signer && sender !== faucet) out.push(`${count} transactions of ${sender}, which the fuzzer never had accepted, were sealed during the fuzz`);
  }
  return out;
}

async function alive(hub: HubProcess): Promise<boolean> {
  try {
    return (await hub.request("/v1/getChainInfo", { timeoutMs: 30_000 })).status === 200;
  } catch {
    return false;
  }
}

/** An input as one line for a report (bytes as hex, long strings cut). */
export function describeInput(input: FuzzInput): string {
  const text = JSON.stringify(input, (_k, v: unknown) => (v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex")}` : typeof v === "bigint" ? String(v) : v));
  return text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text;
}
