/**
 * The execution worker in the node's pool (chain/exec/executionWorker.ts, txPool.ts): a call
 * that outlives its slice runs on the worker and is adopted with the receipt, rows and balances
 * running it on the node's thread gives (CALL, BALANCE, TRANSFER, events, reverts, out of gas);
 * the node's thread stays free while it runs; a block sealed meanwhile makes it run again on the
 * next pending block; a failing worker leaves the call to the node; the admission budget still
 * refuses what runs too long.
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { AER_PER_AERGO, AER_PER_GAER } from "../amount.ts";
import { ErrorCode, isChainError } from "../errors.ts";
import { createExecutionWorker, type ExecutionWorker } from "../exec/executionWorker.ts";
import type { SignedTx } from "../tx/tx.ts";
import type { ReceiptJSON } from "../types.ts";
import { ITEMS_CONTRACT, MERGE_CONTRACT, SLOW_COMPARE_CONTRACT, SPIN_CONTRACT, TOKEN_EXAMPLE } from "../sql/testing/examples.ts";
import { createSqlEngine, SCRATCH_MAX_PAGES, SqlEngine } from "../sql/index.ts";
import { Sqlite } from "../sql/runtime/sqlite.ts";
import { createTestChain, devKeyPair } from "../testing/testChain.ts";
import { turnsWhile } from "../testing/turns.ts";
import { STALE_RETRIES } from "./txPool.ts";
import type { KeyPair } from "../crypto/keys.ts";

const POINTS = `CONTRACT Points;
CREATE TABLE points (owner ADDRESS PRIMARY KEY, n INTEGER NOT NULL);
EVENT Added (owner ADDRESS, n INTEGER);
PROCEDURE add (who ADDRESS, n INTEGER) AS
BEGIN
  REQUIRE :n > 0, 'n must be positive';
  INSERT INTO points (owner, n) VALUES (:who, :n) ON CONFLICT (owner) DO UPDATE SET n = n + excluded.n;
  EMIT Added (:who, :n);
END;
`;
const SHOP = `CONTRACT Shop;
CREATE TABLE sales (k INTEGER PRIMARY KEY, buyer ADDRESS NOT NULL, paid INTEGER NOT NULL, held INTEGER NOT NULL);
EVENT Sold (buyer ADDRESS, paid INTEGER);
PROCEDURE buy (points TEXT) AS
BEGIN
  REQUIRE AMOUNT() > 0, 'pay something';
  INSERT INTO sales (buyer, paid, held) VALUES (SENDER(), AMOUNT(), BALANCE(SELF()));
  CALL :points.add (SENDER(), AMOUNT());
  TRANSFER ORIGIN(), AMOUNT() / 2;
  EMIT Sold (SENDER(), AMOUNT());
  RETURN BALANCE(SELF());
END;
PROCEDURE spin () AS
BEGIN
  INSERT INTO sales (buyer, paid, held) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT SENDER(), x, x FROM c;
END;
PROCEDURE note (who ADDRESS) AS
BEGIN
  INSERT INTO sales (buyer, paid, held) VALUES (:who, 0, BALANCE(:who));
END;
VIEW summary (who ADDRESS) AS
  SELECT count(*) AS sales, COALESCE(sum(paid), 0) AS paid, BALANCE(SELF()) AS held, BALANCE(:who) AS theirs FROM sales;
VIEW spinView () RETURNS INTEGER AS
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;
`;
/** A constructor that seeds `n` rows: a big `n` runs away. */
const SEEDED = `CONTRACT Seeded;
CREATE TABLE seeds (k INTEGER PRIMARY KEY, owner ADDRESS NOT NULL, paid INTEGER NOT NULL);
EVENT Seeded (n INTEGER);
CONSTRUCTOR (n INTEGER) AS
BEGIN
  REQUIRE :n > 0, 'n must be positive';
  INSERT INTO seeds (k, owner, paid) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) SELECT x, SENDER(), AMOUNT() FROM c;
  EMIT Seeded (:n);
END;
`;
/**
 * Chains with the producer's wall-time budget long enough that a runaway (gas-bounded, ~0.1 s of
 * CPU) ends out of gas even on a loaded machine, where the worker's thread (nice 10) may get a
 * small share of a core: with the default 1 s, two CPU-bound jobs beside these tests turned such
 * receipts into refusals (EXECUTION_TIMEOUT), on this code and the fifteenth session's alike. The
 * budget's own test sets its own.
 */
const testChain = (opts: Parameters<typeof createTestChain>[0] = {}) => createTestChain({ admissionTimeBudgetMs: 60_000, ...opts });
const alice = devKeyPair("offmain-alice");
const GAS = 2_000_000;
const workers: ExecutionWorker[] = [];

