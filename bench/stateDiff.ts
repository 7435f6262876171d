/**
 * `BENCH=diff npm run bench`: the row-level state diff (chain/state/stateDiff.ts) on one
 * contract's storage tree of 10,000 / 100,000 / 1,000,000 rows, after 10 and 1,000 rows changed
 * (80% updated, 10% deleted, 10% inserted). The trees are built directly (no SQL engine): row
 * values, key preimages and tree nodes in a memory node store, as a sealed block leaves them, and
 * a contract account pointing at each storage root. Timed: diffStates between the two world
 * roots — tree diff, preimage checks and decoding, value decoding. The point is the last line:
 * the time follows the change, so 1M rows should cost about what 10k rows cost.
 *
 *   npx tsx bench/stateDiff.ts     (BENCH_DIFF_SIZES=10000,100000 to pick the sizes)
 */
import { performance } from "node:perf_hooks";
import { devKeyPair } from "../chain/crypto/keys.ts";
import { useNodeCrypto } from "../chain/crypto/nodeCrypto.ts";
import { cellFromJs, concatCells, rowStateKey, rowValueHash } from "../chain/sql/runtime/stateEncoding.ts";
import { EMPTY_ACCOUNT } from "../chain/state/account.ts";
import { createMemoryNodeStore, type NodeStore } from "../chain/state/nodeStore.ts";
import { encodeRowPreimage, rowPreimageKey } from "../chain/state/preimages.ts";
import { createSparseMerkleTree, EMPTY_ROOT, type SmtChange } from "../chain/state/smt.ts";
import { diffStates } from "../chain/state/stateDiff.ts";
import { createWorldState } from "../chain/state/worldState.ts";
import { fmt, summarize } from "./stats.ts";

// As the hub does (server/main.ts): node:crypto's SHA-256 on the server's hot path.
useNodeCrypto();

const CONTRACT = devKeyPair("bench-diff-contract").address;
const TABLE = "balances";
const BATCH = 50_000;

export type DiffFigure = { readonly rows: number; readonly changed: number; readonly reported: number; readonly ms: number; readonly loads: number };
export type DiffFigures = { readonly buildSeconds: number; readonly figures: readonly DiffFigure[] };

/** A node store that can count its reads (off while building). */
function countingStore(): NodeStore & { loads: number } {
  const inner = createMemoryNodeStore();
  const store = {
    loads: 0,
    get(hash: Uint8Array) {
      store.loads++;
      return inner.get(hash);
    },
    put: (hash: Uint8Array, bytes: Uint8Array) => inner.put(hash, bytes),
  };
  return store;
}

// Stored bytes are copied into shared slabs, as smt.ts does for nodes: millions of separate
// small ArrayBuffers make V8's GC, not the work measured, the cost of building 1M rows.
let slab = new Uint8Array(0);
let slabUsed = 0;
function kept(bytes: Uint8Array): Uint8Array {
  if (slabUsed + bytes.length > slab.length) {
    slab = new Uint8Array(Math.max(1 << 20, bytes.length));
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + bytes.length);
  out.set(bytes);
  slabUsed += bytes.length;
  return out;
}

/** Writes one balances row as contracts.ts seal() does (putRowPreimage, slabbed): value, key preimage, tree change. */
function rowChange(store: NodeStore, owner: string, amount: number | null): SmtChange {
  const key = concatCells([cellFromJs(owner)]);
  const stateKey = rowStateKey(CONTRACT, TABLE, key);
  store.put(rowPreimageKey(stateKey), kept(encodeRowPreimage(CONTRACT, TABLE, key)));
  if (amount === null) return [stateKey, null];
  const value = concatCells([cellFromJs(owner), cellFromJs(amount)]);
  const valueHash = rowValueHash(value);
  store.put(valueHash, kept(value));
  return [stateKey, valueHash];
}

