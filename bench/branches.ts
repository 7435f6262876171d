/**
 * `BENCH=branches npm run bench`: branches and automated merges on an in-process node (manual
 * clock, in-memory store, signatures accepted as in a replay of verified blocks).
 *
 * 1. Branch creation is flat in state size. One chain grows a contract to 10,000, 100,000 and
 *    1,000,000 rows (the sizes grow one state, as bench/stateDiff.ts grows one tree; here through
 *    the node — a bulk-insert procedure, sealed blocks, contract snapshots — since a branch needs
 *    a real chain under it, not a bare tree). Then `createBranch` is timed at the block where each
 *    size was reached, the sizes interleaved so that every size sees the same number of refs.
 *    Also timed: the first read on a new branch (a view and a table page at its head; the
 *    history reader opens that root's contract database), and the node store is counted before
 *    and after the creations (content addressing: nothing copied means no entry added).
 * 2. Automated merge replay: a branch with 10,000 sealed transactions since the merge base (half
 *    native transfers, half Token.transfer calls, among 1,000 senders) while main moved on;
 *    `previewMerge` and `merge` timed, and the merge's report compared with its preview.
 *
 *   npx tsx bench/branches.ts     (BENCH_BRANCH_SIZES=10000,100000 picks the sizes; BENCH_MERGE_TXS the merge's load)
 */
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { devKeyPair, type KeyPair } from "../chain/crypto/keys.ts";
import type { MergePreviewJSON } from "../chain/node/types.ts";
import { TOKEN_EXAMPLE } from "../chain/sql/testing/examples.ts";
import { createMemoryStore } from "../chain/store/memoryStore.ts";
import { createTestChain } from "../chain/testing/testChain.ts";
import type { SignedTx } from "../chain/tx/tx.ts";
import { fmt, summarize } from "./stats.ts";

// As the hub does (server/main.ts): node:crypto's SHA-256 on the server's hot path.
useNodeCrypto();

const GAS_LIMIT = 5_000_000;
/** Rows one mint call inserts (~165 gas a row: 20,000 rows stay under the 5,000,000 gas cap). */
const MINT_ROWS = 20_000;

/** A Token-shaped ledger whose rows can be written in bulk (owner-<i>, 1000 + i: bench/stateDiff.ts's rows). */
const LEDGER = `CONTRACT Ledger;

CREATE TABLE balances (owner TEXT PRIMARY KEY, amount INTEGER NOT NULL CHECK (amount >= 0));

PROCEDURE mint (start INTEGER, n INTEGER) AS
BEGIN
  INSERT INTO balances (owner, amount)
    WITH RECURSIVE seq(i) AS (SELECT :start UNION ALL SELECT i + 1 FROM seq WHERE i < :start + :n - 1)
    SELECT 'owner-' || i, 1000 + i FROM seq;
END;

VIEW balanceOf (who TEXT) RETURNS INTEGER AS
  SELECT COALESCE((SELECT amount FROM balances WHERE owner = :who), 0);
`;

type Chain = Awaited<ReturnType<typeof createTestChain>>;

export type CreateFigure = {
  readonly rows: number;
  readonly height: number;
  readonly p50: number;
  readonly p95: number;
  /** The first view on a new branch at this height (its contract database opened by the history reader). */
  readonly firstViewMs: number;
  /** A table page right after it, and the same view again: the database is open. */
  readonly firstPageMs: number;
  readonly warmViewMs: number;
  /** The same view and page on main at its head (live database), for scale. */
  readonly mainViewMs: number;
  readonly mainPageMs: number;
  /** The contract's database snapshot at that block: what a first read loads into the history reader. */
  readonly snapshotBytes: number;
};

export type BranchFigures = {
  readonly buildSeconds: number;
  readonly reps: number;
  readonly creates: readonly CreateFigure[];
  /** Node-store entries before and after every timed creation (equal: nothing copied). */
  readonly storeEntries: { readonly before: number; readonly after: number };
  /** Refs in the book when the timing ended (every size saw the same count, interleaved). */
  readonly refs: number;
  readonly merge: MergeFigures;
};

