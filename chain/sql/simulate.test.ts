/**
 * The simulator against a real node: every example contract, deployed fresh and then called at
 * random (procedures and views, valid and invalid arguments, several senders, amounts), each call
 * simulated first on an engine restored from the node's own snapshot of the contract at the
 * head, then sent to the node. Status, return value, events, gasUsed and error must equal the
 * receipt's, and the row diff must equal what the node's tables show changed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { base64 } from "@scure/base";
import { AER_PER_AERGO, AER_PER_GAER } from "../amount.ts";
import { contractAddressOf } from "../crypto/address.ts";
import { isChainError } from "../errors.ts";
import { callPayloadBytes, deployPayloadBytes } from "../exec/contractPayload.ts";
import { contractGasLimit } from "../tx/buildTx.ts";
import type { ReceiptJSON } from "../types.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { EXAMPLE_CONTRACTS, NAME_POOL, exampleSource, typedArg } from "../testing/randomTxs.ts";
import { MERGE_CONTRACT, TOKEN_EXAMPLE } from "./testing/examples.ts";
import { createSqlEngine, type ContractAbi, type SqlEngine } from "./index.ts";
import { locateError, simulate, type RowDiff, type SimulationCall, type SimulationResult } from "./simulate.ts";
import { createSeededRandom } from "../testing/seededRandom.ts";

type TestChain = Awaited<ReturnType<typeof createTestChain>>;

const ACTORS = [0, 1, 2].map((i) => devKeyPair(`simulate-${i}`));
const CONSTRUCTOR_ARGS: Record<string, unknown> = { token: ["Sim Token", "SIM", 1_000_000], TOKEN_EXAMPLE: ["Hub Token", 1000], MERGE_CONTRACT: ["Merge Token", 500] };
const CONTRACTS: { name: string; source: string }[] = [
  ...EXAMPLE_CONTRACTS.map((name) => ({ name, source: exampleSource(name) })),
  { name: "TOKEN_EXAMPLE", source: TOKEN_EXAMPLE },
  { name: "MERGE_CONTRACT", source: MERGE_CONTRACT },
];
const STEPS_PER_CONTRACT = 14;

/** The seeded generator with `int(n)` in [0, n): the same seed, the same calls. */
function prng(seed: number) {
  const r = createSeededRandom(seed);
  return { next: r.next, int: (n: number) => r.int(0, n - 1), pick: r.pick };
}

let chain: TestChain;
let engine: SqlEngine;

beforeAll(async () => {
  chain = await createTestChain();
  engine = await createSqlEngine();
  for (const k of ACTORS) await chain.fund(k.address, 10_000n);
  chain.next();
});
afterAll(async () => {
  engine?.close();
  await chain?.node.close();
});

/** The block the next transaction lands in: the node opens it at its clock, after the head. */
function nextBlock() {
  const head = chain.node.getBlock(chain.node.headHeight())!.block;
  return { height: head.height + 1, timestamp: Math.max(chain.now, head.timestamp + 1), branch: "main" };
}

/** Every table's rows by primary key (JSON), as the node shows them at the latest state. */
function tableRows(address: string, abi: ContractAbi) {
  const out = new Map<string, { table: string; key: unknown; row: Record<string, unknown> }>();
  for (const t of abi.tables) {
    const { columns, rows } = chain.node.contractTable(address, t.name, { limit: 1000 });
    for (const r of rows) {
      const row = Object.fromEntries(columns.map((c, i) => [c, r[i]]));
      const keyCells = t.primaryKey.map((c) => row[c]);
      const key = keyCells.length === 1 ? keyCells[0] : keyCells;
      out.set(`${t.name}\u0000${JSON.stringify(key)}`, { table: t.name, key, row });
    }
  }
  return out;
}

/** The rows that differ between two table readings: what a diff must report. */
function tableDiff(before: ReturnType<typeof tableRows>, after: ReturnType<typeof tableRows>): RowDiff[] {
  const out: RowDiff[] = [];
  for (const [id, a] of after) {
    const b = before.get(id);
    if (!b) out.push({ table: a.table, op: "insert", key: a.key, before: null, after: a.row });
    else if (JSON.stringify(b.row) !== JSON.stringify(a.row)) out.push({ table: a.table, op: "update", key: a.key, before: b.row, after: a.row });
  }
  for (const [id, b] of before) if (!after.has(id)) out.push({ table: b.table, op: "delete", key: b.key, before: b.row, after: null });
  return sortDiff(out);
}
const sortDiff = (d: RowDiff[]) => [...d].sort((x, y) => `${x.table}\u0000${JSON.stringify(x.key)}`.localeCompare(`${y.table}\u0000${JSON.stringify(y.key)}`));

