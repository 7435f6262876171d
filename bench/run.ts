/**
 * `npm run bench`: every benchmark in turn, printing figures and ratios (never pass/fail).
 * BENCH=transfers|token|sql|editor|replay|history|parallel|journal|runaway|bombs|diff|branches|explorer|editor-browser runs one; BENCH_TXS sets the explorer's load (default 100,000).
 * explorer and editor-browser need the web build (made here when missing); editor-browser drives /usr/bin/chromium.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { benchTransfers, printTransfers } from "./transfers.ts";
import { benchExplorer, printExplorer } from "./explorer.ts";
import { benchSqlExec, printSqlExec } from "./sqlExec.ts";
import { benchReplay, printReplay } from "./replay.ts";
import { benchHistory, printHistory } from "./history.ts";
import { benchBombs, printBombs } from "./bombs.ts";
import { benchStateDiff, printStateDiff } from "./stateDiff.ts";
import { benchBranches, printBranches } from "./branches.ts";
import { benchEditor, printEditor } from "./editor.ts";
import { benchEditorBrowser, printEditorBrowser } from "./editorBrowser.ts";
import { benchParallel, printParallel } from "./parallel.ts";
import { benchRunaway, printRunaway } from "./runaway.ts";
import { benchJournal, printJournal } from "./journal.ts";

const only = process.env.BENCH;
console.log(`AERGO Hub benchmarks — ${new Date().toISOString()}, node ${process.version}\n`);
if (!only || only === "transfers") {
  printTransfers(await benchTransfers());
  console.log();
}
if (!only || only === "token") {
  printTransfers(await benchTransfers({ workload: "token" }));
  console.log();
}
if (!only || only === "sql") {
  printSqlExec(await benchSqlExec());
  console.log();
}
if (!only || only === "editor") {
  printEditor(await benchEditor());
  console.log();
}
if (!only || only === "replay") {
  printReplay(await benchReplay());
  console.log();
}
if (!only || only === "history") {
  printHistory(await benchHistory());
  console.log();
}
if (!only || only === "parallel") {
  printParallel(await benchParallel());
  console.log();
}
if (!only || only === "journal") {
  printJournal(await benchJournal());
  console.log();
}
if (!only || only === "runaway") {
  printRunaway(await benchRunaway());
  console.log();
}
if (!only || only === "bombs") {
  printBombs(await benchBombs());
  console.log();
}
if (!only || only === "diff") {
  printStateDiff(await benchStateDiff());
  console.log();
}
if (!only || only === "branches") {
  printBranches(await benchBranches());
  console.log();
}
if (!only || only === "explorer") {
  if (!existsSync(".next/BUILD_ID")) spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  printExplorer(await benchExplorer({ txs: Number(process.env.BENCH_TXS ?? 100_000) }));
}
if (!only || only === "editor-browser") {
  if (!only) console.log();
  if (!existsSync(".next/BUILD_ID")) spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  printEditorBrowser(await benchEditorBrowser());
}