export type MergeFigures = {
  readonly txs: number;
  readonly blocks: number;
  readonly senders: number;
  readonly previewMs: number;
  readonly mergeMs: number;
  /** Sealing the merged block on main (not a goal; for scale). */
  readonly sealMs: number;
  readonly equal: boolean;
  readonly report: MergePreviewJSON;
  readonly setupSeconds: number;
};

/** Submits in order, sealing every `perBlock`; every transaction must succeed. */
async function submitAll(chain: Chain, list: readonly SignedTx[], perBlock: number, branch?: string): Promise<number> {
  let blocks = 0;
  for (let i = 0; i < list.length; i++) {
    const r = await chain.node.submitTx(list[i]!.bytes, { branch });
    if (r.status !== "success") throw new Error(`setup transaction failed: ${JSON.stringify(r.error)}`);
    if ((i + 1) % perBlock === 0) {
      chain.next();
      blocks++;
    }
  }
  if (list.length % perBlock) {
    chain.next();
    blocks++;
  }
  return blocks;
}

const ms = (t0: number) => performance.now() - t0;

// ---- 1. branch creation -------------------------------------------------------------------

async function benchCreate(sizes: readonly number[], reps: number) {
  const store = createMemoryStore();
  const nodes = store.nodes as typeof store.nodes & { readonly size: number };
  // A mint call writes 20,000 rows: past the producer's 1 s admission budget on a busy machine.
  const chain = await createTestChain({ verify: () => true, store, admissionTimeBudgetMs: 60_000 });
  const { node } = chain;
  try {
    const minter = devKeyPair("bench-branches:minter");
    await chain.fund(minter.address, 1000n);
    const deploy = await node.submitTx(chain.tx(minter, "deploy", { payload: { source: LEDGER }, gasLimit: GAS_LIMIT }).bytes);
    if (deploy.status !== "success") throw new Error(`deploy failed: ${JSON.stringify(deploy.error)}`);
    const ledger = deploy.contractAddress!;
    chain.next();
    const deployHeight = node.headHeight();

    // Grow one chain; remember the block where each size is reached (one mint call per block).
    const heights: Array<{ rows: number; height: number }> = [];
    let built = 0;
    const b0 = performance.now();
    for (const size of [...sizes].sort((a, b) => a - b)) {
      while (built < size) {
        const n = Math.min(MINT_ROWS, size - built);
        const r = await node.submitTx(chain.tx(minter, "call", { to: ledger, payload: { procedure: "mint", args: [built, n] }, gasLimit: GAS_LIMIT }).bytes);
        if (r.status !== "success") throw new Error(`mint failed: ${JSON.stringify(r.error)}`);
        chain.next();
        built += n;
      }
      const total = node.contractTable(ledger, "balances", { limit: 1 }).total;
      if (total !== size) throw new Error(`the ledger holds ${total} rows, expected ${size}`);
      heights.push({ rows: size, height: node.headHeight() });
    }
    const buildSeconds = ms(b0) / 1000;
    // main's head moves on past the last size: every branch below starts at a past block.
    chain.next();

    // Timed: createBranch at each size's block, sizes interleaved (equal ref counts), a few untimed first.
    const samples = new Map(heights.map((h) => [h.rows, [] as number[]]));
    const storeBefore = nodes.size;
    let seq = 0;
    for (let r = -5; r < reps; r++) {
      for (const { rows, height } of heights) {
        const name = `b${rows}-${seq++}`;
        const t0 = performance.now();
        node.createBranch(name, { from: "main", height });
        const t = ms(t0);
        if (r >= 0) samples.get(rows)!.push(t);
        node.deleteBranch(name);
      }
    }
    const storeAfter = nodes.size;
    const refs = seq;

    // The first read on a new branch: the history reader opens the contract as of the branch head.
    // Its code is compiled once per process, first: a read of the empty ledger (untimed).
    node.queryContract(ledger, "balanceOf", ["owner-0"], { height: deployHeight });
    const creates: CreateFigure[] = [];
    for (const { rows, height } of heights) {
      const name = `read-${rows}`;
      node.createBranch(name, { height });
      const at = { branch: name };
      const who = [`owner-${rows - 1}`];
      let t0 = performance.now();
      const v = node.queryContract(ledger, "balanceOf", who, at).result;
      const firstViewMs = ms(t0);
      if (v !== 1000 + rows - 1) throw new Error(`balanceOf on ${name}: ${String(v)}`);
      t0 = performance.now();
      const page = node.contractTable(ledger, "balances", { ...at, limit: 50 });
      const firstPageMs = ms(t0);
      if (page.total !== rows || page.rows.length !== 50) throw new Error(`table page on ${name}: ${page.total} rows`);
      const warm: number[] = [];
      const onMain: number[] = [];
      const pageOnMain: number[] = [];
      for (let i = 0; i < 20; i++) {
        t0 = performance.now();
        node.queryContract(ledger, "balanceOf", who, at);
        warm.push(ms(t0));
        t0 = performance.now();
        node.queryContract(ledger, "balanceOf", who);
        onMain.push(ms(t0));
        t0 = performance.now();
        node.contractTable(ledger, "balances", { limit: 50 });
        pageOnMain.push(ms(t0));
      }
      const snapshotBytes = Math.floor((node.contractState(ledger, at).snapshot.length * 3) / 4);
      node.deleteBranch(name);
      const s = summarize(samples.get(rows)!);
      creates.push({ rows, height, p50: s.p50, p95: s.p95, firstViewMs, firstPageMs, warmViewMs: summarize(warm).p50, mainViewMs: summarize(onMain).p50, mainPageMs: summarize(pageOnMain).p50, snapshotBytes });
    }
    return { buildSeconds, reps, creates, storeEntries: { before: storeBefore, after: storeAfter }, refs };
  } finally {
    await node.close();
  }
}