/** The hub's worker, with a count of its jobs and a hook after each job's result. */
function countedWorker(after?: (job: number) => void | Promise<void>, threads?: number) {
  const real = createExecutionWorker({ threads });
  workers.push(real);
  const counted = {
    threads: real.threads,
    /** Call jobs (a hook runs after each); deploy jobs are counted apart and pass straight through. */
    jobs: 0,
    deploys: 0,
    redeploys: 0,
    views: 0,
    compiles: 0,
    async run(...args: Parameters<ExecutionWorker["run"]>) {
      if (args[0].deploy) {
        counted.deploys++;
        return real.run(...args);
      }
      if (args[0].upgradeTo) counted.redeploys++;
      const job = ++counted.jobs;
      const result = await real.run(...args);
      await after?.(job);
      return result;
    },
    async query(...args: Parameters<ExecutionWorker["query"]>) {
      counted.views++;
      const result = await real.query(...args);
      await after?.(0);
      return result;
    },
    compile(...args: Parameters<ExecutionWorker["compile"]>) {
      counted.compiles++;
      return real.compile(...args);
    },
    compileIfIdle(...args: Parameters<ExecutionWorker["compileIfIdle"]>) {
      const compiling = real.compileIfIdle(...args);
      if (compiling) counted.compiles++;
      return compiling;
    },
    close: () => real.close(),
  };
  return counted;
}

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
});

type Chain = Awaited<ReturnType<typeof createTestChain>>;

async function deployBoth(chain: Chain) {
  await chain.fund(alice.address, 1_000n);
  const points = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: POINTS }, gasLimit: GAS }).bytes)).contractAddress!;
  const shop = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: SHOP }, gasLimit: GAS }).bytes)).contractAddress!;
  chain.next();
  return { points, shop };
}

async function outcome(chain: Chain, tx: SignedTx) {
  try {
    return await chain.node.submitTx(tx.bytes);
  } catch (e) {
    if (isChainError(e)) return { refused: e.code };
    throw e;
  }
}

function rows(chain: Chain, address: string, table: string) {
  return chain.node.contractTable(address, table, { limit: 1000 }).rows;
}

/** `real` with its `run` replaced for calls (to hold or count a job); deploys go straight to `real`. */
function wrapped(real: ExecutionWorker, run: ExecutionWorker["run"]): ExecutionWorker {
  return { threads: real.threads, run: (job, host) => (job.deploy ? real.run(job, host) : run(job, host)), query: (...args) => real.query(...args), compile: (...args) => real.compile(...args), compileIfIdle: (...args) => real.compileIfIdle(...args), close: () => real.close() };
}

/**
 * b sealed `order` with `receipts` (answered on the worker): a, fed that order on one thread,
 * answers the same receipts and seals the same block and state.
 */
async function expectSameAsOneThread(a: Chain, b: Chain, order: readonly SignedTx[], receipts: readonly ReceiptJSON[]) {
  const sb = b.next()!;
  expect(sb.block.txs.map((t) => t.hash)).toEqual(order.map((t) => t.hashText));
  const ra: ReceiptJSON[] = [];
  for (const tx of order) ra.push(await a.node.submitTx(tx.bytes));
  expect(receipts).toEqual(ra);
  expect(sb.block).toEqual(a.next()!.block);
  expect(b.node.stateRoot()).toBe(a.node.stateRoot());
}

/**
 * Twin chains, b with every call on the worker: `held` is submitted to b and held on the worker
 * (before it runs, or with its result), `overtakes` must be answered meanwhile and `waits` must
 * not; then b's block holds overtakes, held, waits in that order, and a, fed that order on one
 * thread, gives the same receipts, block and state.
 */
async function overtaking(opts: {
  hold: "run" | "result";
  fund: readonly KeyPair[];
  sign: (a: Chain, contracts: { points: string; shop: string }) => { held: SignedTx; overtakes: SignedTx[]; waits: SignedTx[] };
  check: (chains: { a: Chain; b: Chain; contracts: { points: string; shop: string } }) => void;
}): Promise<{ jobs: number }> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let reached!: () => void;
  const held = new Promise<void>((resolve) => (reached = resolve));
  const real = countedWorker(opts.hold === "result" ? () => (reached(), gate) : undefined);
  const worker = wrapped(real, async (...args) => {
    if (opts.hold === "run" && real.jobs === 0) {
      reached();
      await gate;
    }
    return real.run(...args);
  });
  const a = await testChain();
  const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
  try {
    const [contracts] = [await deployBoth(a), await deployBoth(b)];
    for (const chain of [a, b]) {
      for (const key of opts.fund) await chain.fund(key.address, 10n);
      chain.next();
    }
    // Signed once (a's nonce book), submitted to both chains.
    const txs = opts.sign(a, contracts);
    const answered = new Set<string>();
    const track = (tx: SignedTx) => b.node.submitTx(tx.bytes).then((r) => (answered.add(tx.hashText), r));
    const heldDone = track(txs.held);
    await held;
    const overtook: ReceiptJSON[] = [];
    for (const tx of txs.overtakes) overtook.push(await track(tx));
    const waiting = txs.waits.map(track);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...answered]).toEqual(txs.overtakes.map((t) => t.hashText));
    open();
    const [heldReceipt, ...waited] = await Promise.all([heldDone, ...waiting]);

    await expectSameAsOneThread(a, b, [...txs.overtakes, txs.held, ...txs.waits], [...overtook, heldReceipt, ...waited]);
    opts.check({ a, b, contracts });
    return { jobs: real.jobs };
  } finally {
    open();
    await Promise.all([a.node.close(), b.node.close()]);
  }
}