/** Deterministic pseudo-random generator (every run does the same work). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

export async function benchStateDiff(opts: { sizes?: readonly number[]; changed?: readonly number[] } = {}): Promise<DiffFigures> {
  const sizes = opts.sizes ?? (process.env.BENCH_DIFF_SIZES ?? "10000,100000,1000000").split(",").map(Number);
  const changedCounts = opts.changed ?? [10, 1000];
  const store = countingStore();
  const smt = createSparseMerkleTree(store);
  const world = createWorldState(store);
  const worldRoot = (storageRoot: Uint8Array) =>
    world.commitAccounts(EMPTY_ROOT, new Map([[CONTRACT, { ...EMPTY_ACCOUNT, contract: { codeHash: new Uint8Array(32), storageRoot } }]]));

  const figures: DiffFigure[] = [];
  let buildMs = 0;
  let root = EMPTY_ROOT;
  let built = 0;
  // Sizes grow one tree: each is measured right after it is reached.
  for (const size of [...sizes].sort((a, b) => a - b)) {
    const t0 = performance.now();
    for (; built < size; built += BATCH) {
      const end = Math.min(size, built + BATCH);
      const changes: SmtChange[] = [];
      for (let i = built; i < end; i++) changes.push(rowChange(store, `owner-${i}`, 1000 + i));
      root = smt.update(root, changes);
    }
    built = size;
    buildMs += performance.now() - t0;
    const before = worldRoot(root);

    for (const changed of changedCounts) {
      const next = prng(size + changed);
      const edits: SmtChange[] = [];
      const touched = new Set<number>();
      for (let j = 0; j < changed; j++) {
        let i = next() % size;
        while (touched.has(i)) i = (i + 1) % size;
        touched.add(i);
        const kind = j % 10;
        if (kind === 8) edits.push(rowChange(store, `owner-${i}`, null));
        else if (kind === 9) edits.push(rowChange(store, `new-${size}-${changed}-${j}`, j));
        else edits.push(rowChange(store, `owner-${i}`, 7 + j));
      }
      const after = worldRoot(smt.update(root, edits));

      let reported = 0;
      const samples: number[] = [];
      const runs = changed <= 10 ? 50 : 10;
      for (let r = -2; r < runs; r++) {
        const t = performance.now();
        const d = diffStates(store, before, after);
        if (r >= 0) samples.push(performance.now() - t);
        reported = d.rows.length;
      }
      store.loads = 0;
      diffStates(store, before, after);
      figures.push({ rows: size, changed, reported, ms: summarize(samples).p50, loads: store.loads });
    }
  }
  return { buildSeconds: buildMs / 1000, figures };
}

export function printStateDiff(r: DiffFigures) {
  console.log(`Row-level state diff (diffStates: account tree, then one contract's storage tree; rows built in ${fmt(r.buildSeconds, 1)} s, not counted)`);
  console.log("  rows        changed   reported   median ms   node loads");
  for (const f of r.figures) {
    console.log(`  ${f.rows.toLocaleString("en-US").padEnd(11)} ${String(f.changed).padEnd(9)} ${String(f.reported).padEnd(10)} ${fmt(f.ms, 3).padStart(9)}   ${String(f.loads).padStart(10)}`);
  }
  const sizes = [...new Set(r.figures.map((f) => f.rows))];
  const small = Math.min(...sizes);
  const large = Math.max(...sizes);
  if (small === large) return;
  for (const changed of new Set(r.figures.map((f) => f.changed))) {
    const a = r.figures.find((f) => f.rows === small && f.changed === changed)!;
    const b = r.figures.find((f) => f.rows === large && f.changed === changed)!;
    console.log(`  ${changed} changed: ${large.toLocaleString("en-US")} rows / ${small.toLocaleString("en-US")} rows = ${fmt(b.ms / a.ms, 2)}x time, ${fmt(b.loads / a.loads, 2)}x node loads (flat = cost follows the change)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printStateDiff(await benchStateDiff());