// ---- 2. automated merge replay ------------------------------------------------------------

const SENDERS = 1000;
const BLOCK_TXS = 2500;

/** Senders and recipients in a fixed pseudo-random pattern (every run does the same work). */
function pairs(n: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  let s = 4242;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const from = s % SENDERS;
    const to = (from + 1 + ((s >>> 10) % (SENDERS - 1))) % SENDERS;
    out.push({ from, to });
  }
  return out;
}

async function benchMerge(txCount: number): Promise<MergeFigures> {
  const chain = await createTestChain({ verify: () => true, maxBlockTxs: BLOCK_TXS * 2 });
  const { node } = chain;
  try {
    const s0 = performance.now();
    const faucet = chain.net.faucetKey;
    const deployer = devKeyPair("bench-merge:deployer");
    const people: KeyPair[] = Array.from({ length: SENDERS }, (_, i) => devKeyPair(`bench-merge:sender:${i}`));
    const bystanders: KeyPair[] = Array.from({ length: 50 }, (_, i) => devKeyPair(`bench-merge:main:${i}`));
    // Setup on main (not measured): AERGO for everyone, the Token, tokens for every sender.
    const fund = [deployer, ...people, ...bystanders].map((k) => chain.tx(faucet, "transfer", { to: k.address, amount: 1000n * 10n ** 18n }));
    await submitAll(chain, fund, BLOCK_TXS);
    const deploy = await node.submitTx(chain.tx(deployer, "deploy", { payload: { source: TOKEN_EXAMPLE, args: ["Merge", 1_000_000_000_000] }, gasLimit: GAS_LIMIT }).bytes);
    if (deploy.status !== "success") throw new Error(`deploy failed: ${JSON.stringify(deploy.error)}`);
    const token = deploy.contractAddress!;
    const tokenCall = (key: KeyPair, to: string, amount: number) => chain.tx(key, "call", { to: token, payload: { procedure: "transfer", args: [to, amount] }, gasLimit: 1_000_000 });
    await submitAll(chain, people.map((p) => tokenCall(deployer, p.address, 1_000_000_000)), BLOCK_TXS);

    // The branch: `txCount` sealed transactions since the merge base, half native, half Token.
    node.createBranch("feature");
    const signed = pairs(txCount).map(({ from, to }, i) =>
      i % 2 === 0 ? chain.tx(people[from]!, "transfer", { to: people[to]!.address, amount: BigInt(1 + (i % 1000)) }) : tokenCall(people[from]!, people[to]!.address, 1 + (i % 100)),
    );
    // main moves on meanwhile (other accounts), so the merge target is not the merge base.
    const onMain = bystanders.map((k, i) => chain.tx(k, "transfer", { to: bystanders[(i + 1) % bystanders.length]!.address, amount: 1n }));
    for (const t of onMain) await node.submitTx(t.bytes);
    const blocks = await submitAll(chain, signed, BLOCK_TXS, "feature");
    const setupSeconds = ms(s0) / 1000;
    const base = node.getBranch("feature").base!.height;
    if (node.headHeight() <= base) throw new Error("main did not move past the merge base");

    let t0 = performance.now();
    const preview = node.previewMerge("feature", "main");
    const previewMs = ms(t0);
    t0 = performance.now();
    const merged = await node.merge("feature", "main", { expectDigest: preview.digest });
    const mergeMs = ms(t0);
    const equal = isDeepStrictEqual(merged, preview);
    if (preview.applied.length + preview.excluded.length !== txCount) throw new Error(`the merge saw ${preview.applied.length + preview.excluded.length} transactions, expected ${txCount}`);
    t0 = performance.now();
    const sealed = chain.next();
    const sealMs = ms(t0);
    if (sealed?.block.txCount !== preview.applied.length) throw new Error(`main sealed ${sealed?.block.txCount} transactions after the merge, expected ${preview.applied.length}`);
    return { txs: txCount, blocks, senders: SENDERS, previewMs, mergeMs, sealMs, equal, report: merged, setupSeconds };
  } finally {
    await node.close();
  }
}