/** Deploys Points and Shop, then alice buys (a call that reaches Points): the call and its receipt. */
async function deployAndBuy(chain: Chain) {
  const { points, shop } = await deployBoth(chain);
  const tx = chain.tx(alice, "call", { to: shop, amount: 2n * AER_PER_GAER, payload: { procedure: "buy", args: [points] }, gasLimit: GAS });
  return { points, shop, tx, receipt: await chain.node.submitTx(tx.bytes) };
}

describe("the execution worker in the pool", () => {
  it("adopts CALL, BALANCE, TRANSFER, events, reverts and out of gas exactly as the node's own run", async () => {
    const a = await testChain();
    const worker = countedWorker();
    const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
    try {
      const [ca, cb] = [await deployBoth(a), await deployBoth(b)];
      expect(cb).toEqual(ca);
      const { points, shop } = ca;
      const calls = [
        { to: shop, amount: 6n * AER_PER_GAER, payload: { procedure: "buy", args: [points] } },
        { to: shop, amount: 0n, payload: { procedure: "buy", args: [points] } }, // REQUIRE reverts
        { to: shop, amount: 4n * AER_PER_GAER, payload: { procedure: "buy", args: ["not a contract"] } }, // CALL fails
        { to: shop, amount: 0n, payload: { procedure: "spin", args: [] } }, // out of gas
        { to: shop, amount: 10n * AER_PER_GAER, payload: { procedure: "buy", args: [points] } },
      ];
      const receipts = [];
      for (const c of calls) {
        const tx = a.tx(alice, "call", { ...c, gasLimit: GAS });
        b.tx(alice, "call", { ...c, gasLimit: GAS }); // keeps b's nonce book in step
        const [ra, rb] = [await outcome(a, tx), await outcome(b, tx)];
        expect(rb).toEqual(ra);
        receipts.push(ra);
      }
      expect(receipts.map((r) => ("status" in r ? r.status : r.refused))).toEqual(["success", "error", "error", "error", "success"]);
      expect(receipts[3]).toMatchObject({ error: { message: expect.stringMatching(/out of gas/) } });
      expect(receipts[4]).toMatchObject({ events: [{ name: "Added" }, { name: "Sold" }] });
      expect(worker.jobs).toBe(calls.length);
      // With no slice, Points' and Shop's deploys ran there too, and gave a's receipts above.
      expect(worker.deploys).toBe(2);

      const [sa, sb] = [a.next(), b.next()];
      expect(sb?.block).toEqual(sa?.block);
      expect(b.node.stateRoot()).toBe(a.node.stateRoot());
      expect(rows(b, shop, "sales")).toEqual(rows(a, shop, "sales"));
      expect(rows(b, points, "points")).toEqual(rows(a, points, "points"));
      expect(rows(a, points, "points")).toHaveLength(1);
      expect(b.node.getAccount(shop)).toEqual(a.node.getAccount(shop));
      expect(b.node.getAccount(alice.address)).toEqual(a.node.getAccount(alice.address));
      // Half of 16 gaer paid in the two sales came back to alice.
      expect(BigInt(a.node.getAccount(shop).balance.aer)).toBe(8n * AER_PER_GAER);
    } finally {
      await Promise.all([a.node.close(), b.node.close()]);
    }
  });

  it("runs a deploy's constructor past the slice on the worker: the same receipts, rows, accounts and block as the node's own run, a runaway one out of gas", async () => {
    const a = await testChain();
    const worker = countedWorker();
    const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
    try {
      for (const chain of [a, b]) await chain.fund(alice.address, 1_000n);
      const deploys = [
        { n: 40, amount: 3n * AER_PER_GAER }, // seeds rows, keeps the amount, emits
        { n: 0, amount: 2n * AER_PER_GAER }, // REQUIRE reverts: no contract, the amount back
        { n: 1_000_000_000, amount: 0n }, // runs away: out of gas
        { n: 7, amount: 0n },
      ];
      const receipts = [];
      // What b's node compiles on its own thread: nothing, the pool had the worker compile each source first.
      const compiledHere = vi.spyOn(SqlEngine.prototype, "compile");
      let compiledByB = 0;
      for (const [i, d] of deploys.entries()) {
        // Each deploy its own source (a comment), so no compile result is reused.
        const source = `${SEEDED}-- ${i}\n`;
        const tx = a.tx(alice, "deploy", { amount: d.amount, payload: { source, args: [d.n] }, gasLimit: GAS });
        b.tx(alice, "deploy", { amount: d.amount, payload: { source, args: [d.n] }, gasLimit: GAS }); // b's nonce book in step
        const ra = await outcome(a, tx);
        const before = compiledHere.mock.calls.length;
        const rb = await outcome(b, tx);
        compiledByB += compiledHere.mock.calls.length - before;
        expect(rb).toEqual(ra);
        receipts.push(ra);
      }
      compiledHere.mockRestore();
      expect(compiledByB).toBe(0);
      expect(worker.compiles).toBe(deploys.length);
      expect(receipts.map((r) => ("status" in r ? r.status : r.refused))).toEqual(["success", "error", "error", "success"]);
      expect(receipts[0]).toMatchObject({ events: [{ name: "Seeded", args: { n: 40 } }] });
      expect(receipts[2]).toMatchObject({ error: { message: expect.stringMatching(/out of gas/) }, contractAddress: null });
      expect(worker.deploys).toBe(deploys.length);
      expect(worker.jobs).toBe(0);

      const [sa, sb] = [a.next(), b.next()];
      expect(sb?.block).toEqual(sa?.block);
      expect(b.node.stateRoot()).toBe(a.node.stateRoot());
      for (const r of [receipts[0]!, receipts[3]!]) {
        const address = (r as ReceiptJSON).contractAddress!;
        expect(rows(b, address, "seeds")).toEqual(rows(a, address, "seeds"));
        expect(b.node.getAccount(address)).toEqual(a.node.getAccount(address));
      }
      expect(rows(a, (receipts[0] as ReceiptJSON).contractAddress!, "seeds")).toHaveLength(40);
      expect(BigInt(a.node.getAccount((receipts[0] as ReceiptJSON).contractAddress!).balance.aer)).toBe(3n * AER_PER_GAER);
      expect(b.node.getAccount(alice.address)).toEqual(a.node.getAccount(alice.address));
    } finally {
      await Promise.all([a.node.close(), b.node.close()]);
    }
  });

  it("runs a redeploy's migration past the slice on the worker: the same receipts, rows, code and block as the node's own run, a runaway one out of gas", async () => {
    const a = await testChain();
    const worker = countedWorker();
    const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
    const bob = devKeyPair("offmain-bob");
    // The ranks come from the rows, so the check on empty tables runs nothing of it. On the rows
    // the first counts to 2,000 for each (past the zero slice: on the worker, and it fits its gas),
    // the second to ten million, until out of gas.
    const ranked = (rank: string) => `${TOKEN_EXAMPLE}
CREATE TABLE ranks (rank INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
MIGRATE BEGIN
  CREATE TABLE ranks (rank INTEGER PRIMARY KEY, owner ADDRESS NOT NULL);
  INSERT INTO ranks (rank, owner) SELECT ${rank}, owner FROM balances;
END;
`;
    const upgrades = [ranked("amount + (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000) SELECT count(*) FROM c)"), ranked("amount + (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000) SELECT count(*) FROM c)")];
    try {
      const tokens: string[] = [];
      for (const chain of [a, b]) {
        await chain.fund(alice.address, 1_000n);
        for (let i = 0; i < upgrades.length; i++) {
          const r = await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: TOKEN_EXAMPLE, args: [`T${i}`, 1000] }, gasLimit: GAS }).bytes);
          if (chain === a) tokens.push(r.contractAddress!);
        }
        chain.next();
        for (const token of tokens) await chain.node.submitTx(chain.tx(alice, "call", { to: token, payload: { procedure: "transfer", args: [bob.address, 10] }, gasLimit: GAS }).bytes);
        chain.next();
      }
      const receipts = [];
      // Scratch databases opened on the node's thread: a compile's and an upgrade check's (they
      // run the schemas and the MIGRATE block on empty tables). b's pool had the worker do both.
      const opened = vi.spyOn(Sqlite.prototype, "openDb");
      const scratchOpened = () => opened.mock.calls.filter(([o]) => o.maxPageCount === SCRATCH_MAX_PAGES).length;
      const scratch = { a: 0, b: 0 };
      for (const [i, source] of upgrades.entries()) {
        const tx = a.tx(alice, "redeploy", { to: tokens[i]!, payload: { source }, gasLimit: GAS });
        b.tx(alice, "redeploy", { to: tokens[i]!, payload: { source }, gasLimit: GAS }); // b's nonce book in step
        let n = scratchOpened();
        const ra = await outcome(a, tx);
        scratch.a += scratchOpened() - n;
        n = scratchOpened();
        const rb = await outcome(b, tx);
        scratch.b += scratchOpened() - n;
        expect(rb).toEqual(ra);
        receipts.push(ra);
      }
      opened.mockRestore();
      expect(scratch.a).toBeGreaterThan(0);
      expect(scratch.b).toBe(0);
      expect(receipts.map((r) => ("status" in r ? r.status : r.refused))).toEqual(["success", "error"]);
      expect(receipts[1]).toMatchObject({ error: { message: expect.stringMatching(/out of gas/) } });
      expect(worker.redeploys).toBe(upgrades.length);

      const [sa, sb] = [a.next(), b.next()];
      expect(sb?.block).toEqual(sa?.block);
      expect(b.node.stateRoot()).toBe(a.node.stateRoot());
      expect(rows(b, tokens[0]!, "ranks")).toEqual(rows(a, tokens[0]!, "ranks"));
      expect(rows(a, tokens[0]!, "ranks")).toHaveLength(2);
      expect(b.node.getContract(tokens[0]!).source).toBe(upgrades[0]);
      expect(b.node.getContract(tokens[1]!).source).toBe(TOKEN_EXAMPLE);
      for (const token of tokens) expect(rows(b, token, "balances")).toEqual(rows(a, token, "balances"));
      // The upgraded contract goes on working where its database was adopted.
      const call = a.tx(alice, "call", { to: tokens[0]!, payload: { procedure: "transfer", args: [bob.address, 5] }, gasLimit: GAS });
      b.tx(alice, "call", { to: tokens[0]!, payload: { procedure: "transfer", args: [bob.address, 5] }, gasLimit: GAS });
      expect(await outcome(b, call)).toEqual(await outcome(a, call));
      expect(b.next()?.block).toEqual(a.next()?.block);
      expect(b.node.stateRoot()).toBe(a.node.stateRoot());
    } finally {
      await Promise.all([a.node.close(), b.node.close()]);
    }
  });

  it("compiles on a worker thread what the node's engine compiles: every example's artifact and ABI, a broken source's diagnostics; the calling thread runs meanwhile", async () => {
    const worker = countedWorker();
    const engine = await createSqlEngine();
    const broken = TOKEN_EXAMPLE.replace("INSERT INTO balances", "INSERT INTO balancez");
    // ~100 KiB of procedures: long enough that the calling thread's turns are counted while it compiles.
    const big = `CONTRACT Big;\nCREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER NOT NULL);\n${Array.from({ length: 500 }, (_, i) => `PROCEDURE p${i} (a INTEGER) AS\nBEGIN\n  INSERT INTO t (k, v) SELECT :a + x.k, (SELECT count(*) FROM t AS y WHERE y.v > x.v) FROM t AS x WHERE x.k IN (SELECT k FROM t WHERE v < :a);\nEND;\n`).join("")}`;
    for (const source of [TOKEN_EXAMPLE, MERGE_CONTRACT, SPIN_CONTRACT, SLOW_COMPARE_CONTRACT, ITEMS_CONTRACT, SEEDED, broken, big]) {
      const { value: there, turns } = await turnsWhile(() => worker.compile({ source, limits: engine.limits }));
      expect(there).toEqual(engine.compile(source));
      // Compiled here, the thread would have had no turn until it was done.
      expect(turns).toBeGreaterThan(0);
    }
    expect(engine.compile(broken)).toMatchObject({ ok: false, diagnostics: [{ message: expect.stringMatching(/balancez/) }] });
    expect(worker.compiles).toBe(8);
    engine.close();
  });

  it("compiles ahead only on a free thread: with every thread taken it says so at once and queues nothing", async () => {
    const worker = createExecutionWorker({ threads: 1 });
    workers.push(worker);
    const limits = (await createSqlEngine()).limits;
    const first = worker.compile({ source: TOKEN_EXAMPLE, limits }); // takes the one thread now
    expect(worker.compileIfIdle({ source: SPIN_CONTRACT, limits })).toBeNull();
    expect(await first).toMatchObject({ ok: true });
    const second = worker.compileIfIdle({ source: SPIN_CONTRACT, limits });
    expect(second).not.toBeNull();
    expect(await second).toMatchObject({ compiled: { ok: true, abi: { name: "Spin" } }, upgrade: null });
  });

  it("leaves the node's thread free while a runaway call runs on the worker", async () => {
    const order: string[] = [];
    // The job's answer is held until the node has served a read: on a loaded machine a timer
    // could fire only after the worker finished, so the read is awaited, not raced. Had the node
    // run the call on its own thread, the read could not come in between (and no job would count).
    let served: () => void = () => {};
    const readServed = new Promise<void>((resolve) => (served = resolve));
    const worker = countedWorker(async () => {
      await readServed;
      order.push("job done");
    });
    const chain = await testChain({ executionWorker: worker });
    try {
      const { shop } = await deployBoth(chain);
      const before = chain.node.getAccount(alice.address);
      const submitted = chain.node.submitTx(chain.tx(alice, "call", { to: shop, payload: { procedure: "spin", args: [] }, gasLimit: 5_000_000 }).bytes);
      // A read the node serves while the call is out on the worker.
      const read = new Promise<void>((resolve) =>
        setTimeout(() => {
          order.push(`read at nonce ${chain.node.getAccount(alice.address).nonce}`);
          served();
          resolve();
        }, 1),
      );
      const receipt = await submitted;
      await read;
      expect(order).toEqual([`read at nonce ${before.nonce}`, "job done"]);
      expect(worker.jobs).toBe(1);
      expect(receipt).toMatchObject({ status: "error", error: { message: expect.stringMatching(/out of gas/) }, gasUsed: 5_000_000 });
      expect(BigInt(before.balance.aer) - BigInt(chain.node.getAccount(alice.address).balance.aer)).toBe(BigInt(receipt.fee.aer));
      chain.next();
      expect(rows(chain, shop, "sales")).toEqual([]);
    } finally {
      await chain.node.close();
    }
  });

  it("answers other senders' transfers while a call is on the worker; its sender's next transaction waits; the block gives the same receipts as its order on one thread", async () => {
    const [bob, carol] = [devKeyPair("offmain-bob"), devKeyPair("offmain-carol")];
    await overtaking({
      hold: "result",
      fund: [bob],
      sign: (a, { points }) => ({
        held: a.tx(alice, "call", { to: points, payload: { procedure: "add", args: [carol.address, 5] }, gasLimit: GAS }),
        overtakes: [a.tx(bob, "transfer", { to: carol.address, amount: AER_PER_AERGO })],
        waits: [a.tx(alice, "transfer", { to: carol.address, amount: AER_PER_AERGO })],
      }),
      check: ({ b, contracts }) => expect(rows(b, contracts.points, "points")).toEqual([[carol.address, 5]]),
    });
  });

  it("lets a transaction overtake a call that reaches other accounts while the call has not reached its accounts yet: the call, run after it, sees it", async () => {
    const bob = devKeyPair("offmain-bob");
    // buy reaches alice, the shop and (by CALL) the points contract; bob's transfer to points
    // touches bob and points (a transfer: it runs here, while the worker is taken); the shop is
    // buy's own contract, so a transfer to it waits.
    const { jobs } = await overtaking({
      hold: "run",
      fund: [bob],
      sign: (a, { points, shop }) => ({
        held: a.tx(alice, "call", { to: shop, amount: 4n * AER_PER_GAER, payload: { procedure: "buy", args: [points] }, gasLimit: GAS }),
        overtakes: [a.tx(bob, "transfer", { to: points, amount: AER_PER_AERGO })],
        waits: [a.tx(bob, "transfer", { to: shop, amount: AER_PER_AERGO })],
      }),
      check: ({ a, b, contracts }) => expect(rows(b, contracts.points, "points")).toEqual(rows(a, contracts.points, "points")),
    });
    expect(jobs).toBe(1);
  });

  it("holds a transaction that would change an account the call on the worker read, and answers the others", async () => {
    const [bob, frank, carol] = [devKeyPair("offmain-bob"), devKeyPair("offmain-frank"), devKeyPair("offmain-carol")];
    // note runs at once and reads bob's balance; its result is held: frank's transfer goes on,
    // bob's waits (it would change what note read).
    await overtaking({
      hold: "result",
      fund: [bob, frank],
      sign: (a, { shop }) => ({
        held: a.tx(alice, "call", { to: shop, payload: { procedure: "note", args: [bob.address] }, gasLimit: GAS }),
        overtakes: [a.tx(frank, "transfer", { to: carol.address, amount: AER_PER_AERGO })],
        waits: [a.tx(bob, "transfer", { to: carol.address, amount: AER_PER_AERGO })],
      }),
      check: ({ a, b, contracts }) => expect(rows(b, contracts.shop, "sales")).toEqual(rows(a, contracts.shop, "sales")),
    });
  });

  it("runs a branch's calls on the worker into that branch: the same receipts, rows and views as on one thread; main untouched", async () => {
    const a = await testChain();
    const worker = countedWorker();
    const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
    try {
      const [{ points, shop }] = [await deployBoth(a), await deployBoth(b)];
      for (const chain of [a, b]) chain.node.createBranch("feature");
      const txs = [
        a.tx(alice, "call", { to: shop, amount: 6n * AER_PER_GAER, payload: { procedure: "buy", args: [points] }, gasLimit: GAS }),
        a.tx(alice, "call", { to: points, payload: { procedure: "add", args: [alice.address, 3] }, gasLimit: GAS }),
      ];
      for (const tx of txs) expect(await b.node.submitTx(tx.bytes, { branch: "feature" })).toEqual(await a.node.submitTx(tx.bytes, { branch: "feature" }));
      expect(worker.jobs).toBe(2);
      a.next();
      b.next();
      const read = (chain: Chain, branch: string) => ({
        points: chain.node.contractTable(points, "points", { branch, limit: 100 }).rows,
        summary: chain.node.queryContract(shop, "summary", [alice.address], { branch }),
      });
      expect(read(b, "feature")).toEqual(read(a, "feature"));
      expect(await b.node.runView(shop, "summary", [alice.address], { branch: "feature" })).toEqual(read(a, "feature").summary);
      expect(read(b, "feature").points).toEqual([[alice.address, 9]]);
      expect(read(b, "main").points).toEqual([]);
    } finally {
      await Promise.all([a.node.close(), b.node.close()]);
    }
  });

  it("runs a call again on the next pending block when a block is sealed while it runs", async () => {
    const holder: { chain?: Chain } = {};
    const sealedDuring: Array<number | undefined> = [];
    // The first job's result arrives after the slot's block was sealed without it.
    const worker = countedWorker((job) => {
      if (job === 1) sealedDuring.push(holder.chain!.next()?.block.height);
    });
    const chain = (holder.chain = await testChain({ executionWorker: worker, callSliceMs: 0 }));
    try {
      const { points, shop, tx, receipt } = await deployAndBuy(chain);
      expect(receipt.status).toBe("success");
      expect(worker.jobs).toBe(2);
      const sealed = sealedDuring[0]!;
      expect(chain.node.getBlock(sealed)!.block.txs.map((t) => t.hash)).not.toContain(tx.hashText);
      const next = chain.next()!;
      expect(next.block.height).toBe(sealed + 1);
      expect(next.block.txs.map((t) => t.hash)).toEqual([tx.hashText]);
      expect(rows(chain, shop, "sales")).toHaveLength(1);
      expect(rows(chain, points, "points")).toEqual([[alice.address, 2]]);
    } finally {
      await chain.node.close();
    }
  });

  it("keeps a call that went stale five times in a row on the worker, never on the node's thread", async () => {
    // A call of a fifth of the block interval goes stale about one time in five; five in a row
    // is rare, and must still not hold the node's thread for the call's whole budget.
    const staleRuns = 5;
    expect(STALE_RETRIES).toBeGreaterThanOrEqual(staleRuns);
    const holder: { chain?: Chain } = {};
    // Every run but the last sees its slot's block sealed without it.
    const worker = countedWorker((job) => {
      if (job <= staleRuns) holder.chain!.next();
    });
    const chain = (holder.chain = await testChain({ executionWorker: worker, callSliceMs: 0 }));
    try {
      const { points, tx, receipt } = await deployAndBuy(chain);
      expect(receipt.status).toBe("success");
      // Each try ran on the worker: the last one was not moved to the node's thread.
      expect(worker.jobs).toBe(staleRuns + 1);
      expect(chain.next()!.block.txs.map((t) => t.hash)).toEqual([tx.hashText]);
      expect(rows(chain, points, "points")).toEqual([[alice.address, 2]]);
    } finally {
      await chain.node.close();
    }
  });

  it("runs a call again when a merge into its branch commits while it runs", async () => {
    const [bob, carol] = [devKeyPair("offmain-bob"), devKeyPair("offmain-carol")];
    const holder: { chain?: Chain } = {};
    const merged: unknown[] = [];
    const worker = countedWorker(async (job) => {
      if (job === 1) merged.push(await holder.chain!.node.merge("feature", "main"));
    });
    const chain = (holder.chain = await testChain({ executionWorker: worker, callSliceMs: 0 }));
    try {
      const { points } = await deployBoth(chain);
      await chain.fund(bob.address, 10n);
      chain.next();
      chain.node.createBranch("feature");
      const moved = chain.tx(bob, "transfer", { to: carol.address, amount: AER_PER_AERGO });
      await chain.node.submitTx(moved.bytes, { branch: "feature" });
      chain.next();
      const add = chain.tx(alice, "call", { to: points, payload: { procedure: "add", args: [alice.address, 4] }, gasLimit: GAS });
      expect((await chain.node.submitTx(add.bytes)).status).toBe("success");
      expect(merged).toHaveLength(1);
      expect(worker.jobs).toBe(2);
      const sealed = chain.next()!;
      expect(sealed.block.txs.map((t) => t.hash)).toEqual([moved.hashText, add.hashText]);
      expect(rows(chain, points, "points")).toEqual([[alice.address, 4]]);
      expect(BigInt(chain.node.getAccount(carol.address).balance.aer)).toBe(AER_PER_AERGO);
    } finally {
      await chain.node.close();
    }
  });

  it("finishes a view past its slice on the worker with the answer the node's own run gives, BALANCE() included, latest and at a height", async () => {
    const worker = countedWorker();
    const chain = await testChain({ executionWorker: worker, callSliceMs: 0 });
    try {
      const { points, shop } = await deployBoth(chain);
      await chain.node.submitTx(chain.tx(alice, "call", { to: shop, amount: 6n * AER_PER_GAER, payload: { procedure: "buy", args: [points] }, gasLimit: GAS }).bytes);
      const sealed = chain.next()!.block.height;
      await chain.node.submitTx(chain.tx(alice, "call", { to: shop, amount: 4n * AER_PER_GAER, payload: { procedure: "buy", args: [points] }, gasLimit: GAS }).bytes);
      for (const at of [{}, { height: sealed }]) {
        const here = chain.node.queryContract(shop, "summary", [alice.address], at);
        const offMain = await chain.node.runView(shop, "summary", [alice.address], at);
        expect(offMain).toEqual(here);
      }
      expect(worker.views).toBe(2);
      // Latest (the answered call included) and as of the sealed block: half of each payment stayed.
      const aliceAer = (at: { height?: number }) => Number(BigInt(chain.node.getAccount(alice.address, at).balance.aer) / AER_PER_GAER);
      expect((await chain.node.runView(shop, "summary", [alice.address])).result).toEqual({ columns: ["sales", "paid", "held", "theirs"], rows: [[2, 10, 5, aliceAer({})]] });
      expect((await chain.node.runView(shop, "summary", [alice.address], { height: sealed })).result).toEqual({ columns: ["sales", "paid", "held", "theirs"], rows: [[1, 6, 3, aliceAer({ height: sealed })]] });
      // A runaway view is stopped on the worker with the view's own message.
      await expect(chain.node.runView(shop, "spinView", [])).rejects.toMatchObject({ code: ErrorCode.BadRequest, message: expect.stringMatching(/out of gas|ran longer than its [\d,]+ ms budget/) });
      expect(worker.views).toBe(5);
    } finally {
      await chain.node.close();
    }
  });

  it("runs the call on the node's thread when the worker fails", async () => {
    const lines: string[] = [];
    const down = () => Promise.reject(new Error("worker down"));
    const failing: ExecutionWorker = { threads: 1, run: down, query: down, compile: down, compileIfIdle: down, close: async () => {} };
    const chain = await testChain({ executionWorker: failing, callSliceMs: 0, log: (l) => lines.push(l) });
    try {
      const { points, shop } = await deployBoth(chain);
      const receipt = await chain.node.submitTx(chain.tx(alice, "call", { to: shop, amount: 2n * AER_PER_GAER, payload: { procedure: "buy", args: [points] }, gasLimit: GAS }).bytes);
      expect(receipt.status).toBe("success");
      expect(lines.some((l) => /execution worker failed .*worker down/.test(l))).toBe(true);
      chain.next();
      expect(rows(chain, points, "points")).toEqual([[alice.address, 2]]);
    } finally {
      await chain.node.close();
    }
  });

  it("refuses a call that outlives the admission budget on the worker: no receipt, no fee", async () => {
    const worker = countedWorker();
    const chain = await testChain({ executionWorker: worker, admissionTimeBudgetMs: 250 });
    try {
      await chain.fund(alice.address, 100n);
      const slow = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: SLOW_COMPARE_CONTRACT }, gasLimit: 5_000_000 }).bytes)).contractAddress!;
      chain.next();
      const before = chain.node.getAccount(alice.address);
      const call = chain.tx(alice, "call", { to: slow, payload: { procedure: "compare", args: [] }, gasLimit: 5_000_000 });
      await expect(chain.node.submitTx(call.bytes)).rejects.toMatchObject({ code: ErrorCode.ExecutionTimeout, message: expect.stringMatching(/after 250 ms .*no fee was charged/) });
      expect(worker.jobs).toBe(1);
      expect(chain.node.getAccount(alice.address)).toEqual(before);
      expect(chain.node.info().pendingTxs).toBe(0);
    } finally {
      await chain.node.close();
    }
  });

  it("runs two calls on different accounts side by side on the worker's threads: the one that ends first is answered and placed first", async () => {
    const bob = devKeyPair("offmain-bob");
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const real = countedWorker(undefined, 2);
    let started = 0;
    const worker = wrapped(real, async (...args) => {
      // The first call's run is held: the second must start (and end) meanwhile.
      if (++started === 1) await gate;
      return real.run(...args);
    });
    const a = await testChain();
    const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
    try {
      const [ca, cb] = [await deployBoth(a), await deployBoth(b)];
      expect(cb).toEqual(ca);
      const [second] = [await deployPoints(a), await deployPoints(b)];
      for (const chain of [a, b]) {
        await chain.fund(bob.address, 10n);
        chain.next();
      }
      const first = a.tx(alice, "call", { to: ca.points, payload: { procedure: "add", args: [alice.address, 3] }, gasLimit: GAS });
      const other = a.tx(bob, "call", { to: second, payload: { procedure: "add", args: [bob.address, 4] }, gasLimit: GAS });
      const firstDone = b.node.submitTx(first.bytes);
      const otherReceipt = await b.node.submitTx(other.bytes);
      expect(started).toBe(2);
      open();
      const firstReceipt = await firstDone;
      await expectSameAsOneThread(a, b, [other, first], [otherReceipt, firstReceipt]);
    } finally {
      open();
      await Promise.all([a.node.close(), b.node.close()]);
    }
  });

  it("runs a call again after another call on the worker whose accounts it asked into: the block is that order on one thread", async () => {
    const bob = devKeyPair("offmain-bob");
    let openFirst!: () => void;
    const firstGate = new Promise<void>((resolve) => (openFirst = resolve));
    let openSecond!: () => void;
    const secondGate = new Promise<void>((resolve) => (openSecond = resolve));
    let firstRan!: () => void;
    const firstRun = new Promise<void>((resolve) => (firstRan = resolve));
    const real = countedWorker(undefined, 2);
    let started = 0;
    const worker = wrapped(real, async (...args) => {
      const n = ++started;
      if (n === 1) {
        // note(bob) waits to start until bob's call is on the worker; it then reads bob's balance.
        await firstGate;
        const result = await real.run(...args);
        firstRan();
        return result;
      }
      const result = await real.run(...args);
      // Bob's call is held with its result until note(bob) has run into bob.
      if (n === 2) await secondGate;
      return result;
    });
    const a = await testChain();
    const b = await testChain({ executionWorker: worker, callSliceMs: 0 });
    try {
      const [ca] = [await deployBoth(a), await deployBoth(b)];
      const [second] = [await deployPoints(a), await deployPoints(b)];
      for (const chain of [a, b]) {
        await chain.fund(bob.address, 10n);
        chain.next();
      }
      const note = a.tx(alice, "call", { to: ca.shop, payload: { procedure: "note", args: [bob.address] }, gasLimit: GAS });
      const bobs = a.tx(bob, "call", { to: second, amount: 2n * AER_PER_GAER, payload: { procedure: "add", args: [bob.address, 4] }, gasLimit: GAS });
      const noteDone = b.node.submitTx(note.bytes);
      const bobsDone = b.node.submitTx(bobs.bytes);
      openFirst();
      await firstRun;
      openSecond();
      const [noteReceipt, bobsReceipt] = await Promise.all([noteDone, bobsDone]);
      // note ran twice: its first result read bob's balance before bob's call was adopted.
      expect(real.jobs).toBe(3);
      await expectSameAsOneThread(a, b, [bobs, note], [bobsReceipt, noteReceipt]);
      expect(rows(b, ca.shop, "sales")).toEqual(rows(a, ca.shop, "sales"));
    } finally {
      openFirst();
      openSecond();
      await Promise.all([a.node.close(), b.node.close()]);
    }
  });
});

/** A second Points contract (a call on it reaches only its sender and itself). */
async function deployPoints(chain: Chain): Promise<string> {
  const address = (await chain.node.submitTx(chain.tx(alice, "deploy", { payload: { source: POINTS }, gasLimit: GAS }).bytes)).contractAddress!;
  chain.next();
  return address;
}