/** What the receipt says, in the simulator's shape. */
function fromReceipt(r: ReceiptJSON) {
  return { status: r.status, returnValue: r.returnValue ?? null, events: r.events.map((e) => ({ name: e.name, args: e.args })), gasUsed: r.gasUsed, error: r.error ? { code: r.error.code, message: r.error.message } : null };
}
const simShape = (s: SimulationResult) => ({ status: s.status, returnValue: s.returnValue, events: s.events, gasUsed: s.gasUsed, error: s.error ? { code: s.error.code, message: s.error.message } : null });

/** Arguments for a routine: mostly typed for its parameters, sometimes too few or of the wrong type. */
function randomArgs(params: readonly { name: string; type: string }[], rnd: ReturnType<typeof prng>, addresses: string[]): unknown {
  const mode = rnd.int(10);
  if (mode === 0) return params.slice(1).map(() => 1); // too few
  if (mode === 1) return params.map(() => rnd.pick(["not a number", -3, null, "x"])); // wrong types
  return params.map((p) => typedArg(p as never, rnd.int(1000), { addresses, names: NAME_POOL }));
}

async function send(key: (typeof ACTORS)[number], type: "deploy" | "call", payload: { source?: string; procedure?: string; args?: unknown }, fields: { to?: string; amount?: bigint } = {}) {
  const bytes = type === "deploy" ? deployPayloadBytes(payload.source!, payload.args) : callPayloadBytes(payload.procedure!, payload.args);
  const tx = chain.tx(key, type, { ...fields, payload, gasLimit: contractGasLimit(bytes.length) });
  expect(tx.payload).toEqual(bytes); // the simulator counts the very bytes the wallet signs
  return chain.node.submitTx(tx.bytes);
}

function sealAndCheckTimestamp(expected: number) {
  chain.next();
  expect(chain.node.getBlock(chain.node.headHeight())!.block.timestamp).toBe(expected);
}

