/**
 * `BENCH=bombs npm run bench`: the slowest SQL per gas we know of ("Gas does not bound CPU"),
 * each run as a paid call at the full 5,000,000 gas (calls stop by gas only) and as a view
 * (gas plus the wall-time budget, limits.maxViewMs), printing gas used, the outcome and the
 * median milliseconds of BENCH_BOMB_RUNS runs (default 3). Figures, never pass/fail.
 *
 *   npx tsx bench/bombs.ts
 */
import { ADMISSION_TIME_BUDGET_MS } from "../chain/node/createNode.ts";
import { performance } from "node:perf_hooks";
import { addr, createHarness } from "../chain/sql/testing/harness.ts";
import { DEFAULT_LIMITS } from "../chain/sql/runtime/limits.ts";
import { fmt, summarize } from "./stats.ts";

type Bomb = { readonly name: string; readonly what: string; readonly sql: string; readonly args: readonly unknown[] };

const CTE = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)";

/** Each bomb is one SELECT returning an integer; ":n" and ":m" are its arguments. */
const BOMBS: readonly Bomb[] = [
  { name: "likeBomb", what: "the reported LIKE of 64 KB against a 32 KB pattern", sql: "SELECT hex(zeroblob(:n)) LIKE ('%' || hex(zeroblob(:m)) || '1')", args: [32000, 16000] },
  { name: "globBomb", what: "the same with GLOB", sql: "SELECT hex(zeroblob(:n)) GLOB ('*' || hex(zeroblob(:m)) || '1')", args: [32000, 16000] },
  { name: "instrBomb", what: "instr of a 32 KB needle in 64 KB", sql: "SELECT instr(hex(zeroblob(:n)), hex(zeroblob(:m)) || '1')", args: [32000, 16000] },
  { name: "replaceBomb", what: "replace with a 32 KB pattern", sql: "SELECT length(replace(hex(zeroblob(:n)), hex(zeroblob(:m)) || '1', 'x'))", args: [32000, 16000] },
  { name: "likeSmallPattern", what: "LIKE of 64 KB against a 40-byte pattern, per row", sql: `${CTE} SELECT count(*) FROM c WHERE hex(zeroblob(:n + x % 2)) LIKE '%0000000000000000000000000000000000001%'`, args: [32000, 0] },
  { name: "hexPerRow", what: "hex(zeroblob(32 KB)) per row of a recursive CTE", sql: `${CTE} SELECT count(*) FROM c WHERE length(hex(zeroblob(:n + x % 2))) < 0`, args: [32000, 0] },
  { name: "printfWidth", what: "printf('%*d', 65000, x) per row", sql: `${CTE} SELECT count(*) FROM c WHERE length(printf('%*d', :n, x)) < 0`, args: [65000, 0] },
  { name: "smallCalls", what: "upper() of a short value per row (the per-call overhead)", sql: `${CTE} SELECT count(*) FROM c WHERE length(upper(x)) < 0`, args: [0, 0] },
  { name: "carry64k", what: "a 64 KB value carried through a recursive CTE (no function)", sql: "WITH RECURSIVE c(x, s) AS (SELECT 1, zeroblob(:n) UNION ALL SELECT x + 1, s FROM c) SELECT count(*) FROM c", args: [65000, 0] },
  { name: "concatPerRow", what: "s || x on a 64 KB value per row (the || operator)", sql: "WITH RECURSIVE c(x, s) AS (SELECT 1, zeroblob(:n) UNION ALL SELECT x + 1, s FROM c) SELECT count(*) FROM c WHERE length(s || x) < 0", args: [65000, 0] },
  { name: "compare32k", what: "two carried 32 KB values compared per row", sql: "WITH RECURSIVE c(x, s, u) AS (SELECT 1, zeroblob(:n), zeroblob(:n) UNION ALL SELECT x + 1, s, u FROM c WHERE s = u) SELECT count(*) FROM c", args: [32000, 0] },
  { name: "compareStored", what: "two stored 20 KB values read and compared per row", sql: `${CTE} SELECT count(*) FROM c, big WHERE big.v = big.w AND x > 0`, args: [0, 0] },
  { name: "jsonStored", what: "json_valid of a stored 20 KB JSON array per row", sql: `${CTE} SELECT count(*) FROM c, big WHERE json_valid(big.j) AND x < 0`, args: [0, 0] },
  { name: "sort2k", what: "ORDER BY 2,000 distinct 64 KB values with a common prefix", sql: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT :m) SELECT count(*) FROM (SELECT zeroblob(:n) || x AS s FROM c ORDER BY s)", args: [65000, 2000] },
];

