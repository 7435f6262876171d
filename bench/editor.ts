/**
 * The editor's live diagnostics: a 500-line contract (many tables, events, procedures, views),
 * then ~50 single-character edits (type a character somewhere, delete it again, as typing
 * does), each analysed exactly as the browser's engine worker does it (components/editor/
 * analysis.ts: the real compiler on sqlite-wasm, diagnostics with ranges, symbols). The target
 * is markers within 100 ms of a keystroke: the editor waits DIAGNOSTICS_DEBOUNCE_MS after the
 * last key, then compiles, so the figure compared with the target is debounce + compile.
 *
 *   npx tsx bench/editor.ts            (BENCH_EDITOR_EDITS sets the number of edits, default 50)
 */
import { DIAGNOSTICS_DEBOUNCE_MS } from "../components/editor/timing.ts";
import { performance } from "node:perf_hooks";
import { createSqlEngine } from "../chain/sql/runtime/engine.ts";
import { analyze } from "../components/editor/analysis.ts";
import { fmt, summarize } from "./stats.ts";

const DEBOUNCE_MS = DIAGNOSTICS_DEBOUNCE_MS;
const TARGET_MS = 100;

/** A contract of about `lines` lines: groups of a table, an event, two procedures and a view. */
export function generateContract(lines = 500): string {
  const out: string[] = ["CONTRACT Big;", ""];
  for (let g = 0; out.length < lines; g++) {
    out.push(
      `CREATE TABLE t${g} (`,
      "  id      INTEGER PRIMARY KEY,",
      "  owner   ADDRESS NOT NULL,",
      "  amount  AMOUNT NOT NULL DEFAULT 0,",
      "  note    TEXT",
      ");",
      `CREATE INDEX t${g}_owner ON t${g} (owner);`,
      `EVENT Changed${g} (id INTEGER, owner ADDRESS, amount AMOUNT);`,
      "",
      `PROCEDURE put${g} (id INTEGER, amount AMOUNT, note TEXT) AS`,
      "BEGIN",
      "  REQUIRE :amount >= 0, 'amount must not be negative';",
      `  INSERT INTO t${g} (id, owner, amount, note) VALUES (:id, SENDER(), :amount, :note)`,
      "    ON CONFLICT (id) DO UPDATE SET amount = excluded.amount, note = excluded.note;",
      `  EMIT Changed${g} (:id, SENDER(), :amount);`,
      "END;",
      "",
      `PROCEDURE move${g} (id INTEGER, to ADDRESS) RETURNS INTEGER AS`,
      "BEGIN",
      `  LET held = (SELECT amount FROM t${g} WHERE id = :id AND owner = SENDER());`,
      "  IF :held IS NULL THEN",
      "    RETURN 0;",
      "  END IF;",
      `  UPDATE t${g} SET owner = :to WHERE id = :id;`,
      "  RETURN :held;",
      "END;",
      "",
      `VIEW total${g} (who ADDRESS) RETURNS INTEGER AS`,
      `  SELECT COALESCE(SUM(amount), 0) FROM t${g} WHERE owner = :who;`,
      "",
    );
  }
  return out.join("\n");
}

export type EditorFigures = { lines: number; edits: number; p50: number; p95: number; max: number; cleanP50: number; brokenP50: number };

export async function benchEditor(edits = Number(process.env.BENCH_EDITOR_EDITS ?? 50)): Promise<EditorFigures> {
  const engine = await createSqlEngine();
  const base = generateContract(500);
  const first = analyze(engine, base);
  if (!first.ok) throw new Error(`the generated contract does not compile: ${first.diagnostics[0]?.message}`);
  for (let i = 0; i < 5; i++) analyze(engine, base); // warm up
  const samples: number[] = [];
  const clean: number[] = [];
  const broken: number[] = [];
  let text = base;
  let s = 4242;
  let inserted = -1;
  for (let k = 0; k < edits; k++) {
    if (inserted < 0) {
      // Type one character at a pseudo-random place (no Math.random: every run does the same work).
      s = (s * 1103515245 + 12345) >>> 0;
      inserted = s % text.length;
      text = text.slice(0, inserted) + "x" + text.slice(inserted);
    } else {
      text = text.slice(0, inserted) + text.slice(inserted + 1);
      inserted = -1;
    }
    const started = performance.now();
    const a = analyze(engine, text);
    const ms = performance.now() - started;
    samples.push(ms);
    (a.ok ? clean : broken).push(ms);
  }
  const all = summarize(samples);
  return {
    lines: base.split("\n").length,
    edits,
    p50: all.p50,
    p95: all.p95,
    max: all.max,
    cleanP50: summarize(clean).p50,
    brokenP50: summarize(broken).p50,
  };
}

export function printEditor(r: EditorFigures) {
  const keystroke = DEBOUNCE_MS + r.p95;
  console.log(`Editor live diagnostics: a ${r.lines}-line contract, ${r.edits} single-character edits (compile + diagnostics + symbols, as the worker does)`);
  console.log(`  per edit:                               p50 ${fmt(r.p50, 1)} ms   p95 ${fmt(r.p95, 1)} ms   max ${fmt(r.max, 1)} ms`);
  console.log(`  source compiles / has an error (p50):   ${fmt(r.cleanP50, 1)} ms / ${fmt(r.brokenP50, 1)} ms`);
  console.log(`  keystroke → markers (${DEBOUNCE_MS} ms debounce + p95): ${fmt(keystroke, 1)} ms   ratio to the ${TARGET_MS} ms target ${fmt(keystroke / TARGET_MS, 2)}   (target ≤ 1)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  printEditor(await benchEditor());
}