describe("simulate() agrees with the chain", () => {
  it(`on every example contract: deploy, ${STEPS_PER_CONTRACT} seeded random calls each, and a fresh deploy + call`, async () => {
    const rnd = prng(20261125);
    let runs = 0;
    let errors = 0;
    let views = 0;
    let withRows = 0;
    for (const { name, source } of CONTRACTS) {
      // ---- fresh deploy alone ------------------------------------------------------------
      const deployer = ACTORS[runs % ACTORS.length]!;
      const args = CONSTRUCTOR_ARGS[name] ?? [];
      const nonce = chain.node.getAccount(deployer.address).nonce + 1;
      const block = nextBlock();
      const sim = await simulate(engine, { source, target: { kind: "fresh", constructorArgs: args, nonce }, sender: deployer.address, call: null, block });
      const receipt = await send(deployer, "deploy", { source, args });
      expect(receipt.status, JSON.stringify(receipt.error)).toBe("success");
      const address = receipt.contractAddress!;
      expect(sim.contractAddress).toBe(address);
      expect(simShape(sim)).toEqual(fromReceipt(receipt));
      const abi = chain.node.getContract(address).abi;
      expect(sortDiff(sim.diff)).toEqual(tableDiff(new Map(), tableRows(address, abi)));
      sealAndCheckTimestamp(block.timestamp);
      runs++;

      const addresses = [...ACTORS.map((k) => k.address), address];
      // ---- random calls on the deployed contract, simulated from the node's snapshot -----
      for (let step = 0; step < STEPS_PER_CONTRACT; step++) {
        const state = chain.node.contractState(address);
        expect(state.height).toBe(chain.node.headHeight());
        const sender = rnd.pick(ACTORS);
        const isView = abi.views.length > 0 && rnd.int(4) === 0;
        const routines = isView ? abi.views : abi.procedures;
        const routine = rnd.int(12) === 0 ? { name: "noSuchRoutine", params: [] } : rnd.pick(routines);
        const callArgs = randomArgs(routine.params, rnd, addresses);
        const call: SimulationCall = { kind: isView ? "view" : "procedure", name: routine.name, args: callArgs };
        const target = { kind: "deployed" as const, address, snapshot: base64.decode(state.snapshot), balanceAer: state.balanceAer };
        if (isView) {
          const simView = await simulate(engine, { source, target, sender: sender.address, call, block: { height: state.height, timestamp: state.timestamp, branch: "main" } });
          try {
            const q = chain.node.queryContract(address, routine.name, callArgs, { height: state.height });
            expect(simView).toMatchObject({ status: "success", returnValue: q.result, gasUsed: q.gasUsed, diff: [], events: [] });
          } catch (e) {
            if (!isChainError(e)) throw e;
            expect(simView.status).toBe("error");
            expect(simView.error).toMatchObject({ code: e.meta.code, message: e.message });
            errors++;
          }
          views++;
          runs++;
          continue;
        }
        const amount = rnd.pick([0n, 0n, AER_PER_GAER, 3n * AER_PER_AERGO]);
        const callBlock = nextBlock();
        const simCall = await simulate(engine, { source, target, sender: sender.address, amountAer: amount.toString(), call, block: callBlock });
        const before = tableRows(address, abi);
        const r = await send(sender, "call", { procedure: routine.name, args: callArgs }, { to: address, amount });
        expect(simShape(simCall), `${name}.${routine.name}(${JSON.stringify(callArgs)})`).toEqual(fromReceipt(r));
        expect(sortDiff(simCall.diff)).toEqual(tableDiff(before, tableRows(address, abi)));
        if (r.status === "error") {
          errors++;
          expect(simCall.diff).toEqual([]);
        }
        if (simCall.diff.length) withRows++;
        sealAndCheckTimestamp(callBlock.timestamp);
        runs++;
      }

      // ---- fresh: deploy then call in one block, against the chain doing the same --------
      const other = ACTORS[(runs + 1) % ACTORS.length]!;
      const otherNonce = chain.node.getAccount(other.address).nonce + 1;
      const proc = rnd.pick(abi.procedures);
      const procArgs = randomArgs(proc.params, rnd, addresses);
      const freshBlock = nextBlock();
      const fresh = await simulate(engine, {
        source,
        target: { kind: "fresh", constructorArgs: args, nonce: otherNonce },
        sender: other.address,
        call: { kind: "procedure", name: proc.name, args: procArgs },
        block: freshBlock,
      });
      const deployed = await send(other, "deploy", { source, args });
      const fresh2 = deployed.contractAddress!;
      expect(fresh.contractAddress).toBe(fresh2);
      const beforeCall = tableRows(fresh2, abi);
      const called = await send(other, "call", { procedure: proc.name, args: procArgs }, { to: fresh2 });
      expect(simShape(fresh)).toEqual(fromReceipt(called));
      expect(sortDiff(fresh.diff)).toEqual(tableDiff(beforeCall, tableRows(fresh2, abi)));
      sealAndCheckTimestamp(freshBlock.timestamp);
      runs++;
    }
    // The workload is not degenerate: many runs, failures and successes that changed rows, views.
    expect(runs).toBeGreaterThanOrEqual(25);
    expect(errors).toBeGreaterThan(3);
    expect(withRows).toBeGreaterThan(5);
    expect(views).toBeGreaterThan(2);
  }, 30_000);

  it("moves native AERGO as the chain does: escrow's TRANSFER out of the contract's balance", async () => {
    const [buyer, seller] = ACTORS as [(typeof ACTORS)[number], (typeof ACTORS)[number]];
    const source = exampleSource("escrow");
    const deployed = await send(buyer, "deploy", { source, args: [] });
    const escrow = deployed.contractAddress!;
    chain.next();
    await send(buyer, "call", { procedure: "open", args: [seller.address, seller.address] }, { to: escrow, amount: 7n * AER_PER_AERGO });
    chain.next();
    const state = chain.node.contractState(escrow);
    expect(state.balanceAer).toBe((7n * AER_PER_AERGO).toString());
    const target = { kind: "deployed" as const, address: escrow, snapshot: base64.decode(state.snapshot), balanceAer: state.balanceAer };
    const block = nextBlock();
    const sim = await simulate(engine, { source, target, sender: seller.address, call: { kind: "procedure", name: "refund", args: [1] }, block });
    const r = await send(seller, "call", { procedure: "refund", args: [1] }, { to: escrow });
    expect(r.status).toBe("success");
    expect(simShape(sim)).toEqual(fromReceipt(r));
    expect(sim.diff).toEqual([expect.objectContaining({ table: "deals", op: "update", key: 1, before: expect.objectContaining({ state: "open" }), after: expect.objectContaining({ state: "refunded" }) })]);
    // With less in the contract than the deal holds, the TRANSFER fails in both.
    const poor = await simulate(engine, { source, target: { ...target, balanceAer: "0" }, sender: seller.address, call: { kind: "procedure", name: "refund", args: [1] }, block });
    expect(poor.status).toBe("error");
    expect(poor.error).toMatchObject({ code: "TRANSFER_FAILED" });
    expect(poor.diff).toEqual([]);
    chain.next();
  });

  it("reports what the chain refuses with the chain's code, and gas 0: an amount not in whole gaer, a source that does not compile", async () => {
    const state = chain.node.contractState(chain.node.listContracts()[0]!);
    const source = chain.node.getContract(state.address).source;
    const sender = ACTORS[0]!;
    const block = nextBlock();
    const sim = await simulate(engine, {
      source,
      target: { kind: "deployed", address: state.address, snapshot: base64.decode(state.snapshot), balanceAer: state.balanceAer },
      sender: sender.address,
      amountAer: "1",
      call: { kind: "procedure", name: "transfer", args: [] },
      block,
    });
    const nonce = chain.node.getAccount(sender.address).nonce + 1;
    const refused = await chain.node
      .submitTx(chain.tx(sender, "call", { to: state.address, amount: 1n, payload: { procedure: "transfer", args: [] }, nonce, gasLimit: 5_100_000 }).bytes)
      .then(() => null, (e: unknown) => e);
    expect(isChainError(refused)).toBe(true);
    expect(sim).toMatchObject({ status: "error", gasUsed: 0, diff: [], error: { code: (refused as { code: string }).code } });

    const broken = "CONTRACT Broken;\nCREATE TABLE t (id INTEGER PRIMARY KEY);\nPROCEDURE p () AS\nBEGIN\n  INSERT INTO nowhere VALUES (1);\nEND;\n";
    const bad = await simulate(engine, { source: broken, target: { kind: "fresh", constructorArgs: [] }, sender: sender.address, call: null, block });
    const deployRefused = await chain.node
      .submitTx(chain.tx(sender, "deploy", { payload: { source: broken, args: [] }, nonce, gasLimit: 5_100_000 }).bytes)
      .then(() => null, (e: unknown) => e);
    expect(bad).toMatchObject({ status: "error", gasUsed: 0, error: { code: "INVALID_PAYLOAD", message: (deployRefused as Error).message, line: 5 } });
    expect(bad.error!.column).toBeGreaterThan(0);
  });
});