function contractOf(bombs: readonly Bomb[]): string {
  const lines = [
    "CONTRACT Bombs;",
    "CREATE TABLE big (k INTEGER PRIMARY KEY, v BLOB, w BLOB, j TEXT);",
    "CONSTRUCTOR () AS BEGIN INSERT INTO big VALUES (1, zeroblob(20000), zeroblob(20000), '[' || substr(replace(hex(zeroblob(10000)), '00', '1,'), 1, 19997) || '1]'); END;",
  ];
  for (const b of bombs) {
    lines.push(`VIEW ${b.name}View (n INTEGER, m INTEGER) RETURNS INTEGER AS ${b.sql};`);
    lines.push(`PROCEDURE ${b.name}Call (n INTEGER, m INTEGER) AS BEGIN LET r = (${b.sql}); END;`);
  }
  return lines.join("\n");
}

/** call: the engine alone (what replay does); admitted: as the producer admits it, under its time budget; view. */
export type BombFigure = { name: string; what: string; mode: "call" | "admitted" | "view"; outcome: string; gas: number; ms: number; nsPerGas: number };
export type BombFigures = { runs: number; figures: BombFigure[]; worstCall: BombFigure; worstAdmitted: BombFigure; worstView: BombFigure };

export async function benchBombs(opts: { runs?: number } = {}): Promise<BombFigures> {
  const runs = opts.runs ?? Number(process.env.BENCH_BOMB_RUNS ?? 3);
  const h = await createHarness();
  const { address, result } = h.deploy("bench:bombs", contractOf(BOMBS));
  if (result.status !== "success") throw new Error(`the bomb contract did not deploy: ${result.error?.message}`);
  const figures: BombFigure[] = [];
  for (const b of BOMBS) {
    for (const mode of ["call", "admitted", "view"] as const) {
      const samples: number[] = [];
      let outcome = "";
      let gas = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r =
          mode === "view"
            ? h.engine.query(address, `${b.name}View`, b.args)
            : h.call(address, `${b.name}Call`, b.args, { sender: addr("bomber"), gasLimit: DEFAULT_LIMITS.maxGasPerCall, ...(mode === "admitted" ? { timeBudgetMs: ADMISSION_TIME_BUDGET_MS } : {}) });
        samples.push(performance.now() - t0);
        outcome = r.status === "success" ? "ok" : (r.error?.code ?? "error");
        gas = r.gasUsed;
      }
      const ms = summarize(samples).p50;
      figures.push({ name: b.name, what: b.what, mode, outcome, gas, ms, nsPerGas: (ms * 1e6) / Math.max(1, gas) });
    }
  }
  h.engine.close();
  const worst = (mode: BombFigure["mode"]) => figures.filter((f) => f.mode === mode).reduce((a, b) => (b.ms > a.ms ? b : a));
  return { runs, figures, worstCall: worst("call"), worstAdmitted: worst("admitted"), worstView: worst("view") };
}

export function printBombs(r: BombFigures) {
  console.log(`Gas bombs (median of ${r.runs}; calls at ${DEFAULT_LIMITS.maxGasPerCall.toLocaleString("en-US")} gas; "admitted": as the producer runs them, refused past ${ADMISSION_TIME_BUDGET_MS} ms; views also stop at ${DEFAULT_LIMITS.maxViewMs} ms)`);
  console.log("  bomb              mode      outcome        gas         ms   ns/gas");
  for (const f of r.figures) {
    console.log(`  ${f.name.padEnd(17)} ${f.mode.padEnd(9)} ${f.outcome.padEnd(13)} ${f.gas.toLocaleString("en-US").padStart(10)} ${fmt(f.ms, 1).padStart(10)} ${fmt(f.nsPerGas, 0).padStart(8)}`);
  }
  console.log(`  worst call (engine alone): ${r.worstCall.name} ${fmt(r.worstCall.ms, 0)} ms (${r.worstCall.gas.toLocaleString("en-US")} gas); worst call as admitted: ${r.worstAdmitted.name} ${fmt(r.worstAdmitted.ms, 0)} ms (${r.worstAdmitted.outcome}); worst view: ${r.worstView.name} ${fmt(r.worstView.ms, 0)} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) printBombs(await benchBombs());