export async function benchBranches(opts: { sizes?: readonly number[]; reps?: number; mergeTxs?: number } = {}): Promise<BranchFigures> {
  const sizes = opts.sizes ?? (process.env.BENCH_BRANCH_SIZES ?? "10000,100000,1000000").split(",").map(Number);
  const create = await benchCreate(sizes, opts.reps ?? 200);
  const merge = await benchMerge(opts.mergeTxs ?? Number(process.env.BENCH_MERGE_TXS ?? 10_000));
  return { ...create, merge };
}

export function printBranches(r: BranchFigures) {
  const n = (x: number) => x.toLocaleString("en-US");
  console.log(`Branches: createBranch on a chain whose contract holds each size of rows (rows built through the node in ${fmt(r.buildSeconds, 1)} s, not counted; ${r.reps} creations per size, interleaved)`);
  console.log("  rows        at block   create p50 ms   p95 ms │ on the new branch: first view ms   first page ms   view again │ on main: view ms   page ms │ snapshot MB");
  for (const f of r.creates) {
    console.log(
      `  ${n(f.rows).padEnd(11)} ${String(f.height).padStart(8)}   ${fmt(f.p50, 3).padStart(13)}   ${fmt(f.p95, 3).padStart(6)} │ ${fmt(f.firstViewMs, 1).padStart(32)}   ${fmt(f.firstPageMs, 1).padStart(13)}   ${fmt(f.warmViewMs, 3).padStart(10)} │ ${fmt(f.mainViewMs, 3).padStart(16)}   ${fmt(f.mainPageMs, 1).padStart(7)} │ ${fmt(f.snapshotBytes / 2 ** 20, 1).padStart(11)}`,
    );
  }
  console.log("  (a first read opens the contract's database as of the branch head from its snapshot, once per state root for every branch; a page counts the table's rows, on main too)");
  const small = r.creates[0]!;
  const large = r.creates[r.creates.length - 1]!;
  const ratio = large.p50 / small.p50;
  console.log(`  ${n(large.rows)} rows / ${n(small.rows)} rows = ${fmt(ratio, 2)}x createBranch time (flat = the cost does not follow the state)`);
  console.log(`  node-store entries: ${n(r.storeEntries.before)} before, ${n(r.storeEntries.after)} after ${n(r.refs)} creations (nothing copied); refs in the book at the end: ${n(r.refs)}`);

  const m = r.merge;
  const rep = m.report;
  const reasons = new Map<string, number>();
  for (const x of rep.excluded) reasons.set(x.reason ?? "?", (reasons.get(x.reason ?? "?") ?? 0) + 1);
  console.log();
  console.log(`Automated merge: ${n(m.txs)} sealed transactions on "feature" (${m.blocks} blocks of ≤ ${n(BLOCK_TXS)}; half native transfers, half Token.transfer; ${n(m.senders)} senders), main moved on meanwhile (setup ${fmt(m.setupSeconds, 1)} s, not counted)`);
  console.log(`  previewMerge:  ${fmt(m.previewMs, 0)} ms   ${fmt(m.txs / (m.previewMs / 1000), 0)} tx/s`);
  console.log(`  merge:         ${fmt(m.mergeMs, 0)} ms   ${fmt(m.txs / (m.mergeMs / 1000), 0)} tx/s   (sealing main's merged block afterwards: ${fmt(m.sealMs, 0)} ms)`);
  console.log(
    `  report: ${rep.source} → ${rep.target}, base ${rep.base.height}, source head ${rep.sourceHead.height}, target head ${rep.targetHead.height}, applied ${n(rep.applied.length)}, excluded ${n(rep.excluded.length)}${reasons.size ? ` (${[...reasons].map(([k, v]) => `${k} ${v}`).join(", ")})` : ""}, digest ${rep.digest.slice(0, 16)}…`,
  );
  console.log(`  merge report equals its preview: ${m.equal ? "yes" : "NO"}`);

  const rows: Array<[string, string, string, boolean]> = [
    [`createBranch p50 at ${n(large.rows)} rows`, `${fmt(large.p50, 3)} ms`, "≤ 10 ms", large.p50 <= 10],
    [`createBranch p95 at ${n(large.rows)} rows`, `${fmt(large.p95, 3)} ms`, "≤ 10 ms", large.p95 <= 10],
    [`createBranch p50 ${n(large.rows)} / ${n(small.rows)}`, `${fmt(ratio, 2)}x`, "≈ 1 (≤ 1.5)", ratio <= 1.5],
    ["node-store entries added by createBranch", n(r.storeEntries.after - r.storeEntries.before), "0", r.storeEntries.after === r.storeEntries.before],
    [`previewMerge of ${n(m.txs)} txs`, `${fmt(m.previewMs / 1000, 2)} s`, "≤ 2 s", m.previewMs <= 2000],
    [`merge of ${n(m.txs)} txs`, `${fmt(m.mergeMs / 1000, 2)} s`, "≤ 2 s", m.mergeMs <= 2000],
    ["merge report = preview", m.equal ? "equal" : "differs", "equal", m.equal],
  ];
  console.log();
  console.log("  figure                                      measured     goal          result");
  for (const [what, got, goal, ok] of rows) console.log(`  ${what.padEnd(43)} ${got.padStart(10)}   ${goal.padEnd(12)}  ${ok ? "pass" : "FAIL"}`);
}

if (import.meta.url === `file://${process.argv[1]}`) printBranches(await benchBranches());