describe("locateError", () => {
  it("points at the REQUIRE whose message failed, even when it spans lines, and at the routine of a bad argument", () => {
    const source = exampleSource("token");
    const lines = source.split("\n");
    const requireLine = lines.findIndex((l) => l.includes("REQUIRE COALESCE((SELECT amount FROM balances WHERE owner = SENDER())")) + 1;
    expect(locateError(source, { code: "REQUIRE_FAILED", message: `transfer: insufficient balance (line ${requireLine})` })).toEqual({ line: requireLine, column: lines[requireLine - 1]!.indexOf("REQUIRE") + 1 });
    const procLine = lines.findIndex((l) => l.startsWith("PROCEDURE approve")) + 1;
    expect(locateError(source, { code: "BAD_ARGUMENT", message: "approve: expects 2 arguments, got 1" })).toEqual({ line: procLine, column: "PROCEDURE ".length + 1 });
    expect(locateError(source, { code: "INVALID_PAYLOAD", message: "The contract does not compile: 7:3: no such table." })).toEqual({ line: 7, column: 3 });
    expect(locateError(source, { code: "UNKNOWN_PROCEDURE", message: "Token has no procedure nope" })).toBeNull();
    expect(locateError(source, { code: "SQL_ERROR", message: "transfer: boom (line 9999)" })).toBeNull();
  });

  it("locates a chain receipt's REQUIRE failure for the simulated call too", async () => {
    const source = exampleSource("registry");
    const sender = ACTORS[0]!.address;
    const r = await simulate(engine, { source, target: { kind: "fresh", constructorArgs: [], nonce: 9 }, sender, call: { kind: "procedure", name: "register", args: ["ab", sender] }, block: { height: 5, timestamp: 5000, branch: "main" } });
    const lines = source.split("\n");
    const line = lines.findIndex((l) => l.includes("'a name has 3 to 32 characters'")) + 1;
    expect(r.error).toEqual({ code: "REQUIRE_FAILED", message: `register: a name has 3 to 32 characters (line ${line})`, line, column: 3 });
    expect(r.contractAddress).toBe(contractAddressOf(sender, 9));
  });
});
